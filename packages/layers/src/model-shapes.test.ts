import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkModelShapes, formatShapes, formatSymbolicShape } from './model-shapes.js';
import { NetworkError } from './network-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `[x (6), label (3)]` → dense 4 and dense 2. */
function twoInTwoOut(): tfl.LayersModel {
  const x = tfl.input({ shape: [6] });
  const label = tfl.input({ shape: [3] });
  const joined = tfl.layers.concatenate().apply([x, label]) as tfl.SymbolicTensor;
  const a = tfl.layers.dense({ units: 4 }).apply(joined) as tfl.SymbolicTensor;
  const b = tfl.layers.dense({ units: 2 }).apply(joined) as tfl.SymbolicTensor;
  return tfl.model({ inputs: [x, label], outputs: [a, b] });
}

describe('formatSymbolicShape and formatShapes', () => {
  it('print the batch dimension as null', () => {
    expect(formatSymbolicShape([null, 28, 28, 1])).toBe('[null, 28, 28, 1]');
    expect(formatSymbolicShape([])).toBe('[]');
    expect(formatShapes([{ shape: [null, 4] }, { shape: [null, 2] }])).toBe(
      '[[null, 4], [null, 2]]',
    );
  });
});

describe('checkModelShapes', () => {
  const inputs = [
    [null, 6],
    [null, 3],
  ];
  const outputs = [
    [null, 4],
    [null, 2],
  ];

  it('accepts a model whose inputs and outputs are exactly the expected ones', () => {
    const model = twoInTwoOut();
    checkModelShapes(model, 'thing', 'test', { inputs, outputs, outputNames: 'two tensors' });
    model.dispose();
  });

  it('names the role, the expected and the actual shapes of the inputs first, then the outputs', () => {
    const model = twoInTwoOut();
    const fails = (expected: Parameters<typeof checkModelShapes>[3]) => {
      try {
        checkModelShapes(model, 'encoder', 'VAE', expected);
      } catch (e) {
        expect(e).toBeInstanceOf(NetworkError);
        expect((e as NetworkError).code).toBe('NETWORK_BAD_MODEL');
        return (e as NetworkError).message;
      }
      throw new Error('accepted');
    };
    expect(fails({ inputs: [[null, 6]], outputs, outputNames: 'two tensors' })).toBe(
      'VAE: the encoder must take 1 input of shape [[null, 6]], got [[null, 6], [null, 3]].',
    );
    expect(
      fails({
        inputs: [
          [null, 6],
          [null, 5],
        ],
        outputs: [],
        outputNames: 'x',
      }),
    ).toBe(
      'VAE: the encoder must take 2 inputs of shape [[null, 6], [null, 5]], got [[null, 6], [null, 3]].',
    );
    expect(
      fails({
        inputs,
        outputs: [
          [null, 4],
          [null, 4],
        ],
        outputNames: '[mean, logVar]',
      }),
    ).toBe(
      'VAE: the encoder must output [mean, logVar] of shape [[null, 4], [null, 4]], got [[null, 4], [null, 2]].',
    );
    // The order matters: the same shapes swapped do not fit.
    expect(
      fails({ inputs: [inputs[1], inputs[0]] as (number | null)[][], outputs, outputNames: 'y' }),
    ).toMatch(/must take 2 inputs/);
    model.dispose();
  });
});
