/**
 * Training checkpoints on disk. Each is a directory `epoch-NNNN/` holding the model (as the
 * caller's `saveModel` writes it), `trainer.json` (the trainer state and the run's config)
 * and `optimizer.bin` (the optimizer's slots). `latest.json` names the newest complete one.
 * Every write goes to a temporary name first and is renamed into place, so a process killed
 * at any moment leaves the previous checkpoint whole.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { replaceDirAtomic, writeFileAtomic } from '@ae/core/node';
import type { EpochLogs, TrainBeginInfo, TrainerCallback } from '../callbacks.js';
import type { Trainer } from '../trainer.js';
import { parseTrainerState, type TrainerSnapshot } from '../trainer-state.js';
import { TrainingError } from '../training-error.js';

/** Options of {@link checkpoints}. */
export interface CheckpointOptions {
  /** Directory of the checkpoints, e.g. `runs/mnist/checkpoints`. */
  dir: string;
  /** Write one every this many epochs (and always after the last epoch); default 1. */
  every?: number;
  /** Writes the model's weights and config into a new, empty directory. */
  saveModel(dir: string): Promise<void>;
  /** Anything JSON to keep with each checkpoint, e.g. the run's options. */
  config?: unknown;
  /**
   * Also keep the model of the best epoch (lowest monitored metric) in this directory,
   * replaced atomically whenever the metric improves.
   */
  bestDir?: string;
}

/** A checkpoint read back by {@link readCheckpoint}. */
export interface Checkpoint extends TrainerSnapshot {
  /** Its directory. */
  dir: string;
  /** Where its model is: load it with the model's loader (e.g. `loadModel` of `@ae/vae`). */
  modelDir: string;
  /** Epochs finished when it was written. */
  epoch: number;
  /** The `config` given to {@link checkpoints}. */
  config: unknown;
}

const epochDir = (epoch: number) => `epoch-${String(epoch).padStart(4, '0')}`;

/**
 * A trainer callback that writes checkpoints every `every` epochs and at the end of
 * training, and keeps the best epoch's model when `bestDir` is set.
 *
 * @example
 * const trainer = new Trainer(vae, {
 *   epochs: 10,
 *   callbacks: [checkpoints({ dir: 'runs/a/checkpoints', saveModel: (d) => vae.save(d) })],
 * });
 */
export function checkpoints(options: CheckpointOptions): TrainerCallback {
  const every = options.every ?? 1;
  if (!Number.isInteger(every) || every < 1) {
    throw new TrainingError(
      'TRAIN_BAD_OPTION',
      `checkpoints: every must be an integer ≥ 1 (epochs), got ${JSON.stringify(every)}.`,
    );
  }
  const dir = resolve(options.dir);
  let trainer: Trainer | undefined;
  let epochs = 0;
  let lastWritten = -1;

  const write = async (t: Trainer) => {
    const snapshot = await t.exportState();
    const name = epochDir(snapshot.state.epoch);
    await replaceDirAtomic(join(dir, name), async (tmp) => {
      await options.saveModel(join(tmp, 'model'));
      await writeFile(join(tmp, 'optimizer.bin'), new Uint8Array(snapshot.optimizerWeights));
      const body = { state: snapshot.state, config: options.config ?? null };
      await writeFile(join(tmp, 'trainer.json'), `${JSON.stringify(body)}\n`);
    });
    await writeFileAtomic(
      join(dir, 'latest.json'),
      `${JSON.stringify({ epoch: snapshot.state.epoch, step: snapshot.state.step, dir: name })}\n`,
    );
    lastWritten = snapshot.state.epoch;
    // Older checkpoints go only once the new one is named in latest.json.
    for (const entry of await readdir(dir)) {
      if (/^epoch-\d+$/.test(entry) && entry !== name) {
        await rm(join(dir, entry), { recursive: true, force: true });
      }
    }
  };

  return {
    onTrainBegin(info: TrainBeginInfo) {
      trainer = info.trainer;
      epochs = info.epochs;
    },
    async onEpochEnd(epoch: number, _logs: EpochLogs) {
      if (!trainer) return;
      if (options.bestDir && trainer.best?.epoch === epoch) {
        const bestDir = resolve(options.bestDir);
        await replaceDirAtomic(bestDir, (tmp) => options.saveModel(tmp));
      }
      if (epoch % every === 0 || epoch === epochs) await write(trainer);
    },
    async onTrainEnd() {
      // Stopped early or by stop(): keep the last finished epoch too.
      if (trainer && trainer.epoch > 0 && trainer.epoch !== lastWritten) await write(trainer);
    },
  };
}

/**
 * Reads the newest complete checkpoint in `dir`, or returns `undefined` when there is none.
 *
 * @throws TrainingError `TRAIN_BAD_STATE` when `latest.json` names a damaged checkpoint.
 */
export async function readCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  const root = resolve(dir);
  const latestPath = join(root, 'latest.json');
  if (!existsSync(latestPath)) return undefined;
  const latest = JSON.parse(await readFile(latestPath, 'utf8')) as { dir?: unknown };
  if (typeof latest.dir !== 'string' || !/^epoch-\d+$/.test(latest.dir)) {
    throw new TrainingError(
      'TRAIN_BAD_STATE',
      `${latestPath}: field "dir" must name an epoch-NNNN directory.`,
    );
  }
  const at = join(root, latest.dir);
  const trainerPath = join(at, 'trainer.json');
  if (!existsSync(trainerPath) || !existsSync(join(at, 'optimizer.bin'))) {
    throw new TrainingError(
      'TRAIN_BAD_STATE',
      `${at}: trainer.json or optimizer.bin is missing; the checkpoint is damaged. Delete ${root} to start over.`,
    );
  }
  const body = JSON.parse(await readFile(trainerPath, 'utf8')) as {
    state: unknown;
    config: unknown;
  };
  const state = parseTrainerState(body.state, trainerPath);
  const bytes = await readFile(join(at, 'optimizer.bin'));
  const optimizerWeights = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  );
  return {
    dir: at,
    modelDir: join(at, 'model'),
    epoch: state.epoch,
    config: body.config,
    state,
    optimizerWeights,
  };
}
