/**
 * Training checkpoints on disk. Each is a directory `epoch-NNNN/` holding the model (as the
 * caller's `saveModel` writes it), `trainer.json` (the trainer state and the run's config)
 * and `optimizer.bin` (the optimizer's slots). `latest.json` names the newest complete one.
 * Every write goes to a temporary name first and is renamed into place, so a process killed
 * at any moment leaves the previous checkpoint whole; `latest.json` records the SHA-256 of
 * `trainer.json` and `optimizer.bin`, and {@link readCheckpoint} verifies them.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { recoverDir, replaceDirAtomic, writeFileAtomic } from '@ae/core/node';
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

/** Version of `latest.json`: 2 added `format` and the `files` checksums. */
export const LATEST_VERSION = 2;

/** SHA-256 and length of a checkpoint file. */
interface FileChecksum {
  sha256: string;
  bytes: number;
}

const checksumOf = (data: Uint8Array | string): FileChecksum => ({
  sha256: createHash('sha256').update(data).digest('hex'),
  bytes: typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength,
});

const bad = (path: string, what: string, root: string): never => {
  throw new TrainingError(
    'TRAIN_BAD_STATE',
    `${path}: ${what}. The checkpoint is damaged: restore ${root} from a copy, or start the run again without resuming (delete ${root}).`,
  );
};

/** Reads and parses a JSON file of a checkpoint, with a `TRAIN_BAD_STATE` error naming it. */
async function readJson(path: string, root: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text);
  } catch (error) {
    return bad(
      path,
      `not valid JSON (${(error as Error).message}${text.length === 0 ? '; the file is empty' : ''})`,
      root,
    );
  }
}

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
    const optimizerBytes = new Uint8Array(snapshot.optimizerWeights);
    const trainerText = `${JSON.stringify({ state: snapshot.state, config: options.config ?? null })}\n`;
    const files = {
      'trainer.json': checksumOf(trainerText),
      'optimizer.bin': checksumOf(optimizerBytes),
    };
    await replaceDirAtomic(join(dir, name), async (tmp) => {
      await options.saveModel(join(tmp, 'model'));
      await writeFile(join(tmp, 'optimizer.bin'), optimizerBytes);
      await writeFile(join(tmp, 'trainer.json'), trainerText);
    });
    const latest = {
      format: 'ae-checkpoint',
      version: LATEST_VERSION,
      epoch: snapshot.state.epoch,
      step: snapshot.state.step,
      dir: name,
      files,
    };
    await writeFileAtomic(join(dir, 'latest.json'), `${JSON.stringify(latest)}\n`);
    lastWritten = snapshot.state.epoch;
    // Older checkpoints go only once the new one is named in latest.json.
    for (const entry of await readdir(dir)) {
      if (/^epoch-\d+$/.test(entry) && entry !== name) {
        await rm(join(dir, entry), { recursive: true, force: true });
      }
    }
  };

  return {
    async onTrainBegin(info: TrainBeginInfo) {
      trainer = info.trainer;
      epochs = info.epochs;
      // What a killed run left: half-written checkpoints, a best/ being replaced, temporary
      // files beside best/ (the run's folder).
      await recoverDir(dir);
      if (options.bestDir) await recoverDir(dirname(resolve(options.bestDir)));
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
 * Finishes or undoes first what a killed run left in `dir`, and verifies the files against
 * the checksums in `latest.json`.
 *
 * @throws TrainingError `TRAIN_BAD_STATE` naming the file when `latest.json`, `trainer.json`
 *   or `optimizer.bin` is damaged, changed or missing.
 */
export async function readCheckpoint(dir: string): Promise<Checkpoint | undefined> {
  const root = resolve(dir);
  await recoverDir(root);
  const latestPath = join(root, 'latest.json');
  if (!existsSync(latestPath)) return undefined;
  const latest = (await readJson(latestPath, root)) as {
    dir?: unknown;
    epoch?: unknown;
    files?: Record<string, FileChecksum>;
  } | null;
  if (typeof latest !== 'object' || latest === null || Array.isArray(latest)) {
    return bad(latestPath, 'expected a JSON object', root);
  }
  if (typeof latest.dir !== 'string' || !/^epoch-\d+$/.test(latest.dir)) {
    return bad(
      latestPath,
      `field "dir" must name an epoch-NNNN directory, got ${JSON.stringify(latest.dir)}`,
      root,
    );
  }
  const at = join(root, latest.dir);
  const trainerPath = join(at, 'trainer.json');
  const optimizerPath = join(at, 'optimizer.bin');
  for (const p of [trainerPath, optimizerPath]) {
    if (!existsSync(p)) bad(p, 'missing', root);
  }
  const trainerText = await readFile(trainerPath);
  const bytes = await readFile(optimizerPath);
  if (latest.files !== undefined) {
    for (const [file, data] of [
      ['trainer.json', trainerText],
      ['optimizer.bin', bytes],
    ] as const) {
      const want = latest.files[file];
      const got = checksumOf(data);
      if (want?.sha256 !== got.sha256 || want?.bytes !== got.bytes) {
        bad(
          join(at, file),
          `SHA-256 ${got.sha256.slice(0, 16)}… (${got.bytes} bytes) differs from ${String(want?.sha256).slice(0, 16)}… (${want?.bytes} bytes) recorded in ${latestPath}; the file changed after the checkpoint was written`,
          root,
        );
      }
    }
  }
  const body = (await readJson(trainerPath, root)) as { state?: unknown; config?: unknown } | null;
  if (typeof body !== 'object' || body === null || !('state' in body)) {
    return bad(trainerPath, 'expected a JSON object with "state" and "config"', root);
  }
  const state = parseTrainerState(body.state, trainerPath);
  if (typeof latest.epoch === 'number' && latest.epoch !== state.epoch) {
    bad(
      latestPath,
      `names epoch ${latest.epoch}, but ${trainerPath} holds epoch ${state.epoch}`,
      root,
    );
  }
  const want = optimizerBytes(state.optimizer.specs, trainerPath);
  if (bytes.byteLength !== want) {
    bad(
      optimizerPath,
      `${bytes.byteLength} bytes, but trainer.json describes ${state.optimizer.specs.length} optimizer slots of ${want} bytes; the file is truncated or belongs to another checkpoint`,
      root,
    );
  }
  const optimizerWeights = bytes.buffer.slice(
    bytes.byteOffset,
    bytes.byteOffset + bytes.byteLength,
  );
  return {
    dir: at,
    modelDir: join(at, 'model'),
    epoch: state.epoch,
    config: body.config ?? null,
    state,
    optimizerWeights,
  };
}

/** Bytes the optimizer slots `specs` take (float32 / int32: 4 per value). */
function optimizerBytes(
  specs: readonly { shape: number[]; dtype: string }[],
  where: string,
): number {
  let n = 0;
  for (const s of specs) {
    const per = s.dtype === 'float32' || s.dtype === 'int32' ? 4 : s.dtype === 'bool' ? 1 : 0;
    if (per === 0) {
      throw new TrainingError(
        'TRAIN_BAD_STATE',
        `${where}: optimizer slot dtype ${JSON.stringify(s.dtype)} is not one a trainer writes; the checkpoint is damaged.`,
      );
    }
    n += per * s.shape.reduce((a, b) => a * b, 1);
  }
  return n;
}
