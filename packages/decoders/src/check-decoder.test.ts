import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkDecoder } from './check-decoder.js';
import { convDecoder } from './conv-decoder.js';
import { denseDecoder } from './dense-decoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A hand-made decoder: inputs → dense → reshape to `outputShape`. */
function custom(inputs: number[][], outputShape: number[]): tfl.LayersModel {
  const ins = inputs.map((shape) => tfl.input({ shape }));
  const joined =
    ins.length > 1 ? (tfl.layers.concatenate().apply(ins) as tfl.SymbolicTensor) : ins[0];
  const units = outputShape.reduce((a, b) => a * b, 1);
  const flat = tfl.layers.dense({ units }).apply(joined as tfl.SymbolicTensor);
  const out = tfl.layers.reshape({ targetShape: outputShape }).apply(flat);
  return tfl.model({ inputs: ins, outputs: out as tfl.SymbolicTensor });
}

describe('checkDecoder', () => {
  it("accepts this package's decoders for the matching arguments", () => {
    const dense = denseDecoder({ latentDim: 4, hidden: [], outputShape: [2, 2, 1], numClasses: 3 });
    checkDecoder(dense, { latentDim: 4, outputShape: [2, 2, 1], numClasses: 3 });
    const conv = convDecoder({
      inputShape: [2, 2, 3],
      layers: [{ filters: 1, strides: 2 }],
      outputShape: [4, 4, 1],
    });
    checkDecoder(conv, { inputShape: [2, 2, 3], outputShape: [4, 4, 1] });
    dense.dispose();
    conv.dispose();
  });

  it('names the expected and the actual shapes when they differ', () => {
    const fails = (
      model: tfl.LayersModel,
      args: Parameters<typeof checkDecoder>[1],
      msg: RegExp,
    ) => {
      const call = () => checkDecoder(model, args);
      expect(call).toThrow(NetworkError);
      expect(call).toThrow(msg);
      model.dispose();
    };
    fails(
      custom([[8]], [28, 28, 1]),
      { latentDim: 16, outputShape: [28, 28, 1] },
      /checkDecoder: the decoder must take 1 input of shape \[\[null, 16\]\], got \[\[null, 8\]\]/,
    );
    fails(
      custom([[8]], [784]),
      { latentDim: 8, outputShape: [28, 28, 1], context: 'VAE' },
      /VAE: the decoder must output one tensor of shape \[\[null, 28, 28, 1\]\], got \[\[null, 784\]\]/,
    );
    fails(
      custom([[8]], [4]),
      { latentDim: 8, outputShape: [4], numClasses: 3 },
      /must take 2 inputs of shape \[\[null, 8\], \[null, 3\]\], got \[\[null, 8\]\]/,
    );
    fails(custom([[8]], [4]), { outputShape: [4] }, /give exactly one of latentDim and inputShape/);
  });
});
