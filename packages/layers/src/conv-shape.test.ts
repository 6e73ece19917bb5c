import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { convOutputSize, type SpatialOp, traceConvShapes } from './conv-shape.js';
import { NetworkError } from './network-error.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const conv = (kernelSize: number, strides: number, padding: 'same' | 'valid'): SpatialOp => ({
  op: 'conv',
  kernelSize,
  strides,
  padding,
});
const transpose = (kernelSize: number, strides: number, padding: 'same' | 'valid'): SpatialOp => ({
  op: 'transpose',
  kernelSize,
  strides,
  padding,
});

/** The same op as a tfjs-layers layer (not built: no weights). */
function tfjsLayer(op: SpatialOp): tfl.layers.Layer {
  switch (op.op) {
    case 'conv':
      return tfl.layers.conv2d({ filters: 2, ...op });
    case 'transpose':
      return tfl.layers.conv2dTranspose({ filters: 2, ...op });
    case 'pool':
      return tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: op.padding });
    case 'upsample':
      return tfl.layers.upSampling2d({ size: [2, 2] });
  }
}

describe('convOutputSize', () => {
  it('gives the hand-computed sizes', () => {
    const cases: [number, SpatialOp, number][] = [
      [28, conv(3, 1, 'same'), 28],
      [28, conv(3, 2, 'same'), 14], // ⌈28/2⌉
      [7, conv(3, 2, 'same'), 4], // ⌈7/2⌉
      [28, conv(3, 1, 'valid'), 26], // 28 − 3 + 1
      [28, conv(5, 2, 'valid'), 12], // ⌊23/2⌋ + 1
      [7, conv(7, 1, 'valid'), 1],
      [3, conv(5, 1, 'valid'), -1], // kernel larger than the input
      [28, { op: 'pool', padding: 'valid' }, 14],
      [7, { op: 'pool', padding: 'valid' }, 3], // ⌊7/2⌋
      [7, { op: 'pool', padding: 'same' }, 4], // ⌈7/2⌉
      [1, { op: 'pool', padding: 'valid' }, 0],
      [7, transpose(3, 2, 'same'), 14],
      [1, transpose(7, 1, 'valid'), 7], // (1 − 1)·1 + 7
      [7, transpose(3, 2, 'valid'), 15], // (7 − 1)·2 + 3
      [5, transpose(1, 2, 'valid'), 10], // k < s: 5·2 + max(1 − 2, 0)
      [7, { op: 'upsample' }, 14],
    ];
    for (const [n, op, want] of cases)
      expect([n, op, convOutputSize(n, op)]).toEqual([n, op, want]);
  });

  it("agrees with tfjs-layers' computeOutputShape over sizes, kernels, strides and paddings", () => {
    const ops: SpatialOp[] = [{ op: 'upsample' }];
    for (const padding of ['same', 'valid'] as const) {
      ops.push({ op: 'pool', padding });
      for (const k of [1, 2, 3, 5, 7]) {
        for (const s of [1, 2, 3]) ops.push(conv(k, s, padding), transpose(k, s, padding));
      }
    }
    let compared = 0;
    for (const op of ops) {
      const layer = tfjsLayer(op);
      for (let h = 1; h <= 13; h++) {
        const w = h + 3;
        const shape = layer.computeOutputShape([null, h, w, 1]) as (number | null)[];
        expect([op, h, w, shape[1], shape[2]]).toEqual([
          op,
          h,
          w,
          convOutputSize(h, op),
          convOutputSize(w, op),
        ]);
        compared++;
      }
    }
    expect(compared).toBe(ops.length * 13);
  });

  it('matches the shapes of real forward passes', () => {
    const cases: [number, SpatialOp][] = [
      [7, conv(3, 2, 'same')],
      [9, conv(5, 2, 'valid')],
      [5, transpose(1, 2, 'valid')],
      [4, transpose(3, 2, 'valid')],
      [5, transpose(3, 3, 'same')],
      [7, { op: 'pool', padding: 'same' }],
      [7, { op: 'pool', padding: 'valid' }],
      [3, { op: 'upsample' }],
    ];
    for (const [n, op] of cases) {
      const x = tfl.input({ shape: [n, n + 1, 1] });
      const model = tfl.model({ inputs: x, outputs: tfjsLayer(op).apply(x) as tfl.SymbolicTensor });
      const y = model.predict(tf.ones([1, n, n + 1, 1])) as tf.Tensor;
      expect([op, y.shape.slice(1, 3)]).toEqual([
        op,
        [convOutputSize(n, op), convOutputSize(n + 1, op)],
      ]);
      y.dispose();
      model.dispose();
    }
  });
});

describe('traceConvShapes', () => {
  it('gives every step its output shape', () => {
    const shapes = traceConvShapes(
      'net',
      [28, 28, 1],
      [
        {
          label: 'layers[0]',
          ops: [conv(3, 1, 'same'), { op: 'pool', padding: 'same' }],
          filters: 32,
        },
        { label: 'layers[1]', ops: [conv(3, 2, 'same')], filters: 16 },
        { label: 'layers[2]', ops: [conv(7, 1, 'valid')], filters: 8 },
      ],
    );
    expect(shapes).toEqual([
      [14, 14, 32],
      [7, 7, 16],
      [1, 1, 8],
    ]);
  });

  it('names the layer, its input and why when a kernel is larger than its input', () => {
    const call = () =>
      traceConvShapes(
        'convEncoder',
        [8, 8, 1],
        [
          { label: 'layers[0]', ops: [conv(3, 2, 'same')], filters: 4 },
          { label: 'layers[1]', ops: [conv(3, 2, 'same')], filters: 4 },
          { label: 'layers[2]', ops: [conv(5, 1, 'valid')], filters: 4 },
        ],
      );
    expect(call).toThrow(NetworkError);
    expect(call).toThrow(
      /convEncoder: layers\[2\] \(conv 5×5, stride 1, valid\) gets a 2×2×4 input, smaller than its 5×5 kernel; use padding 'same'/,
    );
    try {
      call();
    } catch (e) {
      expect((e as NetworkError).code).toBe('NETWORK_BAD_SHAPE');
    }
  });

  it('names the layer when a size would become 0', () => {
    const call = () =>
      traceConvShapes(
        'net',
        [2, 2, 1],
        [
          {
            label: 'layers[0]',
            ops: [conv(3, 2, 'same'), { op: 'pool', padding: 'valid' }],
            filters: 4,
          },
        ],
      );
    expect(call).toThrow(
      /net: layers\[0\] \(max pooling 2×2, valid\) gets a 1×1×1 input and would give 0×0; remove this downsampling/,
    );
  });
});
