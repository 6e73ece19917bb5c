import '@tensorflow/tfjs-backend-cpu';
import { NetworkError } from '@ae/layers';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { type ConvDecoderArgs, convDecoder, convDecoderShapes } from './conv-decoder.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('convDecoder shapes', () => {
  it('derives startShape by running the size formulas backwards', () => {
    const layers = [
      { filters: 64, strides: 2 },
      { filters: 32, strides: 2 },
      { filters: 1, strides: 1 },
    ];
    expect(convDecoderShapes({ latentDim: 2, layers, outputShape: [28, 28, 1] })).toEqual({
      start: [7, 7, 64],
      layers: [
        [14, 14, 64],
        [28, 28, 32],
        [28, 28, 1],
      ],
    });
    const valid = [
      { filters: 32, kernelSize: 7, padding: 'valid' as const },
      { filters: 16, strides: 2 },
      { filters: 1, mode: 'upsample' as const },
    ];
    // backwards: 28×32 ← (upsample) 14×16 ← (stride 2) 7×8 ← (7×7 valid: n + 6) 1×2
    expect(convDecoderShapes({ latentDim: 2, layers: valid, outputShape: [28, 32, 1] })).toEqual({
      start: [1, 2, 32],
      layers: [
        [7, 8, 32],
        [14, 16, 16],
        [28, 32, 1],
      ],
    });
  });

  const base: ConvDecoderArgs = {
    latentDim: 2,
    layers: [
      { filters: 8, strides: 2 },
      { filters: 8, strides: 2 },
      { filters: 1, strides: 2 },
    ],
    outputShape: [28, 28, 1],
  };
  const fails = (args: Partial<ConvDecoderArgs>, message: RegExp, code = 'NETWORK_BAD_SHAPE') => {
    const call = () => convDecoder({ ...base, ...args } as ConvDecoderArgs);
    expect(call).toThrow(NetworkError);
    expect(call).toThrow(message);
    try {
      call();
    } catch (e) {
      expect((e as NetworkError).code).toBe(code);
    }
  };

  it('names the last layer, its size and the fix when the output size is missed', () => {
    fails(
      { startShape: [4, 4, 8] },
      /^convDecoder: layers\[2\] \(transpose 3×3, stride 2, same\) gives 32×32 but outputShape is 28×28: the decoder's upsampling factor 8 does not divide 28×28; use layers that upsample by 4 \(e\.g\. 2 stride-2 layers\) from startShape 7×7\.$/,
    );
    fails(
      { startShape: [3, 3, 8], outputShape: [16, 16, 1] },
      /gives 24×24 but outputShape is 16×16: use startShape 2×2\./,
    );
    fails(
      {
        latentDim: undefined,
        inputShape: [1, 1, 8],
        layers: [{ filters: 1, kernelSize: 5, padding: 'valid' }],
        outputShape: [4, 4, 1],
      },
      /layers\[0\] \(transpose 5×5, stride 1, valid\) gives 5×5 but outputShape is 4×4: change inputShape, the kernel sizes or the paddings/,
    );
  });

  it('says which layer cannot be inverted when deriving startShape', () => {
    fails(
      {},
      /^convDecoder: cannot derive startShape: layers\[0\] \(transpose 3×3, stride 2, same\) must give 7×7 and no whole input size does that; the decoder's upsampling factor 8 does not divide 28×28; use layers that upsample by 4 \(e\.g\. 2 stride-2 layers\) from startShape 7×7\.$/,
    );
    fails(
      { layers: [{ filters: 4, strides: 2, mode: 'conv' }, { filters: 1 }] },
      /cannot derive startShape: layers\[0\] \(conv 3×3, stride 2, same\) must give 28×28/,
    );
  });

  it('checks the output channels and layers that shrink below their kernel', () => {
    fails(
      {
        layers: [
          { filters: 8, strides: 2 },
          { filters: 3, strides: 2 },
        ],
      },
      /layers\[1\] has 3 filters but outputShape 28×28×1 has 1 channel\(s\); .*set its filters to 1, or append \{ filters: 1, kernelSize: 3, mode: 'conv' \}/,
    );
    fails(
      {
        startShape: [3, 3, 4],
        layers: [{ filters: 4, kernelSize: 5, padding: 'valid', mode: 'conv' }, { filters: 1 }],
      },
      /layers\[0\] \(conv 5×5, stride 1, valid\) gets a 3×3×4 input, smaller than its 5×5 kernel/,
    );
  });

  it('names the field, the value and what is accepted on bad arguments', () => {
    const bad = (args: Partial<ConvDecoderArgs>, message: RegExp) =>
      fails(args, message, 'NETWORK_BAD_ARGUMENT');
    bad({ inputShape: [7, 7, 8] }, /give exactly one of latentDim .* and inputShape/);
    bad({ latentDim: undefined }, /give exactly one of latentDim/);
    bad(
      { latentDim: undefined, inputShape: [7, 7, 8], numClasses: 10 },
      /numClasses \(10\) cannot be used with a feature-map input/,
    );
    bad({ layers: [] }, /layers must be a non-empty array/);
    bad(
      { layers: [{ filters: 1, mode: 'upsample', strides: 2 }] },
      /layers\[0\]\.strides must be 1 with mode 'upsample'/,
    );
    bad(
      { layers: [{ filters: 1, mode: 'deconv' as never }] },
      /layers\[0\]\.mode must be one of 'transpose', 'upsample', 'conv', got "deconv"/,
    );
    bad({ outputShape: [28, 28] }, /outputShape must be \[height, width, channels\]/);
    bad({ startShape: [7, 7, 0] }, /startShape\[2\] must be an integer ≥ 1, got 0/);
    bad(
      { startShape: [4, 4, 8], outputShape: [32, 32, 1], outputActivation: 'relu' as never },
      /outputActivation must be 'linear' or 'sigmoid', got "relu"/,
    );
  });
});
