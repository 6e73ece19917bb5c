import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  type KlSparsityPenaltyOptions,
  klSparsityPenalty,
  type SparsityReduction,
} from './kl-sparsity-penalty.js';
import {
  expectClose,
  expectFiniteDifferenceGradients,
  expectLossError,
  uniformSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

/** Float64 KL(Bernoulli(ρ) ‖ Bernoulli(q)), straight from the definition. */
const bernoulliKl64 = (rho: number, q: number): number =>
  rho * Math.log(rho / q) + (1 - rho) * Math.log((1 - rho) / (1 - q));

const batch = 8;
const units = 5;
const shape = [batch, units];
const activations = uniformSamples(batch * units, 91, 0.02, 0.6);
const rho = 0.1;

/** Float64 mean activation of each unit (column means). */
function columnMeans(a: ArrayLike<number>): number[] {
  return Array.from({ length: units }, (_, j) => {
    let s = 0;
    for (let b = 0; b < batch; b++) s += a[b * units + j] as number;
    return s / batch;
  });
}

function reference(a: ArrayLike<number>, reduction: SparsityReduction): number[] {
  const perUnit = columnMeans(a).map((q) => bernoulliKl64(rho, q));
  const total = perUnit.reduce((s, v) => s + v, 0);
  if (reduction === 'none') return perUnit;
  return [reduction === 'sum' ? total : total / units];
}

describe('klSparsityPenalty', () => {
  it.each(['sum', 'mean', 'none'] as const)(
    '%s matches the float64 formula with ρ̂ the mean over the batch',
    async (reduction) => {
      const out = klSparsityPenalty(tf.tensor(activations, shape), { target: rho, reduction });
      expect(out.shape).toEqual(reduction === 'none' ? [units] : []);
      expectClose(await values(out), reference(activations, reduction));
    },
  );

  it('defaults to the sum over units and reduces every non-batch axis as units', async () => {
    const byDefault = await values(
      klSparsityPenalty(tf.tensor(activations, shape), { target: rho }),
    );
    expectClose(byDefault, reference(activations, 'sum'));
    const rank3 = klSparsityPenalty(tf.tensor(activations, [batch, 1, units]), {
      target: rho,
      reduction: 'none',
    });
    expect(rank3.shape).toEqual([1, units]);
    expectClose(await values(rank3), reference(activations, 'none'));
  });

  it('is 0 when every unit’s mean equals ρ, and has the closed form at ρ = ½, ρ̂ = ¼', async () => {
    const onTarget = tf.tensor2d([
      [0, 0.5],
      [0.5, 0],
    ]);
    const none = klSparsityPenalty(onTarget, { target: 0.25, reduction: 'none' });
    expectClose(await values(none), [0, 0]); // ±0 both fine
    const quarter = tf.fill([4, 1], 0.25);
    expectClose(await values(klSparsityPenalty(quarter, { target: 0.5 })), [
      0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75),
    ]);
  });

  it('keeps precision when ρ̂ is close to ρ (no cancellation)', async () => {
    const q = Math.fround(0.0501);
    const out = await values(klSparsityPenalty(tf.fill([4, 1], q), { target: 0.05 }));
    expectClose(out, [bernoulliKl64(Math.fround(0.05), q)], { rtol: 1e-3 });
    expect(out[0]).toBeGreaterThan(0);
  });

  it('clips ρ̂ to [ε, 1 − ε]: dead and saturated units are finite, with zero gradient', async () => {
    const a = tf.tensor2d([
      [0, 1, 0.2],
      [0, 1, 0.4],
    ]);
    const eps = Math.fround(1e-7);
    const out = await values(klSparsityPenalty(a, { target: rho, reduction: 'none' }));
    expectClose(
      out,
      [bernoulliKl64(rho, eps), bernoulliKl64(rho, Math.fround(1 - 1e-7)), bernoulliKl64(rho, 0.3)],
      { rtol: 1e-4 },
    );
    const g = await values(tf.grad((x: tf.Tensor) => klSparsityPenalty(x, { target: rho }))(a));
    expectClose(g.slice(0, 2), [0, 0]);
    expect(Math.abs(g[2] as number)).toBeGreaterThan(0);
    const wider = await values(klSparsityPenalty(tf.zeros([2, 1]), { target: rho, epsilon: 1e-3 }));
    expectClose(wider, [bernoulliKl64(rho, Math.fround(1e-3))], { rtol: 1e-5 });
  });

  it.each(['sum', 'mean'] as const)(
    '%s gradient: (−ρ/ρ̂ + (1 − ρ)/(1 − ρ̂))/batch, and finite differences',
    async (reduction) => {
      const w = reduction === 'sum' ? 1 : 1 / units;
      const g = await values(
        tf.grad((x: tf.Tensor) => klSparsityPenalty(x, { target: rho, reduction }))(
          tf.tensor(activations, shape),
        ),
      );
      const means = columnMeans(activations);
      const analytic = Array.from(activations, (_, i) => {
        const q = means[i % units] as number;
        return ((-rho / q + (1 - rho) / (1 - q)) / batch) * w;
      });
      expectClose(g, analytic, { rtol: 1e-4, atol: 1e-7 });
      const loss64 = (a: Float64Array) => reference(a, reduction)[0] as number;
      expectFiniteDifferenceGradients([g], loss64, [activations]);
    },
  );

  it('rejects batch reductions, a bad target or epsilon, scalars and empty batches', () => {
    const a = tf.fill([2, 3], 0.2);
    for (const reduction of ['batch-mean', 'per-example'] as const) {
      expectLossError(
        () => klSparsityPenalty(a, { target: rho, reduction: reduction as 'sum' }),
        'LOSS_BAD_OPTION',
        `klSparsityPenalty: reduction "${reduction}" does not apply`,
        '"sum", "mean", "none"',
      );
    }
    expectLossError(
      () => klSparsityPenalty(a, { target: rho, reduction: 'avg' as 'sum' }),
      'LOSS_BAD_REDUCTION',
    );
    for (const target of [0, 1, -0.1, Number.NaN, undefined]) {
      expectLossError(
        () => klSparsityPenalty(a, { target } as KlSparsityPenaltyOptions),
        'LOSS_BAD_OPTION',
        'klSparsityPenalty: target must be a number strictly between 0 and 1',
        `got ${String(target)}.`,
      );
    }
    for (const epsilon of [0, 1, 1e-50]) {
      expectLossError(
        () => klSparsityPenalty(a, { target: rho, epsilon }),
        'LOSS_BAD_OPTION',
        'epsilon must be a number with 0 < epsilon < 1',
        `got ${epsilon}.`,
      );
    }
    expectLossError(
      () => klSparsityPenalty(a, { target: rho, epsilon: 0.5 }),
      'LOSS_BAD_OPTION',
      'epsilon 0.5 leaves no room',
    );
    expectLossError(() => klSparsityPenalty(tf.scalar(0.1), { target: rho }), 'LOSS_BAD_RANK');
    expectLossError(
      () => klSparsityPenalty(tf.zeros([0, 3]), { target: rho }),
      'LOSS_EMPTY_AXIS',
      'shape [0,3]',
    );
  });
});
