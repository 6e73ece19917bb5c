import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Batch, batchCount, batches, toTensor } from './batches.js';
import type { Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 10 examples of shape [2, 2, 1]; value j of example i is (4i + j) / 40; label i % 3. */
function make(count = 10): Dataset {
  return {
    name: 'grid',
    x: Float32Array.from({ length: count * 4 }, (_, k) => k / 40),
    shape: [2, 2, 1],
    count,
    labels: Int32Array.from({ length: count }, (_, i) => i % 3),
    classNames: ['a', 'b', 'c'],
  };
}

async function collect(it: AsyncGenerator<Batch>): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of it) out.push(b);
  return out;
}

function dispose(bs: Batch[]): void {
  for (const b of bs) tf.dispose([b.x, ...(b.labels ? [b.labels] : [])]);
}

const order = (bs: Batch[]): number[] => bs.flatMap((b) => Array.from(b.indices));

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e.code;
    throw e;
  }
  return undefined;
}

describe('batchCount', () => {
  it('rounds up, or down with dropRemainder', () => {
    expect(batchCount(make(), 3)).toBe(4);
    expect(batchCount(make(), 3, true)).toBe(3);
    expect(batchCount(make(), 5)).toBe(2);
    expect(batchCount(make(), 5, true)).toBe(2);
    expect(batchCount(make(), 11, true)).toBe(0);
    expect(batchCount(make(0), 4)).toBe(0);
  });

  it.each([0, -1, 2.5, Number.NaN])('rejects batch size %s', (size) => {
    expect(codeOf(() => batchCount(make(), size))).toBe('DATASET_BAD_BATCH_SIZE');
    expect(codeOf(() => batches(make(), { batchSize: size, shuffle: false }))).toBe(
      'DATASET_BAD_BATCH_SIZE',
    );
  });
});

describe('batches', () => {
  it('visits every index exactly once per shuffled epoch', async () => {
    const rng = createRng(3);
    for (let epoch = 0; epoch < 3; epoch++) {
      const bs = await collect(batches(make(), { batchSize: 3, rng }));
      expect(bs.map((b) => b.size)).toEqual([3, 3, 3, 1]);
      expect([...order(bs)].sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
      dispose(bs);
    }
  });

  it('follows the permutation of the seeded generator', async () => {
    const bs = await collect(batches(make(), { batchSize: 4, seed: 11 }));
    expect(order(bs)).toEqual(Array.from(createRng(11).permutation(10)));
    expect(order(bs)).not.toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    dispose(bs);
  });

  it('repeats the same order for the same seed and differs between epochs of one rng', async () => {
    const a = await collect(batches(make(), { batchSize: 4, seed: 5 }));
    const b = await collect(batches(make(), { batchSize: 4, seed: 5 }));
    expect(order(a)).toEqual(order(b));

    const run = async (seed: number) => {
      const rng = createRng(seed);
      const epochs: number[][] = [];
      for (let e = 0; e < 3; e++) {
        const bs = await collect(batches(make(), { batchSize: 4, rng }));
        epochs.push(order(bs));
        dispose(bs);
      }
      return epochs;
    };
    const first = await run(9);
    expect(first[0]).not.toEqual(first[1]);
    expect(first[1]).not.toEqual(first[2]);
    expect(await run(9)).toEqual(first);
    dispose([...a, ...b]);
  });

  it('draws the order when called, not when iterated', async () => {
    const rng = createRng(1);
    const first = batches(make(), { batchSize: 10, rng });
    const second = batches(make(), { batchSize: 10, rng });
    const late = await collect(second);
    const early = await collect(first);
    const ref = createRng(1);
    expect(order(early)).toEqual(Array.from(ref.permutation(10)));
    expect(order(late)).toEqual(Array.from(ref.permutation(10)));
    dispose([...early, ...late]);
  });

  it('gives tensors whose rows and labels equal the dataset rows', async () => {
    const ds = make();
    const bs = await collect(batches(ds, { batchSize: 4, seed: 2 }));
    for (const b of bs) {
      expect(b.x.shape).toEqual([b.size, 2, 2, 1]);
      expect(b.x.dtype).toBe('float32');
      expect(b.labels?.dtype).toBe('int32');
      const x = await b.x.data();
      const labels = await (b.labels as tf.Tensor1D).data();
      b.indices.forEach((index, row) => {
        // Value j of example i is (4i + j) / 40 by construction.
        const expected = [0, 1, 2, 3].map((j) => Math.fround((4 * index + j) / 40));
        expect(Array.from(x.subarray(row * 4, row * 4 + 4))).toEqual(expected);
        expect(labels[row]).toBe(index % 3);
      });
    }
    dispose(bs);
  });

  it('goes in order without shuffle, flattens, and drops the remainder', async () => {
    const bs = await collect(
      batches(make(), { batchSize: 4, shuffle: false, flatten: true, dropRemainder: true }),
    );
    expect(bs.map((b) => Array.from(b.indices))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6, 7],
    ]);
    expect(bs[0]?.x.shape).toEqual([4, 4]);
    expect(Array.from(await (bs[1] as Batch).x.data())).toEqual(
      Array.from({ length: 16 }, (_, k) => Math.fround((16 + k) / 40)),
    );
    dispose(bs);
  });

  it('omits labels for an unlabelled dataset', async () => {
    const { labels: _l, classNames: _c, ...unlabelled } = make();
    const bs = await collect(batches(unlabelled, { batchSize: 6, shuffle: false }));
    expect(bs.map((b) => b.size)).toEqual([6, 4]);
    expect(bs.every((b) => !('labels' in b))).toBe(true);
    dispose(bs);
  });

  it('requires exactly one of rng and seed when shuffling', () => {
    expect(() => batches(make(), { batchSize: 2 })).toThrow(/Pass \{ rng: createRng\(seed\) \}/);
    expect(codeOf(() => batches(make(), { batchSize: 2 }))).toBe('DATASET_BAD_OPTIONS');
    expect(codeOf(() => batches(make(), { batchSize: 2, seed: 1, rng: createRng(1) }))).toBe(
      'DATASET_BAD_OPTIONS',
    );
  });

  it('does not leak tensors over 3 epochs or when stopped early', async () => {
    const ds = make(100);
    const rng = createRng(0);
    const start = tf.memory().numTensors;
    for (let epoch = 0; epoch < 3; epoch++) {
      for await (const b of batches(ds, { batchSize: 16, rng })) {
        tf.dispose([b.x, b.labels as tf.Tensor]);
      }
      expect(tf.memory().numTensors).toBe(start);
    }
    for await (const b of batches(ds, { batchSize: 16, rng })) {
      tf.dispose([b.x, b.labels as tf.Tensor]);
      break;
    }
    expect(tf.memory().numTensors).toBe(start);
  });
});

describe('toTensor', () => {
  it('stacks all examples, or the chosen ones, as [n, h, w, c] or flat', async () => {
    const ds = make();
    const all = toTensor(ds);
    expect(all.shape).toEqual([10, 2, 2, 1]);
    expect(Array.from(await all.data())).toEqual(Array.from(ds.x));
    const some = toTensor(ds, [9, 0], { flatten: true });
    expect(some.shape).toEqual([2, 4]);
    expect(Array.from(await some.data())).toEqual(
      [36, 37, 38, 39, 0, 1, 2, 3].map((k) => Math.fround(k / 40)),
    );
    tf.dispose([all, some]);
  });

  it('does not alias the dataset memory', async () => {
    const ds = make();
    const t = toTensor(ds);
    ds.x[0] = 0.5;
    expect((await t.data())[0]).toBe(0);
    t.dispose();
  });

  it('rejects bad indices', () => {
    expect(codeOf(() => toTensor(make(), [10]))).toBe('DATASET_BAD_INDEX');
  });
});
