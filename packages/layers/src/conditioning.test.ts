import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkNumClasses, concatLabel, labelInput } from './conditioning.js';
import { NetworkError } from './network-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('label conditioning', () => {
  it('appends the one-hot label input to the features, in that order', async () => {
    const x = tfl.input({ shape: [2] });
    const label = labelInput(3);
    expect(label.shape).toEqual([null, 3]);
    expect(label.name).toMatch(/^label/);
    const joined = concatLabel(x, label);
    expect(joined.shape).toEqual([null, 5]);
    const model = tfl.model({ inputs: [x, label], outputs: joined });
    expect(model.getLayer('concat_label').getClassName()).toBe('Concatenate');
    const inputs = [tf.tensor2d([[5, 6]]), tf.tensor2d([[0, 1, 0]])];
    const out = model.predict(inputs) as tf.Tensor;
    expect(Array.from(await out.data())).toEqual([5, 6, 0, 1, 0]);
    tf.dispose([...inputs, out]);
    model.dispose();
  });

  it('checkNumClasses accepts undefined (no label) or an integer ≥ 1', () => {
    expect(checkNumClasses('net', undefined)).toBeUndefined();
    expect(checkNumClasses('net', 10)).toBe(10);
    expect(() => checkNumClasses('net', 0)).toThrow(NetworkError);
    expect(() => checkNumClasses('net', 0)).toThrow(
      'net: numClasses must be an integer ≥ 1, got 0.',
    );
  });
});
