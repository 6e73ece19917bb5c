/**
 * The training updates of VectorQuantizer: EMA codebook, dead-code restarts, k-means
 * initialization.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import {
  BLOB_CENTRES,
  batchSampler,
  blobs,
  expectClose,
  rows,
  startingAt,
  useCpuBackend,
  values,
  worstCentreError,
} from './testing.test-helpers.js';
import { VectorQuantizer } from './vector-quantizer.js';

useCpuBackend();

describe('VectorQuantizer: EMA codebook', () => {
  it('one update step equals the EMA formula computed by hand in float64', async () => {
    const codes = [
      [0, 0],
      [1, 0],
      [0, 1],
    ];
    const decay = 0.8;
    const epsilon = 0.01;
    const vq = new VectorQuantizer(
      { numCodes: 3, codeDim: 2, ema: { decay, epsilon } },
      startingAt(codes, true),
    );
    const x = [
      [0.9, 0.1],
      [1.2, -0.1],
      [0.1, 0.2],
      [0.2, 0.7],
    ];
    const result = vq.quantize(tf.tensor2d(x), { training: true });
    // Nearest codes by hand: 1, 1, 0, 2. The result uses the codebook before the update.
    expect(await values(result.indices)).toEqual([1, 1, 0, 2]);
    expect(await values(result.quantized)).toEqual([1, 0, 1, 0, 0, 0, 0, 1]);
    expect(await values(result.losses.codebook)).toEqual([0]);
    const n = [1, 2, 1];
    const sums = [
      [0.1, 0.2],
      [2.1, 0],
      [0.2, 0.7],
    ];
    const size = n.map((c) => decay * 1 + (1 - decay) * c);
    const codeSum = codes.map((row, k) =>
      row.map((v, j) => decay * v + (1 - decay) * (sums[k]?.[j] ?? 0)),
    );
    const total = size.reduce((a, b) => a + b, 0);
    const expected = codeSum.map((row, k) =>
      row.map((v) => v / ((((size[k] as number) + epsilon) / (total + 3 * epsilon)) * total)),
    );
    expectClose(await values(vq.clusterSize), size, { rtol: 1e-6 });
    expectClose(await values(vq.codeSum ?? tf.zeros([0])), codeSum.flat(), { rtol: 1e-6 });
    expectClose(await values(vq.codebook), expected.flat(), { rtol: 1e-5, atol: 1e-7 });
    vq.dispose();
  });

  it('converges to the centres of 4 blobs (within 0.05) from codes near the origin', async () => {
    const pool = blobs(200, 0.1, 31);
    const sample = batchSampler(pool, 32);
    const vq = new VectorQuantizer(
      { numCodes: 4, codeDim: 2, ema: { decay: 0.9 } },
      startingAt(
        [
          [-0.3, -0.3],
          [-0.3, 0.3],
          [0.3, -0.3],
          [0.3, 0.3],
        ],
        true,
      ),
    );
    for (let step = 0; step < 150; step++) {
      const x = sample(64);
      tf.dispose(vq.quantize(x, { training: true }));
      x.dispose();
    }
    const codes = rows(await values(vq.codebook), 2);
    expect(worstCentreError(codes, BLOB_CENTRES)).toBeLessThan(0.05);
    vq.dispose();
  });

  // Restarts revive unused codes; they cannot split one code that sits between two blobs
  // (some seeds end there), which is what `init: 'kmeans'` avoids. This seed is reproducible.
  it('converges from the default uniform start with dead-code restarts (seeded run)', async () => {
    const pool = blobs(200, 0.1, 41);
    const sample = batchSampler(pool, 42);
    const vq = new VectorQuantizer({
      numCodes: 4,
      codeDim: 2,
      ema: { decay: 0.9 },
      deadCodeThreshold: 2,
      seed: 3,
    });
    for (let step = 0; step < 200; step++) {
      const x = sample(64);
      tf.dispose(vq.quantize(x, { training: true }));
      x.dispose();
    }
    const codes = rows(await values(vq.codebook), 2);
    expect(worstCentreError(codes, BLOB_CENTRES)).toBeLessThan(0.05);
    expect((await vq.stats()).deadCodes).toBe(0);
    vq.dispose();
  });
});

describe('VectorQuantizer: dead-code restart', () => {
  const far = [1000, 1000];
  const x = [
    [-2, -2.25],
    [2.5, 2],
    [-1.75, -2],
    [2, 1.5],
    [0.5, 0.25],
  ];

  it.each([false, true])(
    'ema %s: a never-used far code is moved onto an input and gets used',
    async (ema) => {
      const codes = [[-2, -2], [2, 2], far];
      // Counts start at 1 and decay by 0.99 per unused step: below 0.995 after one step.
      const vq = new VectorQuantizer(
        { numCodes: 3, codeDim: 2, ema, deadCodeThreshold: 0.995 },
        startingAt(codes, ema),
      );
      const batch = tf.tensor2d(x);
      const first = vq.quantize(batch, { training: true });
      expect(await values(first.indices)).not.toContain(2);
      const restarted = rows(await values(vq.codebook), 2)[2] ?? [];
      expect(x).toContainEqual(restarted);
      if (!ema) expect(rows(await values(vq.codebook), 2).slice(0, 2)).toEqual(codes.slice(0, 2));
      const second = vq.quantize(batch);
      expect(await values(second.indices)).toContain(2);
      tf.dispose([first, second, batch]);
      vq.dispose();
    },
  );

  it('restartDeadCodes() moves only codes below the threshold', async () => {
    const vars = startingAt([[-2, -2], [2, 2], far], false);
    vars.clusterSize.assign(tf.tensor1d([5, 5, 0.1]));
    const vq = new VectorQuantizer({ numCodes: 3, codeDim: 2, deadCodeThreshold: 1 }, vars);
    vq.restartDeadCodes(tf.tensor2d(x));
    const codes = rows(await values(vq.codebook), 2);
    expect(codes.slice(0, 2)).toEqual([
      [-2, -2],
      [2, 2],
    ]);
    expect(x).toContainEqual(codes[2]);
    expect(await values(vq.clusterSize)).toEqual([5, 5, 1]);
    vq.dispose();
    tf.dispose(Object.values(vars).filter((v) => v !== null));
  });
});

describe('VectorQuantizer: k-means initialization', () => {
  it('runs on the first training batch only and lands near the blob centres', async () => {
    const perBlob = 40;
    const pool = tf.tensor2d(blobs(perBlob, 0.2, 51), [4 * perBlob, 2]);
    const vq = new VectorQuantizer({ numCodes: 4, codeDim: 2, init: 'kmeans', seed: 9 });
    const before = await values(vq.codebook);
    tf.dispose(vq.quantize(pool)); // inference does not initialize
    expect(await values(vq.codebook)).toEqual(before);
    const first = vq.quantize(pool, { training: true });
    const codes = rows(await values(vq.codebook), 2);
    expect(worstCentreError(codes, BLOB_CENTRES)).toBeLessThan(0.1);
    expect((await values(first.perplexity))[0]).toBeCloseTo(4, 4);
    expect(await values(first.usage)).toEqual([1]);
    expect((await vq.stats()).clusterSizes).toEqual([perBlob, perBlob, perBlob, perBlob]);
    // A second training step does not re-run k-means (gradient codebook: no change at all).
    const shifted = tf.add(pool, 5);
    tf.dispose([first, vq.quantize(shifted, { training: true })]);
    expect(rows(await values(vq.codebook), 2)).toEqual(codes);
    tf.dispose([pool, shifted]);
    vq.dispose();
  });

  it('refuses a first batch with fewer vectors than codes, allocating nothing', () => {
    const vq = new VectorQuantizer({ numCodes: 8, codeDim: 2, init: 'kmeans' });
    const x = tf.zeros([5, 2]);
    const before = tf.memory().numTensors;
    expect(() => vq.quantize(x, { training: true })).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_TOO_FEW_VECTORS',
        message: expect.stringContaining('needs at least numCodes = 8 vectors, got 5'),
      }),
    );
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    vq.dispose();
  });
});
