import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CategoricalPrior, fitCategoricalPrior } from './categorical-prior.js';
import { ModelError } from './model-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

// 5 examples × 3 positions, K = 4 codes, example-major.
const CODES = [0, 1, 3, 0, 1, 2, 2, 1, 3, 0, 0, 3, 1, 1, 3];

describe('CategoricalPrior counts', () => {
  it('gives (n + α) / (N + Kα) from hand-counted frequencies', () => {
    const prior = new CategoricalPrior({ numCodes: 4, positions: 3, smoothing: 0.5 });
    prior.addCodes(CODES.slice(0, 6)); // two examples, then three more
    prior.addCodes(CODES.slice(6));
    // Counted by hand: position 0 sees 0,0,2,0,1; position 1 sees 1,1,1,0,1; position 2 sees 3,2,3,3,3.
    const counts = [
      [3, 1, 1, 0],
      [1, 4, 0, 0],
      [0, 0, 1, 4],
    ];
    const got = prior.probabilities();
    for (let p = 0; p < 3; p++) {
      expect(prior.total(p)).toBe(5);
      for (let k = 0; k < 4; k++) {
        const want = ((counts[p]?.[k] ?? 0) + 0.5) / (5 + 4 * 0.5);
        expect(prior.count(p, k)).toBe(counts[p]?.[k]);
        expect(prior.probability(p, k)).toBeCloseTo(want, 12);
        expect(got[p * 4 + k]).toBeCloseTo(want, 12);
      }
    }
  });

  it('is uniform before any code is counted and defaults to add-one smoothing', () => {
    const prior = new CategoricalPrior({ numCodes: 5, positions: 2 });
    expect(prior.smoothing).toBe(1);
    expect(Array.from(prior.probabilities())).toEqual(new Array(10).fill(0.2));
    prior.addCodes([4, 4]);
    expect(prior.probability(0, 4)).toBeCloseTo(2 / 6, 12);
  });

  it('round-trips through JSON and rejects malformed JSON naming the field', () => {
    const prior = new CategoricalPrior({ numCodes: 4, positions: 3, smoothing: 2 });
    prior.addCodes(CODES);
    const json = JSON.parse(JSON.stringify(prior.toJSON()));
    const back = CategoricalPrior.fromJSON(json, 'x/ae.json config.prior');
    expect(back.toJSON()).toEqual(prior.toJSON());
    expect(Array.from(back.probabilities())).toEqual(Array.from(prior.probabilities()));
    const bad = (patch: object, pattern: RegExp) => {
      const call = () => CategoricalPrior.fromJSON({ ...json, ...patch }, 'x/ae.json config.prior');
      expect(call).toThrow(ModelError);
      expect(call).toThrow(pattern);
    };
    bad({ counts: [1, 2] }, /x\/ae.json config.prior: counts must be an array of .* = 12 numbers/);
    bad({ smoothing: 0 }, /smoothing must be a finite number > 0, got 0/);
    bad({ numCodes: 2.5 }, /numCodes must be a positive integer, got 2.5/);
    bad({ counts: new Array(12).fill(-1) }, /counts must hold finite numbers ≥ 0/);
  });

  it('refuses codes out of range or a partial example, counting nothing', () => {
    const prior = new CategoricalPrior({ numCodes: 4, positions: 3 });
    expect(() => prior.addCodes([0, 1])).toThrow(/got 2 codes, not a multiple of the 3 positions/);
    expect(() => prior.addCodes([0, 1, 4])).toThrow(
      /codes\[2\] = 4 is not a code index in \[0, 4\)/,
    );
    expect(prior.total(0)).toBe(0);
    expect(() => new CategoricalPrior({ numCodes: 0, positions: 1 })).toThrow(
      /CategoricalPrior: numCodes must be a positive integer, got 0/,
    );
    expect(() => prior.probability(3, 0)).toThrow(/position must be an integer in \[0, 3\), got 3/);
  });
});

describe('CategoricalPrior.sample', () => {
  it('draws each position with its probabilities (within 4 standard errors) and reproducibly', async () => {
    const prior = new CategoricalPrior({ numCodes: 4, positions: 3, smoothing: 0.5 });
    prior.addCodes(CODES);
    const n = 20000;
    const draws = prior.sample(n, 11);
    expect(draws.shape).toEqual([n, 3]);
    expect(draws.dtype).toBe('int32');
    const values = await draws.data();
    const p = prior.probabilities();
    for (let j = 0; j < 3; j++) {
      const freq = [0, 0, 0, 0];
      for (let i = 0; i < n; i++) {
        const k = values[i * 3 + j] as number;
        freq[k] = (freq[k] as number) + 1;
      }
      for (let k = 0; k < 4; k++) {
        const pk = p[j * 4 + k] as number;
        const se = Math.sqrt((pk * (1 - pk)) / n);
        expect(Math.abs((freq[k] as number) / n - pk)).toBeLessThan(4 * se);
      }
    }
    const again = prior.sample(50, 11);
    const other = prior.sample(50, 12);
    const firstRows = Array.from(values.slice(0, 150));
    expect(Array.from(await again.data())).not.toEqual(Array.from(await other.data()));
    expect((await again.data()).length).toBe(150);
    // Same seed, same draws (for the same n).
    const same = prior.sample(n, 11);
    expect(Array.from((await same.data()).slice(0, 150))).toEqual(firstRows);
    tf.dispose([draws, again, other, same]);
  });

  it('does not leak tensors and checks its arguments', () => {
    const prior = new CategoricalPrior({ numCodes: 3, positions: 2 });
    tf.dispose(prior.sample(4, 1));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) tf.dispose(prior.sample(4, i));
    expect(tf.memory().numTensors).toBe(before);
    expect(() => prior.sample(0, 1)).toThrow(/sample: n must be a positive integer, got 0/);
    expect(() => prior.sample(2, 0.5)).toThrow(/sample: seed must be an integer, got 0.5/);
  });
});

describe('fitCategoricalPrior', () => {
  const codesOf = (x: tf.Tensor) => tf.cast(x, 'int32'); // the "codes" are the values themselves

  it('counts every batch of an async iterable and disposes what it yields', async () => {
    const batches = [tf.tensor2d([[0, 1]]), tf.tensor2d([[1, 1]])];
    const labels = tf.tensor1d([3], 'int32');
    async function* source() {
      yield batches[0] as tf.Tensor;
      yield { x: batches[1] as tf.Tensor, labels };
    }
    const prior = await fitCategoricalPrior(source(), codesOf, { numCodes: 2, positions: 2 });
    expect(prior.count(0, 0)).toBe(1);
    expect(prior.count(0, 1)).toBe(1);
    expect(prior.count(1, 1)).toBe(2);
    expect(batches.every((b) => b.isDisposed) && labels.isDisposed).toBe(true);
  });

  it('leaves a tensor argument alone and refuses empty data', async () => {
    const x = tf.tensor2d([[2, 0]]);
    const prior = await fitCategoricalPrior(x, codesOf, { numCodes: 3, positions: 2 });
    expect(prior.probability(0, 2)).toBeCloseTo(2 / 4, 12);
    expect(x.isDisposed).toBe(false);
    x.dispose();
    await expect(
      fitCategoricalPrior([], codesOf, { numCodes: 3, positions: 2 }, 'VQVAE.fitPrior'),
    ).rejects.toThrow(/VQVAE.fitPrior: no examples were given/);
  });
});
