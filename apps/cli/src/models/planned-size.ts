/**
 * The memory a dense model will take, known from its flags and the data's shape before
 * anything is built, so that a size beyond the machine (`--latent-dim 2000000`) is refused
 * with the numbers instead of ending in the backend's "Aborted()" after minutes.
 */
import { totalmem } from 'node:os';
import type { Dataset } from '@ae/datasets';
import { RECIPES, recipeOptions } from '@ae/vae';
import { CliError } from '../cli-error.js';
import { type ModelFlags, recipeOptionsOf } from './build-model.js';

/** Bytes of a float32. */
const FLOAT = 4;

/**
 * Most bytes the wasm backend can address: its heap grows up to 4 GiB − 64 KiB
 * (tfjs-backend-wasm 4.22's `getHeapMax`), and every tensor lives in it.
 */
export const WASM_HEAP_BYTES = 4294901760;

/** The widths of the dense layers of a model: each network as its sizes, input first. */
export interface DensePlan {
  /** Encoder: input (+ one-hot label), hidden widths, code (twice for a Gaussian head: mean and log-variance). */
  encoder: number[];
  /** Decoder: code (+ label), hidden widths mirrored, output. */
  decoder: number[];
}

/**
 * The dense layers `flags` build on data of `shape`, or `undefined` for convolutional
 * models (presets, `conv-ae`, `vq-vae`), whose sizes the preset fixes.
 */
export function densePlan(
  flags: ModelFlags,
  shape: readonly number[],
  numClasses = 0,
): DensePlan | undefined {
  const r = RECIPES[flags.model];
  const opts = recipeOptions(flags.model, recipeOptionsOf(flags));
  if (r.capabilities.conv || opts.preset !== undefined) return undefined;
  const d = shape.reduce((a, b) => a * b, 1);
  const latent = opts.latentDim ?? 0;
  const hidden = [...(opts.hidden ?? [])];
  const labels = r.capabilities.labels ? numClasses : 0;
  const head = r.capabilities.kl ? 2 * latent : latent;
  return {
    encoder: [d + labels, ...hidden, head],
    decoder: [latent + labels, ...hidden.reverse(), d],
  };
}

/** Weights and biases of a chain of dense layers of these widths. */
export function denseParameters(widths: readonly number[]): number {
  let n = 0;
  for (let i = 1; i < widths.length; i++)
    n += ((widths[i - 1] as number) + 1) * (widths[i] as number);
  return n;
}

/** Float32 copies of every weight while training with `optimizer`: weights, gradients, its slots. */
function copiesInTraining(optimizer: string): number {
  // Adam keeps two moments per weight, RMSProp a mean square and a momentum; SGD none.
  return 2 + (optimizer === 'sgd' ? 0 : 2);
}

/** How many bytes the backend `name` can hold, with words for messages. */
export function memoryLimit(backend: string): { bytes: number; what: string } {
  if (backend === 'wasm')
    return {
      bytes: WASM_HEAP_BYTES,
      what: 'the wasm backend can hold (its heap is at most 4 GiB)',
    };
  return { bytes: totalmem(), what: `this machine has (${gib(totalmem())} of memory)` };
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;

/**
 * Refuses a dense model whose training would not fit the backend's memory: its weights
 * (with their gradients and the optimizer's slots) plus a batch's activations. The error
 * names the numbers, the limit and the flag to change.
 *
 * @throws CliError `CLI_TOO_LARGE`.
 */
export function checkModelSize(
  flags: ModelFlags & { batchSize: number; optimizer: string },
  train: Pick<Dataset, 'shape' | 'count' | 'classNames' | 'labels'>,
  backend: string,
): void {
  const classes = train.classNames?.length ?? (train.labels ? Math.max(0, ...train.labels) + 1 : 0);
  const plan = densePlan(flags, train.shape, classes);
  if (plan === undefined) return;
  const params = denseParameters(plan.encoder) + denseParameters(plan.decoder);
  const weightBytes = params * FLOAT * copiesInTraining(flags.optimizer);
  // Every layer's output, its pre-activation and its gradient, for one batch.
  const batch = Math.min(flags.batchSize, train.count);
  const widths = [...plan.encoder, ...plan.decoder].reduce((a, b) => a + b, 0);
  const batchBytes = batch * widths * FLOAT * 3;
  const limit = memoryLimit(backend);
  if (weightBytes + batchBytes <= limit.bytes) return;
  const d = plan.decoder[plan.decoder.length - 1] as number;
  const opts = recipeOptions(flags.model, recipeOptionsOf(flags));
  const latent = opts.latentDim ?? 0;
  const widest = Math.max(0, ...(opts.hidden ?? []));
  const advice =
    batchBytes > weightBytes
      ? `Use a smaller --batch-size (${flags.batchSize} now).`
      : latent >= widest && latent >= d
        ? `Use a smaller --latent-dim (${latent} now).`
        : widest >= d
          ? `Use narrower --hidden layers (${(opts.hidden ?? []).join(',')} now).`
          : `Each example has ${d} values, too many for dense layers: resize the images down or train a convolutional model (--model conv-ae, or a --preset).`;
  throw new CliError(
    'CLI_TOO_LARGE',
    `the ${flags.model} would have ${params.toLocaleString('en-US')} parameters (layers ${plan.encoder.join('→')} and ${plan.decoder.join('→')}); training it needs about ${gib(weightBytes + batchBytes)} (float32 weights, gradients and ${flags.optimizer}'s state, and a batch of ${batch}), more than ${limit.what}. ${advice}`,
  );
}
