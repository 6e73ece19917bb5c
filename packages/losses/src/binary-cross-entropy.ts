/**
 * Binary cross-entropy (Bernoulli negative log-likelihood), from logits or probabilities.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { LossOptions } from './loss-function.js';
import { checkEpsilon } from './option-check.js';
import { type Reduction, reduceUnchecked, reductionUpstream } from './reduction.js';
import { checkLossInputs } from './shape-check.js';

/**
 * Binary cross-entropy from logits, numerically stable for any logit:
 *
 * `ℓ(t, z) = max(z, 0) − z·t + log(1 + exp(−|z|))`  (= `−t·log σ(z) − (1−t)·log(1 − σ(z))`)
 *
 * evaluated as `z·(1−t)` for `z ≥ 0` and `−z·t` for `z < 0`, plus `log1p(exp(−|z|))`, so
 * no term overflows and no large terms cancel. The gradient is `σ(z) − t` everywhere,
 * including exactly at `z = 0` (both branches are picked with the same `z ≥ 0` test, so no
 * kink of `max` or `|·|` gives a wrong subgradient there).
 *
 * Prefer this over {@link binaryCrossEntropy} when the model can output logits: it needs no
 * clipping and its gradient never vanishes.
 *
 * @param target Targets in [0, 1] (soft targets allowed, not only 0/1; not checked), shape
 *   `[batch, ...]`. Any dtype; cast to float32.
 * @param logits Logits (pre-sigmoid), the same shape as `target`.
 * @param options `reduction`, default `'batch-mean'` (sum over features, mean over the
 *   batch — the VAE convention).
 * @returns The reduced loss (scalar, `[batch]` or the input shape; see `Reduction`), a new
 *   tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`.
 */
export function binaryCrossEntropyWithLogits(
  target: tf.Tensor,
  logits: tf.Tensor,
  options: LossOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean' } = options;
  const caller = 'binaryCrossEntropyWithLogits';
  checkLossInputs(caller, 'target', target, 'logits', logits, reduction);
  return tf.tidy(() => bceWithLogitsFused(reduction)(asFloat32(target), asFloat32(logits)));
}

/** `x` itself when float32 already (a cast would copy it), else its float32 cast. */
function asFloat32(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : tf.cast(x, 'float32');
}

const bceWithLogitsByReduction = new Map<Reduction, (t: tf.Tensor, z: tf.Tensor) => tf.Tensor>();

/**
 * The reduced loss as one differentiable op (`tf.customGrad`): the forward pass is the
 * stable formula above, the backward pass the closed form `∂ℓ/∂z = σ(z) − t`,
 * `∂ℓ/∂t = −z`, times the reduction's upstream gradient — a few element-wise kernels
 * instead of the autodiff chain through `where`, `exp` and `log1p`. Where the backend's
 * fused kernel runs, it returns `σ(z) − t` with the loss and the backward pass reuses it.
 */
function bceWithLogitsFused(reduction: Reduction): (t: tf.Tensor, z: tf.Tensor) => tf.Tensor {
  let fused = bceWithLogitsByReduction.get(reduction);
  if (fused === undefined) {
    fused = tf.customGrad((t, z, save) => {
      const a = t as tf.Tensor;
      const b = z as tf.Tensor;
      const { values, dz } = bceWithLogitsElementwise(a, b);
      (save as tf.GradSaveFunc)(dz === undefined ? [a, b] : [a, b, dz]);
      return {
        value: reduceUnchecked(values, reduction),
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [ts, zs, dzs] = saved as [tf.Tensor, tf.Tensor, tf.Tensor | undefined];
          const up = reductionUpstream(dy, zs.shape, reduction);
          const dLogits = dzs ?? tf.sub(tf.sigmoid(zs), ts);
          return [tf.mul(zs, tf.neg(up)), tf.mul(dLogits, up)];
        },
      };
    }) as (t: tf.Tensor, z: tf.Tensor) => tf.Tensor;
    bceWithLogitsByReduction.set(reduction, fused);
  }
  return fused;
}

/**
 * The name of an optional backend kernel computing {@link bceWithLogitsElementwise} in one
 * pass (inputs `target`, `logits`: float32, one shape; outputs of that shape: the loss per
 * element and `σ(z) − t`). Where the active backend registers it (`@ae/backend`'s native
 * kernels under wasm), the forward pass runs it instead of ten element-wise kernels.
 */
export const BCE_WITH_LOGITS_KERNEL = 'AeBinaryCrossEntropyWithLogits';

/**
 * The unreduced loss per element (float32 inputs), without checks, and `∂ℓ/∂z` when the
 * fused kernel computed it on the way. Internal.
 */
function bceWithLogitsElementwise(
  t: tf.Tensor,
  z: tf.Tensor,
): { values: tf.Tensor; dz?: tf.Tensor } {
  if (tf.getKernel(BCE_WITH_LOGITS_KERNEL, tf.getBackend()) !== undefined) {
    const [values, dz] = tf
      .engine()
      .runKernel(BCE_WITH_LOGITS_KERNEL, { target: t, logits: z }) as tf.Tensor[];
    return { values: values as tf.Tensor, dz: dz as tf.Tensor };
  }
  const nonNegative = tf.greaterEqual(z, 0);
  // max(z, 0) − z·t, written per branch so that z·(1−t) has no cancellation for t ≈ 1.
  const linear = tf.where(nonNegative, tf.mul(z, tf.sub(1, t)), tf.neg(tf.mul(z, t)));
  const negAbs = tf.where(nonNegative, tf.neg(z), z);
  return { values: tf.add(linear, tf.log1p(tf.exp(negAbs))) };
}

/** Options of {@link binaryCrossEntropy}. */
export interface BinaryCrossEntropyOptions extends LossOptions {
  /**
   * Lower clip for `p` and for `1 − p` before the logarithms, so the loss per element is at
   * most `−log ε` and the gradient is finite. Default `1e-7` (the Keras value). Must satisfy
   * `0 < ε < 1` and be representable in float32 (≥ ~1.2e-38).
   */
  epsilon?: number;
}

/**
 * Binary cross-entropy from probabilities:
 *
 * `ℓ(t, p) = −t·log(max(p, ε)) − (1−t)·log(max(1−p, ε))`
 *
 * `p` and `1 − p` are clipped separately (to `[ε, 1]`), so the bound `−log ε` is the same
 * at both ends even in float32 (Keras clips `p` to `[ε, 1−ε]`, and `1−ε` rounds in float32).
 * Where a clip is active its gradient is zero, as in Keras. Use
 * {@link binaryCrossEntropyWithLogits} when logits are available.
 *
 * @param target Targets in [0, 1] (soft targets allowed; not checked), shape `[batch, ...]`.
 * @param probabilities Predicted probabilities in [0, 1], the same shape as `target`.
 * @param options `reduction`, default `'batch-mean'`; `epsilon`, default `1e-7`.
 * @returns The reduced loss, a new tensor owned by the caller. Inputs are not disposed.
 * @throws LossError `LOSS_SHAPE_MISMATCH`, `LOSS_BAD_REDUCTION`, `LOSS_BAD_RANK`,
 *   `LOSS_BAD_OPTION` (epsilon out of range).
 */
export function binaryCrossEntropy(
  target: tf.Tensor,
  probabilities: tf.Tensor,
  options: BinaryCrossEntropyOptions = {},
): tf.Tensor {
  const { reduction = 'batch-mean', epsilon = 1e-7 } = options;
  const caller = 'binaryCrossEntropy';
  checkLossInputs(caller, 'target', target, 'probabilities', probabilities, reduction);
  checkEpsilon(caller, epsilon);
  return tf.tidy(() => {
    const t = tf.cast(target, 'float32');
    const p = tf.cast(probabilities, 'float32');
    const logP = tf.log(tf.clipByValue(p, epsilon, 1));
    const logQ = tf.log(tf.clipByValue(tf.sub(1, p), epsilon, 1));
    const values = tf.neg(tf.add(tf.mul(t, logP), tf.mul(tf.sub(1, t), logQ)));
    return reduceUnchecked(values, reduction);
  });
}
