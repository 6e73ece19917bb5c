import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { convUnit, maxPool2, upsample2 } from './conv-layers.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const unit = {
  filters: 4,
  kernelSize: 3,
  strides: 2,
  padding: 'same',
  activation: 'relu',
  seed: 11,
} as const;

describe('convUnit', () => {
  it('is one seeded Glorot-uniform convolution with a zero bias without batch norm', async () => {
    const x = tfl.input({ shape: [6, 6, 2] });
    const y = convUnit(x, { ...unit, kind: 'conv', batchNorm: false, name: 'c' });
    const model = tfl.model({ inputs: x, outputs: y });
    expect(model.layers.slice(1).map((l) => `${l.name}:${l.getClassName()}`)).toEqual(['c:Conv2D']);
    expect(y.shape).toEqual([null, 3, 3, 4]);
    const [kernel, bias] = model.getLayer('c').getWeights();
    const reference = tfl.initializers.glorotUniform({ seed: 11 }).apply([3, 3, 2, 4]);
    expect(Array.from(await (kernel as tf.Tensor).data())).toEqual(
      Array.from(await reference.data()),
    );
    expect(Array.from(await (bias as tf.Tensor).data())).toEqual([0, 0, 0, 0]);
    expect(model.getLayer('c').getConfig().activation).toBe('relu');
    reference.dispose();
    model.dispose();
  });

  it('with batch norm: the convolution without bias, then bn_<name>, then act_<name>', () => {
    const x = tfl.input({ shape: [3, 3, 2] });
    const y = convUnit(x, { ...unit, kind: 'transpose', batchNorm: true, name: 'd' });
    const model = tfl.model({ inputs: x, outputs: y });
    expect(model.layers.slice(1).map((l) => `${l.name}:${l.getClassName()}`)).toEqual([
      'd:Conv2DTranspose',
      'bn_d:BatchNormalization',
      'act_d:Activation',
    ]);
    expect(y.shape).toEqual([null, 6, 6, 4]);
    expect(model.getLayer('d').getWeights().length).toBe(1);
    expect(model.getLayer('d').getConfig().activation).toBe('linear');
    expect(model.getLayer('act_d').getConfig().activation).toBe('relu');
    model.dispose();
  });
});

describe('maxPool2 and upsample2', () => {
  it('halve with the padding rule and double, with finite shapes', async () => {
    const x = tfl.input({ shape: [7, 5, 1] });
    expect(maxPool2(x, 'same', 'p1').shape).toEqual([null, 4, 3, 1]);
    expect(maxPool2(x, 'valid', 'p2').shape).toEqual([null, 3, 2, 1]);
    const up = upsample2(x, 'u');
    expect(up.shape).toEqual([null, 14, 10, 1]);
    const model = tfl.model({ inputs: x, outputs: up });
    const input = tf.reshape(tf.range(0, 35), [1, 7, 5, 1]);
    const out = model.predict(input) as tf.Tensor;
    // Nearest neighbour: output (i, j) is input (⌊i/2⌋, ⌊j/2⌋).
    const v = await out.data();
    expect([v[0], v[1], v[2], v[10], v[10 * 3 + 5]]).toEqual([0, 0, 1, 0, 7]);
    tf.dispose([input, out]);
    model.dispose();
  });
});
