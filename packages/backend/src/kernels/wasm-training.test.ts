/**
 * One training step of each network family on wasm, checked against cpu:
 * gradients of every trainable variable, the SGD update, and the loss that
 * `model.fit` reports.
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../random.js';
import { setUpCpuAndWasm } from '../test-utils/backends.js';
import { maxRelativeError, normalArray } from '../test-utils/compare.js';

interface Family {
  name: string;
  inputShape: number[];
  build(): tfl.LayersModel;
}

let nextSeed = 1;
/** A seeded Glorot initializer, so every run trains the same weights. */
const init = () => tfl.initializers.glorotUniform({ seed: nextSeed++ });

const conv = (
  filters: number,
  kernelSize: number,
  strides: number,
  padding: 'same' | 'valid',
  activation: 'relu' | 'linear' | 'sigmoid' = 'relu',
) =>
  tfl.layers.conv2d({
    filters,
    kernelSize,
    strides,
    padding,
    activation,
    kernelInitializer: init(),
  });
const convT = (
  filters: number,
  kernelSize: number,
  strides: number,
  padding: 'same' | 'valid',
  activation: 'relu' | 'sigmoid' = 'relu',
) =>
  tfl.layers.conv2dTranspose({
    filters,
    kernelSize,
    strides,
    padding,
    activation,
    kernelInitializer: init(),
  });

const families: Family[] = [
  {
    name: 'dense autoencoder with dropout',
    inputShape: [20],
    build: () =>
      tfl.sequential({
        layers: [
          tfl.layers.dense({
            inputShape: [20],
            units: 12,
            activation: 'relu',
            kernelInitializer: init(),
          }),
          tfl.layers.dense({ units: 6, activation: 'softplus', kernelInitializer: init() }),
          // Seeded: the same mask on both backends, so gradients stay comparable.
          tfl.layers.dropout({ rate: 0.25, seed: 11 }),
          tfl.layers.dense({ units: 12, activation: 'tanh', kernelInitializer: init() }),
          tfl.layers.dense({ units: 20, activation: 'sigmoid', kernelInitializer: init() }),
        ],
      }),
  },
  {
    name: 'strided conv + transposed conv + batch norm',
    inputShape: [12, 12, 1],
    build: () =>
      tfl.sequential({
        layers: [
          tfl.layers.conv2d({
            inputShape: [12, 12, 1],
            filters: 4,
            kernelSize: 3,
            strides: 2,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(),
          }),
          tfl.layers.batchNormalization(),
          conv(8, 3, 1, 'valid'),
          convT(4, 3, 1, 'valid'),
          convT(1, 3, 2, 'same', 'sigmoid'),
        ],
      }),
  },
  {
    name: 'pooled conv + upsampling',
    inputShape: [12, 12, 1],
    build: () =>
      tfl.sequential({
        layers: [
          tfl.layers.conv2d({
            inputShape: [12, 12, 1],
            filters: 4,
            kernelSize: 5,
            padding: 'same',
            activation: 'relu',
            kernelInitializer: init(),
          }),
          tfl.layers.maxPooling2d({ poolSize: 2 }),
          conv(8, 3, 1, 'same'),
          tfl.layers.averagePooling2d({ poolSize: 2 }),
          tfl.layers.upSampling2d({ size: [2, 2] }),
          conv(4, 3, 1, 'same'),
          tfl.layers.upSampling2d({ size: [2, 2] }),
          conv(1, 3, 1, 'same', 'sigmoid'),
        ],
      }),
  },
];

const errors: Record<string, number> = {};

/** Gradients of the MSE loss w.r.t. every trainable weight, on the active backend. */
function gradients(
  model: tfl.LayersModel,
  x: Float32Array,
  shape: number[],
): { loss: number; grads: Float32Array[] } {
  return tf.tidy(() => {
    const input = tf.tensor(x, shape);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const { value, grads } = tf.variableGrads(
      () =>
        tf.mean(
          tf.square(tf.sub(model.apply(input, { training: true }) as tf.Tensor, input)),
        ) as tf.Scalar,
      vars,
    );
    return {
      loss: value.dataSync()[0] as number,
      grads: vars.map((v) => grads[v.name]?.dataSync() as Float32Array),
    };
  });
}

describe('training one step on wasm matches cpu', () => {
  beforeAll(async () => {
    await setUpCpuAndWasm();
  });
  afterAll(() => {
    console.info(`wasm training vs cpu, max relative error: ${JSON.stringify(errors)}`);
  });

  it.each(families.map((f) => [f.name, f] as const))('%s', async (_name, family) => {
    await tf.setBackend('cpu');
    const model = family.build();
    const shape = [6, ...family.inputShape];
    const x = Float32Array.from(
      normalArray(
        createRng(21),
        shape.reduce((a, b) => a * b, 1),
      ),
      (v) => 1 / (1 + Math.exp(-v)),
    );
    const weightsBefore = model.trainableWeights.map(
      (w) => w.read().dataSync().slice() as Float32Array,
    );
    const cpu = gradients(model, x, shape);

    await tf.setBackend('wasm');
    const wasm = gradients(model, x, shape);
    let worst = 0;
    for (const [i, g] of cpu.grads.entries()) {
      expect(
        g.some((v) => v !== 0),
        `gradient ${i} is not all zero`,
      ).toBe(true);
      worst = Math.max(worst, maxRelativeError(wasm.grads[i] as Float32Array, g));
    }
    expect(worst).toBeLessThan(1e-4);
    expect(Math.abs(wasm.loss - cpu.loss) / cpu.loss).toBeLessThan(1e-5);

    // One SGD step on wasm: w ← w − lr·g, with g from cpu as the reference.
    const lr = 0.1;
    const optimizer = tf.train.sgd(lr);
    const input = tf.tensor(x, shape);
    const vars = model.trainableWeights.map((w) => w.read() as tf.Variable);
    optimizer.minimize(
      () =>
        tf.mean(
          tf.square(tf.sub(model.apply(input, { training: true }) as tf.Tensor, input)),
        ) as tf.Scalar,
      false,
      vars,
    );
    for (const [i, v] of vars.entries()) {
      const before = weightsBefore[i] as Float32Array;
      const g = cpu.grads[i] as Float32Array;
      const expected = before.map((w, j) => w - lr * (g[j] as number));
      const err = maxRelativeError(v.dataSync(), expected);
      worst = Math.max(worst, err);
      expect(err).toBeLessThan(1e-4);
    }
    errors[family.name] = worst;

    // model.fit on wasm reports the loss of the weights it starts from.
    const cpuLoss = await (async () => {
      await tf.setBackend('cpu');
      const l = gradients(model, x, shape).loss;
      await tf.setBackend('wasm');
      return l;
    })();
    model.compile({ optimizer: 'adam', loss: 'meanSquaredError' });
    const history = await model.fit(input, input, {
      epochs: 1,
      batchSize: shape[0],
      shuffle: false,
      verbose: 0,
    });
    const fitLoss = history.history.loss?.[0] as number;
    expect(Math.abs(fitLoss - cpuLoss) / cpuLoss).toBeLessThan(1e-4);
    input.dispose();
    optimizer.dispose();
    model.dispose();
  });

  it('resizeNearestNeighbor, avgPool, maxPool gradients match cpu (both with their fixes)', async () => {
    const rng = createRng(5);
    const xVals = normalArray(rng, 2 * 7 * 6 * 3);
    const grads = (): Float32Array =>
      tf.tidy(() => {
        const f = (t: tf.Tensor): tf.Scalar => {
          const x = t as tf.Tensor4D;
          const up = tf.sum(tf.sin(tf.image.resizeNearestNeighbor(x, [14, 12])));
          const avg = tf.sum(tf.square(tf.avgPool(x, 3, 2, 'same')));
          const max = tf.sum(tf.exp(tf.maxPool(x, 2, 2, 'valid')));
          return tf.add(up, tf.add(avg, max));
        };
        return tf
          .grad(f)(tf.tensor4d(xVals, [2, 7, 6, 3]))
          .dataSync() as Float32Array;
      });
    await tf.setBackend('cpu');
    const expected = grads();
    await tf.setBackend('wasm');
    const err = maxRelativeError(grads(), expected);
    errors['pool/resize ops'] = err;
    expect(err).toBeLessThan(1e-4);
  });

  it('dropout gradient on wasm is mask / keep-probability', async () => {
    await tf.setBackend('wasm');
    const x = tf.tensor(
      Float32Array.from(normalArray(createRng(9), 4000), (v) => v + 3),
      [4000],
    );
    const [y, g] = tf.tidy(() => {
      const out = tf.dropout(x, 0.25, undefined, 123);
      return [out, tf.grad((t: tf.Tensor) => tf.sum(tf.dropout(t, 0.25, undefined, 123)))(x)];
    });
    const yv = y.dataSync();
    const xv = x.dataSync();
    const gv = g.dataSync();
    let dropped = 0;
    for (let i = 0; i < yv.length; i++) {
      expect(Math.abs((gv[i] as number) * (xv[i] as number) - (yv[i] as number))).toBeLessThan(
        1e-4,
      );
      if (yv[i] === 0) dropped++;
    }
    expect(dropped / yv.length).toBeGreaterThan(0.2);
    expect(dropped / yv.length).toBeLessThan(0.3);
    tf.dispose([x, y, g]);
  });

  it('repeated conv training steps on wasm leak nothing', async () => {
    await tf.setBackend('wasm');
    const family = families[1] as Family;
    const model = family.build();
    const optimizer = tf.train.adam(1e-3);
    const input = tf.randomUniform([4, ...family.inputShape], 0, 1, 'float32', 3);
    const step = (): void => {
      const loss = optimizer.minimize(
        () =>
          tf.mean(
            tf.square(tf.sub(model.apply(input, { training: true }) as tf.Tensor, input)),
          ) as tf.Scalar,
        true,
      );
      loss?.dispose();
    };
    const backend = tf.backend();
    for (let i = 0; i < 3; i++) step();
    const before = { tensors: tf.memory().numTensors, dataIds: backend.numDataIds() };
    for (let i = 0; i < 20; i++) step();
    expect(tf.memory().numTensors).toBe(before.tensors);
    expect(backend.numDataIds()).toBe(before.dataIds);
    tf.dispose(input);
    optimizer.dispose();
    model.dispose();
  });
});
