/**
 * Checkpoints under faults: a process killed at any file operation of a checkpoint (and of
 * best/) leaves a complete one to resume from, and damaged files give errors naming them.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dataset } from '@ae/datasets';
import { loadModel, VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { checkpoints, readCheckpoint } from './node/index.js';
import { Trainer } from './trainer.js';
import { TrainingError } from './training-error.js';

/** From operation number `killAt` on, every write-side file operation fails, as in a dead process. */
const fault = vi.hoisted(() => ({ killAt: -1, count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      fault.count += 1;
      if (fault.killAt >= 0 && fault.count > fault.killAt) throw new Error('killed');
      return f(...a);
    };
  return {
    ...real,
    rename: guard(real.rename),
    rm: guard(real.rm),
    mkdir: guard(real.mkdir),
    writeFile: guard(real.writeFile),
  };
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const fresh = () => fsp.mkdtemp(join(tmpdir(), 'ae-ckpt-faults-'));

/** 8 examples of 4×4 pixels. */
function toy(): Dataset {
  const x = new Float32Array(8 * 16);
  for (let i = 0; i < x.length; i++) x[i] = ((i * 7) % 11) / 10;
  return { name: 'toy', x, shape: [4, 4, 1], count: 8 };
}

const makeVae = () => new VAE({ inputShape: [4, 4, 1], latentDim: 2, hidden: [8], seed: 3 });

/**
 * Trains 2 epochs with checkpoints and best/ in `run`; with `killAt`, the process "dies" at
 * that file operation of epoch 2's checkpoint and best model. Returns whether it finished.
 */
async function run(runDir: string, killAt: number): Promise<boolean> {
  const model = makeVae();
  const trainer = new Trainer(model, {
    epochs: 2,
    batchSize: 4,
    monitor: 'total',
    callbacks: [
      {
        onEpochEnd(epoch) {
          if (epoch === 2 && killAt >= 0) {
            fault.count = 0;
            fault.killAt = killAt;
          }
        },
      },
      checkpoints({
        dir: join(runDir, 'checkpoints'),
        bestDir: join(runDir, 'best'),
        saveModel: (d) => model.save(d),
      }),
    ],
  });
  try {
    await trainer.fit(toy());
    return true;
  } catch (error) {
    if ((error as Error).message !== 'killed') throw error;
    return false;
  } finally {
    fault.killAt = -1;
    model.dispose();
    trainer.optimizer.dispose();
  }
}

describe('a kill during a checkpoint', () => {
  it('at any file operation leaves a complete checkpoint and a loadable best/', async () => {
    // Count the operations of epoch 2's checkpoint and best model.
    const probe = await fresh();
    fault.count = 0;
    let total = 0;
    const model = makeVae();
    const trainer = new Trainer(model, {
      epochs: 2,
      batchSize: 4,
      monitor: 'total',
      callbacks: [
        {
          onEpochEnd(e) {
            if (e === 2) fault.count = 0;
          },
        },
        checkpoints({
          dir: join(probe, 'checkpoints'),
          bestDir: join(probe, 'best'),
          saveModel: (d) => model.save(d),
        }),
        {
          onEpochEnd(e) {
            if (e === 2) total = fault.count;
          },
        },
      ],
    });
    await trainer.fit(toy());
    model.dispose();
    expect(total).toBeGreaterThan(20);
    const epochs = new Set<number>();
    for (let k = 0; k < total; k++) {
      const runDir = await fresh();
      expect(await run(runDir, k)).toBe(false);
      // The next start: read the checkpoint, load its model and best/.
      const cp = await readCheckpoint(join(runDir, 'checkpoints'));
      expect(cp).toBeDefined();
      epochs.add(cp?.epoch ?? 0);
      const m = await loadModel(cp?.modelDir ?? '');
      m.dispose();
      // Loading best/ finishes a swap of it that the kill interrupted.
      (await loadModel(join(runDir, 'best'))).dispose();
      expect(existsSync(join(runDir, 'best', 'ae.json'))).toBe(true);
      const left = (await fsp.readdir(runDir)).filter((n) => n.startsWith('.'));
      expect(left).toEqual([]);
    }
    expect([...epochs].sort()).toEqual([1, 2]);
  });
});

describe('the next start', () => {
  it("removes the temporary files and folders of a dead run, and leaves a live one's alone", async () => {
    const runDir = await fresh();
    const dead = '999999999-0a0b0c0d'; // no such process
    await fsp.mkdir(join(runDir, 'checkpoints'), { recursive: true });
    await fsp.writeFile(join(runDir, `.metrics.jsonl.tmp-${dead}`), 'half');
    await fsp.mkdir(join(runDir, `.best.tmp-${dead}`));
    await fsp.mkdir(join(runDir, 'checkpoints', `.epoch-0001.tmp-${dead}`));
    await fsp.writeFile(join(runDir, '.notes.tmp-1-0a0b0c0d'), 'pid 1 is alive');
    expect(await run(runDir, -1)).toBe(true);
    expect((await fsp.readdir(runDir)).sort()).toEqual([
      '.notes.tmp-1-0a0b0c0d',
      'best',
      'checkpoints',
    ]);
    expect((await fsp.readdir(join(runDir, 'checkpoints'))).sort()).toEqual([
      'epoch-0002',
      'latest.json',
    ]);
  });
});

describe('damaged checkpoint files', () => {
  /** A run of 2 epochs; returns its checkpoint folder and the epoch folder. */
  async function saved(): Promise<{ dir: string; at: string }> {
    const runDir = await fresh();
    expect(await run(runDir, -1)).toBe(true);
    const dir = join(runDir, 'checkpoints');
    return { dir, at: join(dir, 'epoch-0002') };
  }
  const failure = async (dir: string): Promise<TrainingError> => {
    const e = await readCheckpoint(dir).then(
      () => undefined,
      (x) => x,
    );
    expect(e).toBeInstanceOf(TrainingError);
    expect(e.code).toBe('TRAIN_BAD_STATE');
    return e;
  };
  const advice = (dir: string) =>
    `The checkpoint is damaged: restore ${dir} from a copy, or start the run again without resuming (delete ${dir}).`;

  it('a truncated latest.json', async () => {
    const { dir } = await saved();
    const path = join(dir, 'latest.json');
    const text = await fsp.readFile(path, 'utf8');
    await fsp.writeFile(path, text.slice(0, 20));
    expect((await failure(dir)).message).toMatch(
      new RegExp(`^${path}: not valid JSON \\(.+\\)\\. ${advice(dir).replace(/[().]/g, '\\$&')}$`),
    );
    await fsp.writeFile(path, '');
    expect((await failure(dir)).message).toBe(
      `${path}: not valid JSON (Unexpected end of JSON input; the file is empty). ${advice(dir)}`,
    );
  });

  it('a changed trainer.json or optimizer.bin: the checksum in latest.json names the file', async () => {
    const { dir, at } = await saved();
    const path = join(at, 'optimizer.bin');
    const bytes = await fsp.readFile(path);
    bytes[0] = (bytes[0] ?? 0) ^ 1;
    await fsp.writeFile(path, bytes);
    expect((await failure(dir)).message).toMatch(
      new RegExp(
        `^${path}: SHA-256 [0-9a-f]{16}… \\(${bytes.length} bytes\\) differs from [0-9a-f]{16}… \\(${bytes.length} bytes\\) recorded in ${dir}/latest.json; the file changed after the checkpoint was written\\.`,
      ),
    );
  });

  it('without checksums (a checkpoint of an earlier version): corrupt trainer.json, truncated optimizer.bin, fields of a bad type', async () => {
    const { dir, at } = await saved();
    const latestPath = join(dir, 'latest.json');
    const latest = JSON.parse(await fsp.readFile(latestPath, 'utf8'));
    await fsp.writeFile(
      latestPath,
      JSON.stringify({ epoch: latest.epoch, step: latest.step, dir: latest.dir }),
    );
    expect((await readCheckpoint(dir))?.epoch).toBe(2); // still readable

    const optimizer = join(at, 'optimizer.bin');
    const bytes = await fsp.readFile(optimizer);
    await fsp.writeFile(optimizer, bytes.subarray(0, 249));
    expect((await failure(dir)).message).toMatch(
      new RegExp(
        `^${optimizer}: 249 bytes, but trainer.json describes \\d+ optimizer slots of ${bytes.length} bytes; the file is truncated or belongs to another checkpoint\\.`,
      ),
    );
    await fsp.writeFile(optimizer, bytes);

    const trainerPath = join(at, 'trainer.json');
    const text = await fsp.readFile(trainerPath, 'utf8');
    await fsp.writeFile(trainerPath, text.slice(0, 50));
    expect((await failure(dir)).message).toMatch(new RegExp(`^${trainerPath}: not valid JSON \\(`));

    const body = JSON.parse(text);
    const bad = async (change: (b: typeof body) => void): Promise<string> => {
      const copy = JSON.parse(text);
      change(copy);
      await fsp.writeFile(trainerPath, JSON.stringify(copy));
      return (await failure(dir)).message;
    };
    expect(await bad((b) => (b.state.epoch = '2'))).toBe(
      `${trainerPath}: field "epoch" must be an integer ≥ 0; it is not a trainer state this version reads. Restore the checkpoint from a copy, or start the run again without resuming.`,
    );
    expect(await bad((b) => (b.state.history[0].total = 'low'))).toBe(
      `${trainerPath}: field "history[0].total" must be a number, got "low"; it is not a trainer state this version reads. Restore the checkpoint from a copy, or start the run again without resuming.`,
    );
    expect(await bad((b) => (b.state.rng.words = [1, 2]))).toMatch(
      new RegExp(`^${trainerPath}: field "rng" must be an sfc32 generator state`),
    );
    expect(await bad((b) => (b.state.optimizer.specs[0].shape = 'big'))).toMatch(
      new RegExp(`^${trainerPath}: field "optimizer.specs\\[0\\]" must be`),
    );
    expect(body.state.epoch).toBe(2);
  });
});
