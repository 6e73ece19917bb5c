/**
 * Adam in one kernel per variable. `createAdam` returns a `tf.AdamOptimizer` (same
 * className 'Adam', config, weights and checkpoints) whose update runs as the kernel
 * {@link ADAM_UPDATE} where the active backend has it (wasm with the native kernels), in
 * place of tfjs's ten element-wise kernels per variable; elsewhere it is tfjs's own Adam.
 * The kernel repeats tfjs's float32 operations in their order, so both give the same bits,
 * except that moments below float32's normal range (1.2e-38) become 0 where tfjs keeps them
 * subnormal (x86 computes on subnormals slowly; their part of an update is below 1e-34).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelArgs } from '../kernels/call-kernel.js';
import { isHeapBackend } from '../kernels/unsorted-segment-sum.js';
import type { NativeAddon } from './native-addon.js';

/** The kernel name of one Adam step (inputs variable, m, v, gradient, c1, c2). */
export const ADAM_UPDATE = 'AeAdamUpdate';

/** The attributes of {@link ADAM_UPDATE}. */
interface AdamAttrs {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
}

/** The native {@link ADAM_UPDATE} kernel for wasm: outputs [variable', m', v']. */
export function makeAdamKernel(addon: NativeAddon): tf.KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args as KernelArgs;
    const { variable, m, v, gradient, c1, c2 } = inputs as Record<string, tf.TensorInfo>;
    const { learningRate, beta1, beta2, epsilon } = attrs as unknown as AdamAttrs;
    if (!isHeapBackend(backend)) throw new Error(`${ADAM_UPDATE} runs on the wasm heap only`);
    const shape = [...(variable as tf.TensorInfo).shape];
    const outs = [0, 1, 2].map(() => backend.makeOutput(shape, 'float32'));
    const view = (t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;
    const scalars = Float32Array.of(
      beta1,
      1 - beta1,
      beta2,
      1 - beta2,
      view(c1 as tf.TensorInfo)[0] as number,
      view(c2 as tf.TensorInfo)[0] as number,
      epsilon,
      -learningRate,
    );
    const [x, mo, vo] = outs as [tf.TensorInfo, tf.TensorInfo, tf.TensorInfo];
    addon.adam(
      view(variable as tf.TensorInfo),
      view(m as tf.TensorInfo),
      view(v as tf.TensorInfo),
      view(gradient as tf.TensorInfo),
      view(x),
      view(mo),
      view(vo),
      scalars,
    );
    return outs;
  };
}

/** The private state of tfjs 4.22's AdamOptimizer that the fused update maintains. */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
  accumulatedSecondMoment: Array<{ originalName: string; variable: tf.Variable } | undefined>;
}

/** The optimizer's state when it has the expected fields (tfjs 4.22), else undefined. */
function adamState(o: object): AdamState | undefined {
  const s = o as Partial<AdamState>;
  const ok =
    s.accBeta1 instanceof tf.Variable &&
    s.accBeta2 instanceof tf.Variable &&
    Array.isArray(s.accumulatedFirstMoment) &&
    Array.isArray(s.accumulatedSecondMoment);
  return ok ? (s as AdamState) : undefined;
}

type VariableGradients = Parameters<tf.AdamOptimizer['applyGradients']>[0];
type NamedGradientMap = Record<string, tf.Tensor | undefined>;

/** tfjs's AdamOptimizer with each variable's update as one {@link ADAM_UPDATE} kernel where registered. */
export class FusedAdamOptimizer extends tf.AdamOptimizer {
  override applyGradients(variableGradients: VariableGradients): void {
    const names = Array.isArray(variableGradients)
      ? variableGradients.map((g) => g.name)
      : Object.keys(variableGradients);
    const gradientOf = (name: string, i: number): tf.Tensor | undefined =>
      Array.isArray(variableGradients)
        ? variableGradients[i]?.tensor
        : (variableGradients as NamedGradientMap)[name];
    const state = adamState(this);
    const fused =
      tf.getKernel(ADAM_UPDATE, tf.getBackend()) !== undefined &&
      state !== undefined &&
      names.every((name, i) => {
        const g = gradientOf(name, i);
        return (
          g === undefined ||
          g === null ||
          (g.dtype === 'float32' && tf.engine().registeredVariables[name]?.dtype === 'float32')
        );
      });
    if (!fused || state === undefined) {
      super.applyGradients(variableGradients);
      return;
    }
    const attrs = {
      learningRate: this.learningRate,
      beta1: this.beta1,
      beta2: this.beta2,
      epsilon: this.epsilon,
    };
    tf.tidy(() => {
      const c1 = tf.sub(1, state.accBeta1);
      const c2 = tf.sub(1, state.accBeta2);
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name] as tf.Variable;
        for (const [list, suffix] of [
          [state.accumulatedFirstMoment, 'm'],
          [state.accumulatedSecondMoment, 'v'],
        ] as const) {
          if (list[i] == null) {
            list[i] = {
              originalName: `${name}/${suffix}`,
              variable: tf.tidy(() => tf.zerosLike(value).variable(false)),
            };
          }
        }
        const gradient = gradientOf(name, i);
        if (gradient == null) return;
        const m = (state.accumulatedFirstMoment[i] as { variable: tf.Variable }).variable;
        const v = (state.accumulatedSecondMoment[i] as { variable: tf.Variable }).variable;
        const [x, m2, v2] = tf
          .engine()
          .runKernel(
            ADAM_UPDATE,
            { variable: value, m, v, gradient, c1, c2 },
            attrs as unknown as tf.NamedAttrMap,
          ) as tf.Tensor[];
        m.assign(m2 as tf.Tensor);
        v.assign(v2 as tf.Tensor);
        value.assign(x as tf.Tensor);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }
}

/**
 * An Adam optimizer like `tf.train.adam(learningRate, beta1, beta2, epsilon)` (same
 * defaults; `epsilon` defaults to the backend's, 1e-7 for float32), whose update is one
 * kernel per variable where the native kernels run.
 */
export function createAdam(
  learningRate = 0.001,
  beta1 = 0.9,
  beta2 = 0.999,
  epsilon?: number,
): tf.AdamOptimizer {
  return new FusedAdamOptimizer(learningRate, beta1, beta2, epsilon);
}
