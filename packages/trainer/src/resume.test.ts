import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Dataset, gaussianNoise, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { linearWarmup } from '@ae/losses';
import { type AutoencoderModel, loadModel, VAE, VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkpoints, readCheckpoint } from './node/index.js';
import { Trainer, type TrainerOptions } from './trainer.js';
import { TrainingError } from './training-error.js';

let train: Dataset;
let validation: Dataset;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const all = await loadMnist({ split: 'train', limit: 500 });
  train = limit(all, 400);
  validation = limit(await loadMnist({ split: 'test', limit: 100 }), 100);
});

const tmp = () => mkdtempSync(join(tmpdir(), 'ae-resume-'));

/** Every weight of a model, flattened in order, read back. */
async function weightsOf(model: { trainableVariables: tf.Variable[] }): Promise<Float32Array[]> {
  return Promise.all(model.trainableVariables.map(async (v) => (await v.data()) as Float32Array));
}

/** n random 8×8 images of one bright square each. */
function blobs(n: number): Dataset {
  const x = new Float32Array(n * 64);
  for (let i = 0; i < n; i++) {
    const r = (i * 7) % 6;
    const c = (i * 5) % 6;
    for (let y = r; y < r + 3; y++) for (let k = c; k < c + 3; k++) x[i * 64 + y * 8 + k] = 1;
  }
  return { name: 'blobs', x, shape: [8, 8, 1], count: n };
}

const vae = () => new VAE({ inputShape: [28, 28, 1], latentDim: 4, hidden: [32], seed: 3 });

describe('resuming from a checkpoint', () => {
  // Adam, dynamic binarization, corruption and the VAE's own noise: every source of state.
  const options: TrainerOptions = {
    epochs: 3,
    batchSize: 64,
    seed: 7,
    binarize: true,
    corruption: gaussianNoise({ std: 0.2 }),
    learningRate: (step) => 2e-3 / (1 + step / 10),
    lossWeights: { kl: linearWarmup({ steps: 12 }) },
  };

  it('ends with exactly the weights and logs of an uninterrupted run', async () => {
    const straight = vae();
    const full = await new Trainer(straight, options).fit(train, { validation });

    // Run 1: stops after epoch 1 with a checkpoint.
    const dir = tmp();
    const first = vae();
    const firstTrainer: Trainer = new Trainer(first, {
      ...options,
      callbacks: [
        checkpoints({ dir, saveModel: (d) => first.save(d), config: { run: 'a' } }),
        { onEpochEnd: (): void => firstTrainer.stop() },
      ],
    });
    await firstTrainer.fit(train, { validation });
    first.dispose();

    // Run 2: a fresh process would do exactly this.
    const cp = await readCheckpoint(dir);
    expect(cp?.epoch).toBe(1);
    expect(cp?.config).toEqual({ run: 'a' });
    const resumed = (await loadModel(cp?.modelDir ?? '')) as AutoencoderModel & VAE;
    const trainer = new Trainer(resumed, options);
    await trainer.importState(cp as NonNullable<typeof cp>);
    const rest = await trainer.fit(train, { validation });

    expect(rest.history.map((h) => h.epoch)).toEqual([1, 2, 3]);
    expect(rest.steps).toBe(full.steps);
    for (const key of ['total', 'val_total', 'kl', 'weight_kl', 'lr']) {
      expect(rest.history.map((h) => h[key])).toEqual(full.history.map((h) => h[key]));
    }
    const a = await weightsOf(straight);
    const b = await weightsOf(resumed);
    a.forEach((w, i) => {
      expect(Array.from(b[i] as Float32Array)).toEqual(Array.from(w));
    });
    straight.dispose();
    resumed.dispose();
  });

  it('restores a VQ-VAE (EMA codebook, restart counter) to the same end', async () => {
    // Dense networks on 8×8 blobs: conv layers are slow on the cpu backend.
    const make = () =>
      new VQVAE({
        inputShape: [8, 8, 1],
        architecture: 'dense',
        hidden: [32],
        numCodes: 16,
        codeDim: 4,
        seed: 2,
        deadCodeThreshold: 1,
      });
    const o: TrainerOptions = { epochs: 2, batchSize: 50, seed: 1 };
    const small = blobs(200);
    const straight = make();
    await new Trainer(straight, o).fit(small);

    const dir = tmp();
    const first = make();
    const t1: Trainer = new Trainer(first, {
      ...o,
      callbacks: [
        checkpoints({ dir, saveModel: (d) => first.save(d) }),
        { onEpochEnd: (): void => t1.stop() },
      ],
    });
    await t1.fit(small);
    first.dispose();
    const cp = await readCheckpoint(dir);
    const resumed = await loadModel(cp?.modelDir ?? '');
    const t2 = new Trainer(resumed, o);
    await t2.importState(cp as NonNullable<typeof cp>);
    await t2.fit(small);
    const codebook = async (m: AutoencoderModel) =>
      Array.from(await (m as VQVAE).quantizer.quantizer().codebook.data());
    expect(await codebook(resumed)).toEqual(await codebook(straight));
    straight.dispose();
    resumed.dispose();
  });
});

describe('checkpoints', () => {
  it('writes every N epochs and at the end, keeping only the newest', async () => {
    const dir = tmp();
    const model = vae();
    const written: number[] = [];
    await new Trainer(model, {
      epochs: 3,
      batchSize: 200,
      callbacks: [
        checkpoints({
          dir,
          every: 2,
          saveModel: async (d) => {
            // d is <dir>/.epoch-NNNN.tmp-…/model: the epoch being written.
            written.push(Number(/epoch-(\d+)/.exec(d)?.[1]));
            await model.save(d);
          },
        }),
      ],
    }).fit(limit(train, 200));
    expect(written).toEqual([2, 3]); // every 2 epochs, and at the end
    expect(readdirSync(dir).sort()).toEqual(['epoch-0003', 'latest.json']);
    const latest = JSON.parse(await readFile(join(dir, 'latest.json'), 'utf8'));
    expect(latest).toMatchObject({ epoch: 3, dir: 'epoch-0003' });
    model.dispose();
  });

  it('keeps the previous checkpoint whole when writing a new one fails', async () => {
    const dir = tmp();
    const model = vae();
    let calls = 0;
    const trainer = new Trainer(model, {
      epochs: 2,
      batchSize: 200,
      callbacks: [
        checkpoints({
          dir,
          saveModel: async (d) => {
            calls += 1;
            await model.save(d);
            if (calls === 2) throw new Error('disk full');
          },
        }),
      ],
    });
    await expect(trainer.fit(limit(train, 200))).rejects.toThrow('disk full');
    const cp = await readCheckpoint(dir);
    expect(cp?.epoch).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(['epoch-0001', 'latest.json']);
    const reloaded = await loadModel(cp?.modelDir ?? '');
    expect(reloaded.latentDim).toBe(4);
    reloaded.dispose();
    model.dispose();
  });

  it('keeps the best epoch in bestDir and stops early after `patience` epochs', async () => {
    const dir = tmp();
    const bestDir = join(dir, 'best');
    // Validation loss that improves twice, then worsens: best epoch 2, stop after 2 + patience.
    const values = [5, 3, 4, 4.5, 6, 7, 8];
    let epoch = 0;
    const model = {
      w: tf.variable(tf.scalar(1)),
      get trainableVariables() {
        return [this.w];
      },
      lossTerms(_b: unknown, o: { training: boolean }) {
        return tf.tidy(() => ({
          total: o.training ? (tf.mul(this.w, 0) as tf.Scalar) : tf.scalar(values[epoch] ?? 9),
        }));
      },
    };
    const saved: number[] = [];
    const trainer = new Trainer(model, {
      epochs: 7,
      batchSize: 50,
      earlyStopping: { patience: 2 },
      callbacks: [
        {
          onEpochBegin: (e) => {
            epoch = e - 1;
          },
        },
        checkpoints({
          dir,
          bestDir,
          saveModel: async () => {
            saved.push(epoch + 1);
          },
        }),
      ],
    });
    const result = await trainer.fit(limit(train, 100), { validation: limit(validation, 50) });
    expect(result.best).toEqual({ metric: 'val_total', epoch: 2, value: 3 });
    expect(result.stoppedEarly).toBe(true);
    expect(result.history.length).toBe(4); // epochs 3 and 4 did not improve
    // bestDir at epochs 1 and 2, a checkpoint after each epoch.
    expect(saved).toEqual([1, 1, 2, 2, 3, 4]);
    expect(existsSync(bestDir)).toBe(true);
    model.w.dispose();
  });

  it('leaves the last good checkpoint when the loss turns NaN, and names step and term', async () => {
    const dir = tmp();
    let step = 0;
    const model = {
      w: tf.variable(tf.scalar(1)),
      get trainableVariables() {
        return [this.w];
      },
      lossTerms(_b: unknown, o: { training: boolean; step?: number }) {
        if (o.training) step = (o.step ?? 0) + 1;
        return tf.tidy(() => {
          const total = tf.mul(this.w, step >= 6 ? Number.NaN : 1) as tf.Scalar;
          return { total, recon: tf.clone(total) };
        });
      },
    };
    const trainer = new Trainer(model, {
      epochs: 5,
      batchSize: 50,
      optimizer: 'sgd',
      shuffle: false,
      callbacks: [checkpoints({ dir, saveModel: async () => {} })],
    });
    const error = await trainer.fit(limit(train, 100)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrainingError);
    expect((error as TrainingError).code).toBe('TRAIN_NON_FINITE_LOSS');
    expect((error as TrainingError).step).toBe(6);
    expect((error as Error).message).toMatch(/"total" is NaN at step 6/);
    // 2 steps per epoch: epochs 1 and 2 finished; step 6 is in epoch 3.
    expect((await readCheckpoint(dir))?.epoch).toBe(2);
    model.w.dispose();
  });

  it('refuses a state of another optimizer', async () => {
    const a = vae();
    const t = new Trainer(a, { epochs: 1, batchSize: 200 });
    await t.fit(limit(train, 200));
    const snapshot = await t.exportState();
    const other = new Trainer(a, { epochs: 2, optimizer: 'sgd' });
    await expect(other.importState(snapshot)).rejects.toThrow(/'adam' optimizer.*'sgd'/);
    a.dispose();
  });

  it('exports and imports state without leaking tensors', async () => {
    const a = vae();
    const t = new Trainer(a, { epochs: 1, batchSize: 200 });
    await t.fit(limit(train, 200));
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) await t.importState(await t.exportState());
    // Adam's slots are replaced, not added to.
    expect(tf.memory().numTensors).toBe(before);
    a.dispose();
  });
});
