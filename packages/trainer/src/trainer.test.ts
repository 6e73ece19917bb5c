import '@tensorflow/tfjs-backend-cpu';
import type { ModelBatch, TrainableModel } from '@ae/core';
import type { Dataset } from '@ae/datasets';
import { gaussianNoise, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TrainerCallback } from './callbacks.js';
import { Trainer } from './trainer.js';
import { TrainingError } from './training-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** n examples of shape [1, 1, 2] with values (i/n, 1 − i/n). */
function toyData(n: number): Dataset {
  const x = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    x[2 * i] = i / n;
    x[2 * i + 1] = 1 - i / n;
  }
  return { name: 'toy', x, shape: [1, 1, 2], count: n };
}

/** loss = mean over the batch of ½‖x·w − 1‖², plus a logged part `wNorm` = ‖w‖². */
class LinearModel implements TrainableModel {
  readonly w = tf.variable(tf.tensor1d([0.5, -0.25]));
  get trainableVariables(): tf.Variable[] {
    return [this.w];
  }
  lossTerms(batch: ModelBatch, _o: { training: boolean }) {
    return tf.tidy(() => {
      const x = tf.reshape(batch.x, [-1, 2]);
      const r = tf.sub(tf.sum(tf.mul(x, this.w), 1), 1);
      const total = tf.mean(tf.mul(tf.square(r), 0.5)) as tf.Scalar;
      return { total, wNorm: tf.sum(tf.square(this.w)) as tf.Scalar };
    });
  }
}

describe('Trainer', () => {
  it('takes exactly the SGD step w ← w − lr·∇loss of the closed form', async () => {
    const model = new LinearModel();
    const data = toyData(4);
    const trainer = new Trainer(model, {
      epochs: 1,
      batchSize: 4,
      optimizer: 'sgd',
      learningRate: 0.1,
      shuffle: false,
    });
    const w0 = [0.5, -0.25];
    // ∇ = mean_i (x_i·w − 1) x_i, in float64.
    const grad = [0, 0];
    for (let i = 0; i < 4; i++) {
      const x = [i / 4, 1 - i / 4];
      const r = (x[0] ?? 0) * (w0[0] ?? 0) + (x[1] ?? 0) * (w0[1] ?? 0) - 1;
      grad[0] = (grad[0] ?? 0) + (r * (x[0] ?? 0)) / 4;
      grad[1] = (grad[1] ?? 0) + (r * (x[1] ?? 0)) / 4;
    }
    await trainer.fit(data);
    const w = await model.w.data();
    expect(w[0]).toBeCloseTo((w0[0] ?? 0) - 0.1 * (grad[0] ?? 0), 6);
    expect(w[1]).toBeCloseTo((w0[1] ?? 0) - 0.1 * (grad[1] ?? 0), 6);
  });

  it('evaluates the exact example-weighted mean over uneven batches', async () => {
    const model = new LinearModel();
    const data = toyData(10);
    const trainer = new Trainer(model, { epochs: 1, batchSize: 4 });
    const logs = await trainer.evaluate(data);
    let ref = 0;
    for (let i = 0; i < 10; i++) ref += 0.5 * ((i / 10) * 0.5 + (1 - i / 10) * -0.25 - 1) ** 2;
    expect(logs.total).toBeCloseTo(ref / 10, 6);
    expect(logs.wNorm).toBeCloseTo(0.25 + 0.0625, 6);
  });

  it('calls the hooks in order, with every named loss term and validation', async () => {
    const events: string[] = [];
    const cb: TrainerCallback = {
      onTrainBegin: (i) => void events.push(`begin ${i.epochs}x${i.batchesPerEpoch}`),
      onEpochBegin: (e) => void events.push(`epoch ${e}`),
      onBatchEnd: (b, logs) =>
        void events.push(`batch ${b.step} ${Object.keys(logs ?? {}).join(',')}`),
      onEpochEnd: (e, logs) =>
        void events.push(`end ${e} ${'val_total' in logs} ${'wNorm' in logs}`),
      onTrainEnd: (h) => void events.push(`done ${h.length}`),
    };
    const trainer = new Trainer(new LinearModel(), { epochs: 2, batchSize: 3, callbacks: [cb] });
    await trainer.fit(toyData(5), { validation: toyData(4) });
    expect(events).toEqual([
      'begin 2x2',
      'epoch 1',
      'batch 1 total,wNorm',
      'batch 2 total,wNorm',
      'end 1 true true',
      'epoch 2',
      'batch 3 total,wNorm',
      'batch 4 total,wNorm',
      'end 2 true true',
      'done 2',
    ]);
  });

  it('stops with an error naming the step and the term when a loss is not finite', async () => {
    let calls = 0;
    const model: TrainableModel = {
      trainableVariables: [tf.variable(tf.scalar(1))],
      lossTerms() {
        calls += 1;
        const v = calls === 3 ? Number.NaN : 1;
        return {
          total: tf.mul(this.trainableVariables[0] as tf.Variable, 1) as tf.Scalar,
          kl: tf.scalar(v),
        };
      },
    };
    const err = await new Trainer(model, { epochs: 1, batchSize: 1 })
      .fit(toyData(6))
      .catch((e) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect(err.message).toMatch(/loss term "kl" is NaN at step 3/);
    expect(err).toMatchObject({ code: 'TRAIN_NON_FINITE_LOSS', step: 3 });
  });

  it('stops when a validation loss is infinite, instead of logging null and keeping it as best', async () => {
    // The loss is finite on training batches and +Infinity on the validation set (x = 2).
    const model: TrainableModel = {
      trainableVariables: [tf.variable(tf.scalar(1))],
      lossTerms(batch) {
        return tf.tidy(() => {
          const w = this.trainableVariables[0] as tf.Variable;
          const bad = tf.greater(tf.max(batch.x), 1.5);
          const total = tf.where(bad, tf.scalar(Number.POSITIVE_INFINITY), tf.mul(w, 1));
          return { total: total as tf.Scalar };
        });
      },
    };
    const validation: Dataset = {
      name: 'held-out',
      x: new Float32Array([2, 2]),
      shape: [1, 1, 2],
      count: 1,
    };
    const ends: number[] = [];
    const trainer = new Trainer(model, {
      epochs: 2,
      batchSize: 2,
      callbacks: [{ onEpochEnd: (e) => void ends.push(e) }],
    });
    const err = await trainer.fit(toyData(4), { validation }).catch((e) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect(err).toMatchObject({ code: 'TRAIN_NON_FINITE_LOSS', step: 2 });
    expect(err.message).toBe(
      'validation loss term "total" is Infinity on "held-out" after epoch 1 (step 2). Lower the learning rate, or check that the validation data is in the range the model expects (pixels in [0, 1]).',
    );
    expect(ends).toEqual([]);
    expect(trainer.best).toBeUndefined();
  });

  it('refuses data holding NaN or Infinity before the first step, naming the set and the example', async () => {
    const bad = toyData(4);
    (bad.x as Float32Array)[5] = Number.NaN;
    const model = new LinearModel();
    const w0 = Array.from(await model.w.data());
    const err = await new Trainer(model, { epochs: 1, batchSize: 2 }).fit(bad).catch((e) => e);
    expect(err).toBeInstanceOf(TrainingError);
    expect(err.code).toBe('TRAIN_BAD_DATA');
    expect(err.message).toBe(
      'the training set "toy" holds NaN at example 2 (value 1 of 2); every value must be a finite number. Fix or leave out that example.',
    );
    expect(Array.from(await model.w.data())).toEqual(w0);
    const inf = toyData(2);
    (inf.x as Float32Array)[0] = Number.NEGATIVE_INFINITY;
    const e2 = await new Trainer(model, { epochs: 1 })
      .fit(toyData(4), { validation: inf })
      .catch((e) => e);
    expect(e2.message).toMatch(
      /^the validation set "toy" holds -Infinity at example 0 \(value 0 of 2\)/,
    );
  });

  it('rejects bad options naming the option and the value', () => {
    const m = new LinearModel();
    expect(() => new Trainer(m, { epochs: 0 })).toThrow(
      /Trainer: epochs must be an integer ≥ 1, got 0\./,
    );
    expect(() => new Trainer(m, { epochs: 1, batchSize: 2.5 })).toThrow(
      /Trainer: batchSize must be an integer ≥ 1, got 2.5\./,
    );
    expect(() => new Trainer(m, { epochs: 1, optimizer: 'lbfgs' as never })).toThrow(
      /optimizer must be one of adam, sgd, rmsprop, got "lbfgs"/,
    );
    expect(() => new Trainer(m, { epochs: 1, learningRate: -1 })).toThrow(
      /learningRate must be a finite number > 0, got -1/,
    );
    expect(() => new Trainer(m, { epochs: 1, seed: 0.5 })).toThrow(
      'Trainer: seed must be an integer, got 0.5.',
    );
  });
});

/** Records what each training / evaluation call of `lossTerms` received. */
class RecordingModel extends LinearModel {
  readonly seen: { training: boolean; step?: number; x: number[]; input?: number[] }[] = [];
  override lossTerms(batch: ModelBatch, o: { training: boolean; step?: number }) {
    this.seen.push({
      training: o.training,
      ...(o.step !== undefined ? { step: o.step } : {}),
      x: Array.from(batch.x.dataSync()),
      ...(batch.input ? { input: Array.from(batch.input.dataSync()) } : {}),
    });
    return super.lossTerms(batch, o);
  }
}

describe('Trainer data transforms and step count', () => {
  it('passes the steps taken before each update (0, 1, 2, …) to lossTerms', async () => {
    const model = new RecordingModel();
    await new Trainer(model, { epochs: 2, batchSize: 2, shuffle: false }).fit(toyData(6));
    expect(model.seen.map((s) => s.step)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('gives models a corrupted input and the clean target, fresh noise each epoch', async () => {
    const model = new RecordingModel();
    const data = toyData(4);
    const trainer = new Trainer(model, {
      epochs: 2,
      batchSize: 4,
      shuffle: false,
      corruption: gaussianNoise({ std: 0.1, clip: false }),
    });
    await trainer.fit(data, { validation: data });
    const train = model.seen.filter((s) => s.training);
    const val = model.seen.filter((s) => !s.training);
    expect(train).toHaveLength(2);
    for (const s of [...train, ...val]) {
      expect(s.x).toEqual(Array.from(data.x)); // the clean target, untouched
      expect(s.input).toHaveLength(8);
      const diff = (s.input ?? []).map((v, i) => v - (s.x[i] ?? 0));
      expect(diff.some((d) => d !== 0)).toBe(true);
      expect(Math.max(...diff.map(Math.abs))).toBeLessThan(0.6); // 6 standard deviations
    }
    expect(train[0]?.input).not.toEqual(train[1]?.input); // new noise per epoch
    expect(val[0]?.input).toEqual(val[1]?.input); // fixed validation noise
  });

  it('resamples binary pixels each epoch with binarize', async () => {
    const model = new RecordingModel();
    const data = { ...toyData(50), name: 'grey' };
    await new Trainer(model, { epochs: 2, batchSize: 50, shuffle: false, binarize: true }).fit(
      data,
    );
    const [a, b] = model.seen.map((s) => s.x);
    for (const v of [...(a ?? []), ...(b ?? [])]) expect(v === 0 || v === 1).toBe(true);
    expect(a).not.toEqual(b);
    // Bernoulli means: the fraction of ones follows the grey values (0.5 on average here).
    const ones = (a ?? []).reduce((s, v) => s + v, 0) / (a?.length ?? 1);
    expect(Math.abs(ones - 0.5)).toBeLessThan(0.15);
  });
});

describe('Trainer with a VAE on MNIST', () => {
  let train: Dataset;
  beforeAll(async () => {
    train = limit(await loadMnist({ split: 'train' }), 600);
  });

  it('lowers the VAE loss by at least 30% in 4 epochs on 600 digits', async () => {
    const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 8, hidden: [128], seed: 1 });
    const trainer = new Trainer(vae, { epochs: 4, batchSize: 50, learningRate: 2e-3, seed: 1 });
    const { history } = await trainer.fit(train);
    const first = history[0]?.total ?? Number.NaN;
    const last = history[3]?.total ?? Number.NaN;
    // An untrained decoder scores ≈ 784·ln 2 ≈ 543 nats; a VAE that learns digits gets well under 300.
    expect(last).toBeLessThan(0.7 * first);
    expect(history.every((h) => Number.isFinite(h.reconstruction) && Number.isFinite(h.kl))).toBe(
      true,
    );
    vae.dispose();
  });

  it('is deterministic for a seed', async () => {
    const run = async () => {
      const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 4, hidden: [32], seed: 5 });
      const { history } = await new Trainer(vae, { epochs: 1, batchSize: 100, seed: 5 }).fit(
        limit(train, 300),
      );
      vae.dispose();
      return history.map(({ total, kl, reconstruction }) => ({ total, kl, reconstruction }));
    };
    expect(await run()).toEqual(await run());
  });

  it('holds the tensor count steady from epoch to epoch (no leaks in the step)', async () => {
    const vae = new VAE({ inputShape: [28, 28, 1], latentDim: 4, hidden: [32], seed: 2 });
    const counts: number[] = [];
    const trainer = new Trainer(vae, {
      epochs: 4,
      batchSize: 60,
      callbacks: [{ onEpochEnd: () => void counts.push(tf.memory().numTensors) }],
    });
    await trainer.fit(limit(train, 300), { validation: limit(train, 120) });
    // The optimizer creates its slot variables during epoch 1; after that nothing may grow.
    expect(new Set(counts.slice(1)).size).toBe(1);
    vae.dispose();
  });
});

describe('Trainer and the event loop', () => {
  it('lets timers run during a long epoch', async () => {
    let ticks = 0;
    const timer = setInterval(() => {
      ticks += 1;
    }, 5);
    const slow: TrainableModel = {
      trainableVariables: [tf.variable(tf.scalar(1))],
      lossTerms() {
        const until = performance.now() + 3; // a 3 ms step
        while (performance.now() < until) {
          // busy, as a real training step is
        }
        return { total: tf.mul(this.trainableVariables[0] as tf.Variable, 1) as tf.Scalar };
      },
    };
    await new Trainer(slow, { epochs: 1, batchSize: 1, yieldEvery: 10 }).fit(toyData(60));
    clearInterval(timer);
    // 60 steps of ≥ 3 ms: about 18 yields; without them the interval never fires.
    expect(ticks).toBeGreaterThan(5);
  });
});
