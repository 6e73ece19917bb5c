/**
 * The losses whose gradient is written in closed form (`tf.customGrad`): binary
 * cross-entropy on logits and the KL to N(0, I). Their gradients, for every reduction and
 * an arbitrary upstream gradient, must equal the autodiff gradients of the element-wise
 * formulas they replace and the float64 closed forms, and they must not leak tensors.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node (see gradient-registration.test.ts).
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { betaKl } from './beta-kl.js';
import { binaryCrossEntropyWithLogits } from './binary-cross-entropy.js';
import { capacityKl } from './capacity-kl.js';
import { klStandardNormal } from './kl-divergence.js';
import { REDUCTIONS, type Reduction, reduceUnchecked } from './reduction.js';
import {
  expectClose,
  normalSamples,
  referenceReduce,
  uniformSamples,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

const shape = [5, 3, 4];
const n = 60;
const logits = normalSamples(n, 31, 3);
logits[0] = 0; // the branch point of the stable formula
logits[1] = 40;
logits[2] = -40;
const targets = uniformSamples(n, 32, 0, 1);
targets[3] = 0;
targets[4] = 1;
const means = normalSamples(n, 33);
const logVars = uniformSamples(n, 34, -3, 3);

/** The output shape of a reduction of `shape`. */
function reducedShape(reduction: Reduction): number[] {
  if (reduction === 'per-example') return [shape[0] as number];
  if (reduction === 'none') return [...shape];
  return [];
}

/** A seeded, non-uniform upstream gradient for the reduced output. */
function upstream(reduction: Reduction): Float32Array {
  const out = reducedShape(reduction);
  return uniformSamples(
    out.reduce((p, s) => p * s, 1),
    35,
    -2,
    2,
  );
}

/** The element-wise formula before the fused gradient: autodiff through every op. */
function bceChain(t: tf.Tensor, z: tf.Tensor, reduction: Reduction): tf.Tensor {
  const nonNegative = tf.greaterEqual(z, 0);
  const linear = tf.where(nonNegative, tf.mul(z, tf.sub(1, t)), tf.neg(tf.mul(z, t)));
  const negAbs = tf.where(nonNegative, tf.neg(z), z);
  return reduceUnchecked(tf.add(linear, tf.log1p(tf.exp(negAbs))), reduction);
}

function klChain(mu: tf.Tensor, lv: tf.Tensor, reduction: Reduction): tf.Tensor {
  return reduceUnchecked(tf.mul(0.5, tf.add(tf.sub(tf.expm1(lv), lv), tf.square(mu))), reduction);
}

/** Float64: the upstream gradient each element receives from the reduction. */
function upstream64(dy: Float32Array, reduction: Reduction): number[] {
  const batch = shape[0] as number;
  const per = n / batch;
  return Array.from({ length: n }, (_, i) => {
    switch (reduction) {
      case 'batch-mean':
        return (dy[0] as number) / batch;
      case 'per-example':
        return dy[Math.floor(i / per)] as number;
      case 'mean':
        return (dy[0] as number) / n;
      case 'sum':
        return dy[0] as number;
      default:
        return dy[i] as number; // 'none'
    }
  });
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

async function gradsOf(
  f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor,
  a: Float32Array,
  b: Float32Array,
  dy: Float32Array,
  outShape: number[],
): Promise<[number[], number[]]> {
  const [da, db] = tf.tidy(() =>
    tf.grads(f)([tf.tensor(a, shape), tf.tensor(b, shape)], tf.tensor(dy, outShape)),
  ) as [tf.Tensor, tf.Tensor];
  const out: [number[], number[]] = [await values(da), await values(db)];
  tf.dispose([da, db]);
  return out;
}

describe('binaryCrossEntropyWithLogits: closed-form gradient', () => {
  it.each(REDUCTIONS)('%s: the same values as the element-wise chain', async (reduction) => {
    const [fused, chain] = tf.tidy(() => {
      const t = tf.tensor(targets, shape);
      const z = tf.tensor(logits, shape);
      return [binaryCrossEntropyWithLogits(t, z, { reduction }), bceChain(t, z, reduction)];
    }) as [tf.Tensor, tf.Tensor];
    expect(await values(fused)).toEqual(await values(chain));
    tf.dispose([fused, chain]);
  });

  it.each(REDUCTIONS)(
    '%s: gradients under an arbitrary upstream equal the chain and float64 (σ(z) − t)·g, −z·g',
    async (reduction) => {
      const dy = upstream(reduction);
      const out = reducedShape(reduction);
      const [dt, dz] = await gradsOf(
        (t, z) => binaryCrossEntropyWithLogits(t, z, { reduction }),
        targets,
        logits,
        dy,
        out,
      );
      const [chainDt, chainDz] = await gradsOf(
        (t, z) => bceChain(t, z, reduction),
        targets,
        logits,
        dy,
        out,
      );
      const g = upstream64(dy, reduction);
      const dz64 = Array.from(
        logits,
        (z, i) => (sigmoid(z) - (targets[i] as number)) * (g[i] as number),
      );
      const dt64 = Array.from(logits, (z, i) => -z * (g[i] as number));
      expectClose(dz, dz64, { rtol: 1e-5, atol: 1e-7 });
      expectClose(dt, dt64, { rtol: 1e-5, atol: 1e-7 });
      expectClose(dz, chainDz, { rtol: 1e-5, atol: 1e-7 });
      expectClose(dt, chainDt, { rtol: 1e-5, atol: 1e-7 });
    },
  );

  it('integer targets: the gradient reaches the logits only', async () => {
    const t = tf.tensor2d([[1, 0, 1]], [1, 3], 'int32');
    const z = tf.tensor2d([[0.5, -2, 3]]);
    const dz = tf.grad((x: tf.Tensor) => binaryCrossEntropyWithLogits(t, x))(z);
    expectClose(await values(dz), [sigmoid(0.5) - 1, sigmoid(-2), sigmoid(3) - 1], {
      rtol: 1e-6,
    });
    tf.dispose([t, z, dz]);
  });
});

describe('klStandardNormal and the weighted KL terms: closed-form gradient', () => {
  it.each(REDUCTIONS)('%s: the same values as the element-wise chain', async (reduction) => {
    const [fused, chain] = tf.tidy(() => {
      const m = tf.tensor(means, shape);
      const l = tf.tensor(logVars, shape);
      return [klStandardNormal(m, l, { reduction }), klChain(m, l, reduction)];
    }) as [tf.Tensor, tf.Tensor];
    expect(await values(fused)).toEqual(await values(chain));
    tf.dispose([fused, chain]);
  });

  it.each(REDUCTIONS)(
    '%s: gradients under an arbitrary upstream equal the chain and float64 μ·g, ½(e^λ − 1)·g',
    async (reduction) => {
      const dy = upstream(reduction);
      const out = reducedShape(reduction);
      const [dm, dl] = await gradsOf(
        (m, l) => klStandardNormal(m, l, { reduction }),
        means,
        logVars,
        dy,
        out,
      );
      const [chainDm, chainDl] = await gradsOf(
        (m, l) => klChain(m, l, reduction),
        means,
        logVars,
        dy,
        out,
      );
      const g = upstream64(dy, reduction);
      expectClose(
        dm,
        Array.from(means, (mu, i) => mu * (g[i] as number)),
        { rtol: 1e-5, atol: 1e-8 },
      );
      expectClose(
        dl,
        Array.from(logVars, (lv, i) => 0.5 * Math.expm1(lv) * (g[i] as number)),
        { rtol: 1e-5, atol: 1e-8 },
      );
      expectClose(dm, chainDm, { rtol: 1e-5, atol: 1e-8 });
      // The chain's ∂/∂logVar is exp(λ) − 1 in float32, which cancels near λ = 0 (absolute
      // error ~ ulp(1)·|g|); the closed form's expm1 does not, and met float64 above.
      expectClose(dl, chainDl, { rtol: 1e-5, atol: 1e-6 });
    },
  );

  it('betaKl and capacityKl differentiate through the fused KL (float64 chain rule)', async () => {
    const beta = 4;
    const [gm] = await gradsOf(
      (m, l) => betaKl(m, l, { beta }),
      means,
      logVars,
      Float32Array.of(1),
      [],
    );
    const batch = shape[0] as number;
    expectClose(
      gm,
      Array.from(means, (mu) => (beta * mu) / batch),
      { rtol: 1e-5 },
    );
    // |KL − C|·γ per example: the sign of (KL − C) picks the direction of each example's gradient.
    const gamma = 2;
    const capacity = 3;
    const [, gl] = await gradsOf(
      (m, l) => capacityKl(m, l, { gamma, capacity, reduction: 'per-example' }),
      means,
      logVars,
      Float32Array.from({ length: batch }, () => 1),
      [batch],
    );
    const kl = referenceReduce(
      Array.from(
        means,
        (mu, i) => 0.5 * (Math.exp(logVars[i] as number) + mu * mu - 1 - (logVars[i] as number)),
      ),
      shape,
      'per-example',
    );
    const per = n / batch;
    expectClose(
      gl,
      Array.from(logVars, (lv, i) => {
        const sign = Math.sign((kl[Math.floor(i / per)] as number) - capacity);
        return gamma * sign * 0.5 * Math.expm1(lv);
      }),
      { rtol: 1e-5, atol: 1e-8 },
    );
  });
});

describe('fused gradients: tensor memory', () => {
  it('repeated value-and-gradient steps leave the tensor count unchanged', () => {
    const t = tf.tensor(targets, shape);
    const z = tf.variable(tf.tensor(logits, shape));
    const m = tf.variable(tf.tensor(means, shape));
    const l = tf.variable(tf.tensor(logVars, shape));
    const step = () => {
      const { value, grads } = tf.variableGrads(
        () =>
          tf.add(
            binaryCrossEntropyWithLogits(t, z),
            tf.sum(klStandardNormal(m, l, { reduction: 'per-example' })),
          ) as tf.Scalar,
        [z, m, l],
      );
      tf.dispose([value, ...Object.values(grads)]);
    };
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([t, z, m, l]);
  });
});
