import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { denseStack } from './dense-stack.js';
import type { SeededDropout } from './seeded-dropout.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** The weights of `name` in `model` as plain arrays. */
async function weightsOf(model: tfl.LayersModel, name: string): Promise<number[][]> {
  return Promise.all(
    model
      .getLayer(name)
      .getWeights()
      .map(async (w) => Array.from(await w.data())),
  );
}

/** What a Glorot-uniform initializer with `seed` draws for `shape`. */
async function glorot(seed: number, shape: number[]): Promise<number[]> {
  const t = tfl.initializers.glorotUniform({ seed }).apply(shape);
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('denseStack', () => {
  it('gives layer i the kernel of glorotUniform(seed + 10·(i + 1)) and a zero bias', async () => {
    const x = tfl.input({ shape: [5] });
    const y = denseStack(x, { hidden: [4, 3], activation: 'tanh', seed: 7 });
    const model = tfl.model({ inputs: x, outputs: y });
    expect(model.layers.map((l) => l.name)).toEqual([x.sourceLayer.name, 'dense_0', 'dense_1']);
    const [k0, b0] = await weightsOf(model, 'dense_0');
    const [k1, b1] = await weightsOf(model, 'dense_1');
    expect(k0).toEqual(await glorot(17, [5, 4]));
    expect(k1).toEqual(await glorot(27, [4, 3]));
    expect([b0, b1]).toEqual([
      [0, 0, 0, 0],
      [0, 0, 0],
    ]);
    expect(model.getLayer('dense_1').getConfig().activation).toBe('tanh');
    model.dispose();
  });

  it('puts batch norm (no bias) and seeded dropout after each layer, under the given prefix', async () => {
    const x = tfl.input({ shape: [5] });
    const y = denseStack(x, {
      hidden: [4, 3],
      activation: 'elu',
      seed: 2,
      batchNorm: true,
      dropout: 0.25,
      name: 'hid',
    });
    const model = tfl.model({ inputs: x, outputs: y });
    expect(model.layers.slice(1).map((l) => `${l.name}:${l.getClassName()}`)).toEqual([
      'hid_0:Dense',
      'bn_hid_0:BatchNormalization',
      'act_hid_0:Activation',
      'dropout_hid_0:AeSeededDropout',
      'hid_1:Dense',
      'bn_hid_1:BatchNormalization',
      'act_hid_1:Activation',
      'dropout_hid_1:AeSeededDropout',
    ]);
    expect(model.getLayer('hid_0').getWeights().length).toBe(1); // kernel only
    expect(model.getLayer('hid_0').getConfig().activation).toBe('linear');
    expect(model.getLayer('act_hid_0').getConfig().activation).toBe('elu');
    // Mask streams a million calls apart: seed · 7919 + 1,000,003 · (i + 1).
    const drops = [0, 1].map((i) => model.getLayer(`dropout_hid_${i}`) as SeededDropout);
    expect(drops.map((d) => [d.rate, d.seed])).toEqual([
      [0.25, 2 * 7919 + 1_000_003],
      [0.25, 2 * 7919 + 2 * 1_000_003],
    ]);
    model.dispose();
  });

  it('returns its input when there are no layers', () => {
    const x = tfl.input({ shape: [5] });
    expect(denseStack(x, { hidden: [], activation: 'relu', seed: 0, dropout: 0.5 })).toBe(x);
  });
});
