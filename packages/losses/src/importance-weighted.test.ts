import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { importanceWeightedLogLikelihood } from './importance-weighted.js';
import { REDUCTIONS, type Reduction } from './reduction.js';
import {
  expectClose,
  expectFiniteDifferenceGradients,
  expectLossError,
  normalSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

/** Float64 log((1/K) Σ exp(w_k)) of one example, by the max shift. */
function iwll64(ws: readonly number[]): number {
  const m = Math.max(...ws);
  return m + Math.log(ws.reduce((s, w) => s + Math.exp(w - m), 0) / ws.length);
}

const batch = 4;
const samples = 6;
// Log-weights of a poorly fitted model: spread out and far below 0.
const logWeights = normalSamples(batch * samples, 121, 3).map((w) => w - 90);
const example = (ws: ArrayLike<number>, b: number) =>
  Array.from({ length: samples }, (_, k) => ws[b * samples + k] as number);
const perExample64 = (ws: ArrayLike<number>) =>
  Array.from({ length: batch }, (_, b) => iwll64(example(ws, b)));

function reduce64(perExample: number[], reduction: Reduction): number[] {
  const sum = perExample.reduce((s, v) => s + v, 0);
  if (reduction === 'per-example' || reduction === 'none') return perExample;
  return [reduction === 'sum' ? sum : sum / batch];
}

describe('importanceWeightedLogLikelihood', () => {
  it.each(REDUCTIONS)('%s matches the float64 log-mean-exp per example', async (reduction) => {
    const out = importanceWeightedLogLikelihood(tf.tensor(logWeights, [batch, samples]), {
      reduction,
    });
    expect(out.shape).toEqual(['per-example', 'none'].includes(reduction) ? [batch] : []);
    expectClose(await values(out), reduce64(perExample64(logWeights), reduction));
  });

  it('defaults to batch-mean', async () => {
    const w = tf.tensor(logWeights, [batch, samples]);
    expect(await values(importanceWeightedLogLikelihood(w))).toEqual(
      await values(importanceWeightedLogLikelihood(w, { reduction: 'batch-mean' })),
    );
  });

  it('is the weight itself for K = 1 (the ELBO)', async () => {
    const w = [-3.5, 0.25, -1e4, 80];
    const out = importanceWeightedLogLikelihood(tf.tensor2d(w, [4, 1]), {
      reduction: 'per-example',
    });
    expect(await values(out)).toEqual(w);
  });

  it('stays finite and exact for log-weights around −1e4 and +80', async () => {
    const rows = [
      [-1e4, -1e4 - 2, -1e4 + 1.5],
      [80, 83, 79.25],
    ].map((r) => r.map(Math.fround));
    const out = await values(
      importanceWeightedLogLikelihood(tf.tensor2d(rows), { reduction: 'per-example' }),
    );
    for (const v of out) expect(Number.isFinite(v)).toBe(true);
    expectClose(out, rows.map(iwll64), { rtol: 1e-6 });
  });

  it('is at least the mean log-weight of each example (Jensen: IWAE ≥ ELBO)', async () => {
    const out = await values(
      importanceWeightedLogLikelihood(tf.tensor(logWeights, [batch, samples]), {
        reduction: 'per-example',
      }),
    );
    out.forEach((v, b) => {
      const mean = example(logWeights, b).reduce((s, w) => s + w, 0) / samples;
      expect(v).toBeGreaterThan(mean);
    });
  });

  it('has the gradient softmax(w)/batch under batch-mean, matching finite differences', async () => {
    const g = await values(
      tf.grad((w: tf.Tensor) => importanceWeightedLogLikelihood(w))(
        tf.tensor(logWeights, [batch, samples]),
      ),
    );
    const analytic = Array.from({ length: batch }, (_, b) => {
      const ws = example(logWeights, b);
      const m = Math.max(...ws);
      const z = ws.reduce((s, w) => s + Math.exp(w - m), 0);
      return ws.map((w) => Math.exp(w - m) / z / batch);
    }).flat();
    expectClose(g, analytic, { rtol: 1e-5, atol: 1e-7 });
    const loss64 = (ws: Float64Array) => reduce64(perExample64(ws), 'batch-mean')[0] as number;
    expectFiniteDifferenceGradients([g], loss64, [logWeights], { rtol: 1e-4, atol: 1e-6, h: 1e-5 });
  });

  it('rejects shapes other than [batch, K], K = 0 and unknown reductions', () => {
    for (const shape of [[6], [2, 3, 1]]) {
      expectLossError(
        () => importanceWeightedLogLikelihood(tf.zeros(shape)),
        'LOSS_BAD_RANK',
        `logWeights has shape [${shape.join(',')}]; pass shape [batch, K]`,
      );
    }
    expectLossError(
      () => importanceWeightedLogLikelihood(tf.zeros([3, 0])),
      'LOSS_EMPTY_AXIS',
      'shape [3,0]',
    );
    expectLossError(
      () => importanceWeightedLogLikelihood(tf.zeros([3, 2]), { reduction: 'avg' as Reduction }),
      'LOSS_BAD_REDUCTION',
    );
  });
});
