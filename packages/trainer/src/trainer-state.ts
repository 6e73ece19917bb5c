/**
 * What a checkpoint holds of a trainer besides the model: epoch and step counters, the
 * shuffling generator, the model's own random state, the history, the monitored best, and
 * the optimizer's slots (encoded as tfjs weights: one binary buffer plus JSON specs).
 */
import type { RngState } from '@ae/backend';
import * as tf from '@tensorflow/tfjs-core';
import type { EpochLogs } from './callbacks.js';
import type { BestEpoch } from './monitor.js';
import type { OptimizerName } from './optimizers.js';
import { TrainingError } from './training-error.js';

/** Current version of {@link TrainerState}. */
export const TRAINER_STATE_VERSION = 1;

/** The JSON part of a trainer's state. The optimizer's slot values travel beside it as bytes. */
export interface TrainerState {
  /** Always `'ae-trainer-state'`. */
  format: 'ae-trainer-state';
  /** {@link TRAINER_STATE_VERSION} when written. */
  version: number;
  /** Epochs finished. */
  epoch: number;
  /** Optimizer steps taken. */
  step: number;
  /** The shuffling / noise generator of the trainer. */
  rng: RngState;
  /** The model's `getRandomState()`, when it has one. */
  modelRandomState?: unknown;
  /** Logs of every finished epoch. */
  history: EpochLogs[];
  /** The monitored metric's best epoch so far. */
  best?: BestEpoch;
  /** Epochs since the monitored metric last improved. */
  wait: number;
  /** The optimizer: its name, the specs of its slot tensors in the bytes, and Adam's β powers. */
  optimizer: {
    name: OptimizerName;
    specs: tf.io.WeightsManifestEntry[];
    /** Adam's running β₁ᵗ and β₂ᵗ, restored exactly rather than recomputed. */
    betaPowers?: [number, number];
  };
}

/** A trainer state with its optimizer bytes. */
export interface TrainerSnapshot {
  state: TrainerState;
  /** The optimizer's slot values, laid out as `state.optimizer.specs` says. */
  optimizerWeights: ArrayBuffer;
}

interface AdamPowers {
  accBeta1?: tf.Variable;
  accBeta2?: tf.Variable;
}

/** Encodes an optimizer's slots (e.g. Adam's moments and iteration count). */
export async function encodeOptimizer(
  name: OptimizerName,
  optimizer: tf.Optimizer,
): Promise<{ optimizer: TrainerState['optimizer']; optimizerWeights: ArrayBuffer }> {
  const named = await optimizer.getWeights();
  const { data, specs } = await tf.io.encodeWeights(named);
  // The slots are the optimizer's own variables; only the iteration count is a new tensor.
  tf.dispose(named.map((n) => n.tensor).filter((t) => !(t instanceof tf.Variable)));
  const p = optimizer as unknown as AdamPowers;
  let betaPowers: [number, number] | undefined;
  if (p.accBeta1 && p.accBeta2) {
    betaPowers = [(await p.accBeta1.data())[0] ?? 0, (await p.accBeta2.data())[0] ?? 0];
  }
  return {
    optimizer: { name, specs, ...(betaPowers ? { betaPowers } : {}) },
    optimizerWeights: data,
  };
}

/** Restores slots written by {@link encodeOptimizer} into a fresh optimizer of the same kind. */
export async function decodeOptimizer(
  optimizer: tf.Optimizer,
  name: OptimizerName,
  saved: TrainerState['optimizer'],
  bytes: ArrayBuffer,
): Promise<void> {
  if (saved.name !== name) {
    throw new TrainingError(
      'TRAIN_BAD_STATE',
      `the saved state is of a '${saved.name}' optimizer, this trainer uses '${name}'; resume with the same optimizer.`,
    );
  }
  const map = tf.io.decodeWeights(bytes, saved.specs);
  const named = saved.specs.map((s) => ({ name: s.name, tensor: map[s.name] as tf.Tensor }));
  // setWeights makes new slot variables; the old ones (and the iteration tensor) go.
  const old = await optimizer.getWeights();
  await optimizer.setWeights(named);
  tf.dispose([...Object.values(map), ...old.map((n) => n.tensor)]);
  const p = optimizer as unknown as AdamPowers;
  if (saved.betaPowers && p.accBeta1 && p.accBeta2) {
    const [b1, b2] = saved.betaPowers;
    tf.tidy(() => {
      p.accBeta1?.assign(tf.scalar(b1));
      p.accBeta2?.assign(tf.scalar(b2));
    });
  }
}

/** Checks parsed JSON is a {@link TrainerState}; `where` names its file in errors. */
export function parseTrainerState(value: unknown, where: string): TrainerState {
  const v = value as Partial<TrainerState> | null;
  const fail = (what: string): never => {
    throw new TrainingError(
      'TRAIN_BAD_STATE',
      `${where}: ${what}; it is not a trainer state this version reads. Restore the checkpoint from a copy, or start the run again without resuming.`,
    );
  };
  if (typeof v !== 'object' || v === null || v.format !== 'ae-trainer-state') {
    return fail('field "format" is not "ae-trainer-state"');
  }
  if (typeof v.version !== 'number' || v.version > TRAINER_STATE_VERSION) {
    fail(`version ${JSON.stringify(v.version)} is newer than ${TRAINER_STATE_VERSION}`);
  }
  for (const k of ['epoch', 'step', 'wait'] as const) {
    if (!Number.isInteger(v[k]) || (v[k] as number) < 0)
      fail(`field "${k}" must be an integer ≥ 0`);
  }
  if (!Array.isArray(v.history)) fail('field "history" must be an array');
  (v.history as unknown[]).forEach((h, i) => {
    if (typeof h !== 'object' || h === null) fail(`field "history[${i}]" must be an object`);
    for (const [k, x] of Object.entries(h as object)) {
      if (typeof x !== 'number' && x !== null) {
        fail(`field "history[${i}].${k}" must be a number, got ${JSON.stringify(x)}`);
      }
    }
  });
  const rng = v.rng as { algorithm?: unknown; words?: unknown; spareNormal?: unknown } | null;
  if (
    typeof rng !== 'object' ||
    rng === null ||
    rng.algorithm !== 'sfc32' ||
    !Array.isArray(rng.words) ||
    rng.words.length !== 4 ||
    !rng.words.every((w) => Number.isInteger(w)) ||
    !(rng.spareNormal === null || typeof rng.spareNormal === 'number')
  ) {
    fail('field "rng" must be an sfc32 generator state (algorithm, 4 integer words, spareNormal)');
  }
  if (typeof v.optimizer !== 'object' || !Array.isArray(v.optimizer?.specs)) {
    fail('field "optimizer" must hold the optimizer specs');
  }
  (v.optimizer?.specs ?? []).forEach((spec, i) => {
    const s = spec as { name?: unknown; shape?: unknown; dtype?: unknown };
    if (
      typeof s !== 'object' ||
      s === null ||
      typeof s.name !== 'string' ||
      !Array.isArray(s.shape) ||
      !s.shape.every((d) => Number.isInteger(d) && d >= 0) ||
      typeof s.dtype !== 'string'
    ) {
      fail(`field "optimizer.specs[${i}]" must be { name, shape: integers, dtype }`);
    }
  });
  return v as TrainerState;
}
