import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Batch, type BatchOptions, batches } from './batches.js';
import { binarize } from './binarize.js';
import { gaussianNoise, maskingNoise, saltAndPepper } from './corruptions.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** count examples [2, 3, 1]; value j of example i is ((7i + j) % 10 + 0.5) / 10; label i % 4. */
function make(count = 10): Dataset {
  return {
    name: 'grey',
    x: Float32Array.from(
      { length: count * 6 },
      (_, k) => (((Math.floor(k / 6) * 7 + (k % 6)) % 10) + 0.5) / 10,
    ),
    shape: [2, 3, 1],
    count,
    labels: Int32Array.from({ length: count }, (_, i) => i % 4),
    classNames: ['a', 'b', 'c', 'd'],
  };
}

async function collect(it: AsyncGenerator<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

function dispose(bs: Batch[]): void {
  for (const b of bs) {
    const ts = [b.x, b.input, b.labels, b.labelsOneHot].filter((t) => t !== undefined);
    tf.dispose(ts as tf.Tensor[]);
  }
}

/** Concatenated values of one tensor field over all batches. */
async function values(bs: Batch[], field: 'x' | 'input' | 'labelsOneHot'): Promise<number[]> {
  const out: number[] = [];
  for (const b of bs) out.push(...(await (b[field] as tf.Tensor).data()));
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

/** The rows of `ds` at `order`, concatenated. */
function rowsAt(ds: Dataset, order: ArrayLike<number>): Float32Array {
  const out = new Float32Array(order.length * 6);
  Array.from(order).forEach((i, k) => {
    out.set(ds.x.subarray(i * 6, i * 6 + 6), k * 6);
  });
  return out;
}

describe('batches binarize: dynamic', () => {
  it('samples with a generator seeded from the batches rng after the order', async () => {
    const ds = make();
    const bs = await collect(batches(ds, { batchSize: 4, seed: 3, binarize: 'dynamic' }));
    const rng = createRng(3);
    const order = rng.permutation(10);
    const noise = createRng(rng.seed());
    // One generator for the epoch, used batch after batch in order.
    const expected = [0, 4, 8].flatMap((s) =>
      Array.from(binarize(rowsAt(ds, order.slice(s, s + 4)), noise)),
    );
    expect(await values(bs, 'x')).toEqual(expected);
    expect(bs.flatMap((b) => Array.from(b.indices))).toEqual(Array.from(order));
    dispose(bs);
  });

  it('differs between epochs of one rng, repeats for a seed, even without shuffle', async () => {
    const ds = make(40);
    const run = async (options: Partial<BatchOptions>) => {
      const bs = await collect(
        batches(ds, { batchSize: 40, shuffle: false, binarize: 'dynamic', ...options }),
      );
      const v = await values(bs, 'x');
      dispose(bs);
      return v;
    };
    const rng = createRng(1);
    const first = await run({ rng });
    const second = await run({ rng });
    expect(first).not.toEqual(second);
    expect(first.every((v) => v === 0 || v === 1)).toBe(true);
    expect(await run({ seed: 2 })).toEqual(await run({ seed: 2 }));
    expect(Array.from(ds.x.subarray(0, 2))).toEqual([0.05, 0.15].map(Math.fround));
  });

  it('needs a generator and unit-domain data', () => {
    expect(() => batches(make(), { batchSize: 2, shuffle: false, binarize: 'dynamic' })).toThrow(
      /binarize or corruption needs a seeded generator/,
    );
    expect(
      codeOf(() =>
        batches({ ...make(), domain: 'real' }, { batchSize: 2, seed: 0, binarize: 'dynamic' }),
      ),
    ).toBe('DATASET_BAD_OPTIONS');
    expect(() =>
      batches(make(), { batchSize: 2, seed: 0, binarize: 'static' as 'dynamic' }),
    ).toThrow(/binarize must be 'dynamic' or absent, got "static"/);
  });
});

describe('batches corruption', () => {
  it('adds input = corruption(x) and keeps x clean', async () => {
    const ds = make();
    const c = maskingNoise({ rate: 0.5 });
    const bs = await collect(batches(ds, { batchSize: 3, shuffle: false, seed: 8, corruption: c }));
    const noise = createRng(createRng(8).seed());
    const clean = [0, 3, 6, 9].map((s) =>
      rowsAt(
        ds,
        [s, s + 1, s + 2].filter((i) => i < 10),
      ),
    );
    expect(await values(bs, 'x')).toEqual(clean.flatMap((r) => Array.from(r)));
    expect(await values(bs, 'input')).toEqual(clean.flatMap((r) => Array.from(c(r, noise))));
    expect(bs[0]?.input?.shape).toEqual([3, 2, 3, 1]);
    dispose(bs);
  });

  it('corrupts the binarized sample when both are set, and flattens input too', async () => {
    const ds = make();
    const c = gaussianNoise({ std: 0.1 });
    const options = {
      batchSize: 10,
      shuffle: false,
      seed: 4,
      binarize: 'dynamic',
      corruption: c,
      flatten: true,
    } as const;
    const b = (await collect(batches(ds, options)))[0] as Batch;
    const noise = createRng(createRng(4).seed());
    const x = binarize(ds.x, noise);
    expect(Array.from(await b.x.data())).toEqual(Array.from(x));
    expect(Array.from(await (b.input as tf.Tensor).data())).toEqual(Array.from(c(x, noise)));
    expect(b.input?.shape).toEqual([10, 6]);
    dispose([b]);
  });

  it('draws new noise each epoch of one rng', async () => {
    const rng = createRng(0);
    const epoch = async () => {
      const bs = await collect(
        batches(make(), {
          batchSize: 10,
          shuffle: false,
          rng,
          corruption: maskingNoise({ rate: 0.5 }),
        }),
      );
      const v = await values(bs, 'input');
      dispose(bs);
      return v;
    };
    expect(await epoch()).not.toEqual(await epoch());
  });

  it('rejects a corruption that is not a function or returns the wrong length', async () => {
    expect(() =>
      batches(make(), { batchSize: 2, seed: 0, corruption: 0.3 as unknown as () => Float32Array }),
    ).toThrow(/corruption must be a function/);
    const start = tf.memory().numTensors;
    const it = batches(make(), { batchSize: 2, seed: 0, corruption: (x) => x.slice(1) });
    await expect(it.next()).rejects.toThrow(/must return a Float32Array of 12 values, got 11/);
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('batches oneHot', () => {
  it('adds float32 [b, C] one-hot labels, C from classNames or given', async () => {
    const ds = make();
    for (const [option, classes] of [
      [true, 4],
      [6, 6],
    ] as const) {
      const bs = await collect(batches(ds, { batchSize: 4, seed: 1, oneHot: option }));
      const labels = bs.flatMap((b) => Array.from(b.indices, (i) => i % 4));
      const expected = labels.flatMap((l) =>
        Array.from({ length: classes }, (_, c) => (c === l ? 1 : 0)),
      );
      expect(await values(bs, 'labelsOneHot')).toEqual(expected);
      expect(bs[0]?.labelsOneHot?.shape).toEqual([4, classes]);
      expect(bs[0]?.labelsOneHot?.dtype).toBe('float32');
      dispose(bs);
    }
  });

  it('checks labels and the class count when called', () => {
    expect(codeOf(() => batches(make(), { batchSize: 2, seed: 0, oneHot: 3 }))).toBe(
      'LABEL_OUT_OF_RANGE',
    );
    expect(codeOf(() => batches(make(), { batchSize: 2, seed: 0, oneHot: 0 }))).toBe(
      'DATASET_BAD_PARAMETER',
    );
    const { classNames: _c, ...nameless } = make();
    expect(() => batches(nameless, { batchSize: 2, seed: 0, oneHot: true })).toThrow(
      /pass oneHot: C/,
    );
    const { labels: _l, ...unlabelled } = make();
    expect(() => batches(unlabelled, { batchSize: 2, seed: 0, oneHot: 4 })).toThrow(
      /oneHot needs labels/,
    );
  });
});

describe('batches with every option', () => {
  it('leaks nothing, disposes nothing of the caller and leaves the dataset unchanged', async () => {
    const ds = make(50);
    const before = ds.x.slice();
    const mine = tf.tensor1d([1, 2, 3]);
    const rng = createRng(5);
    const start = tf.memory().numTensors;
    const options: BatchOptions = {
      batchSize: 8,
      rng,
      binarize: 'dynamic',
      corruption: saltAndPepper({ amount: 0.25 }),
      oneHot: true,
      flatten: true,
    };
    for (let epoch = 0; epoch < 3; epoch++) {
      for await (const b of batches(ds, options)) {
        expect(b.input).toBeDefined();
        dispose([b]);
      }
      expect(tf.memory().numTensors).toBe(start);
    }
    for await (const b of batches(ds, options)) {
      dispose([b]);
      break;
    }
    expect(tf.memory().numTensors).toBe(start);
    expect(mine.isDisposed).toBe(false);
    expect(ds.x).toEqual(before);
    mine.dispose();
  });
});
