import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkEncoder } from './check-encoder.js';
import { convEncoder } from './conv-encoder.js';
import { denseEncoder } from './dense-encoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A hand-made model with the given inputs and one dense output per entry of `outputs`. */
function custom(inputs: number[][], outputs: number[]): tfl.LayersModel {
  const ins = inputs.map((shape) => tfl.input({ shape }));
  const flat = ins.map((i) =>
    i.shape.length > 2 ? (tfl.layers.flatten().apply(i) as tfl.SymbolicTensor) : i,
  );
  const joined =
    flat.length > 1 ? (tfl.layers.concatenate().apply(flat) as tfl.SymbolicTensor) : flat[0];
  const outs = outputs.map(
    (units) =>
      tfl.layers.dense({ units }).apply(joined as tfl.SymbolicTensor) as tfl.SymbolicTensor,
  );
  return tfl.model({ inputs: ins, outputs: outs });
}

describe('checkEncoder', () => {
  it("accepts this package's encoders for the matching arguments", () => {
    const dense = denseEncoder({ inputShape: [4, 4, 1], hidden: [3], latentDim: 2, numClasses: 5 });
    checkEncoder(dense, { inputShape: [4, 4, 1], latentDim: 2, numClasses: 5 });
    const conv = convEncoder({
      inputShape: [8, 8, 1],
      layers: [{ filters: 3, pool: 2 }],
      head: 'feature-map',
    });
    checkEncoder(conv, { inputShape: [8, 8, 1], head: 'feature-map', codeShape: [4, 4, 3] });
    const det = custom([[6]], [3]);
    checkEncoder(det, { inputShape: [6], head: 'deterministic', latentDim: 3 });
    for (const m of [dense, conv, det]) m.dispose();
  });

  it('names the expected and the actual shapes when they differ', () => {
    const fails = (
      model: tfl.LayersModel,
      args: Parameters<typeof checkEncoder>[1],
      msg: RegExp,
    ) => {
      const call = () => checkEncoder(model, args);
      expect(call).toThrow(NetworkError);
      expect(call).toThrow(msg);
      model.dispose();
    };
    fails(
      custom([[784]], [16, 16]),
      { inputShape: [28, 28, 1], latentDim: 16 },
      /checkEncoder: the encoder must take 1 input of shape \[\[null, 28, 28, 1\]\], got \[\[null, 784\]\]/,
    );
    fails(
      custom([[6]], [4]),
      { inputShape: [6], latentDim: 4, context: 'VAE' },
      /VAE: the encoder must output two tensors \[mean, logVar\] of shape \[\[null, 4\], \[null, 4\]\], got \[\[null, 4\]\]/,
    );
    fails(
      custom([[6]], [4, 3]),
      { inputShape: [6], latentDim: 4 },
      /got \[\[null, 4\], \[null, 3\]\]/,
    );
    fails(
      custom([[6]], [4, 4]),
      { inputShape: [6], latentDim: 4, numClasses: 10 },
      /must take 2 inputs of shape \[\[null, 6\], \[null, 10\]\], got \[\[null, 6\]\]/,
    );
    fails(
      custom([[6]], [4]),
      { inputShape: [6], head: 'feature-map', codeShape: [2, 2, 1] },
      /must output one feature map of shape \[\[null, 2, 2, 1\]\], got \[\[null, 4\]\]/,
    );
  });

  it('tells which argument is missing for the head', () => {
    const m = custom([[6]], [4]);
    expect(() => checkEncoder(m, { inputShape: [6] })).toThrow(
      /latentDim is needed to check a 'gaussian' encoder/,
    );
    expect(() => checkEncoder(m, { inputShape: [6], head: 'feature-map' })).toThrow(
      /codeShape is needed to check a 'feature-map' encoder/,
    );
    m.dispose();
  });
});
