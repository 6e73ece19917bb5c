import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients in Node.
import '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  expectClose,
  float32Samples,
  rows,
  seededNormal,
  squaredDistance64,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';
import { vectorQuantize } from './vector-quantize.js';

useCpuBackend();

// Inputs [2, 3, D]: six vectors, four codes.
const shape = [2, 3, 4];
const n = 6;
const d = 4;
const k = 5;
const beta = 0.3;
const xFlat = float32Samples(n * d, seededNormal(21));
const cFlat = float32Samples(k * d, seededNormal(22));
const xRows = rows(xFlat, d);
const cRows = rows(cFlat, d);
const chosen = xRows.map((x) => {
  const ds = cRows.map((c) => squaredDistance64(x, c));
  return ds.indexOf(Math.min(...ds));
});
/** q as float64 rows: the chosen codes. */
const qRows = chosen.map((i) => cRows[i] as number[]);
const meanSquared64 =
  xRows.reduce((s, x, r) => s + squaredDistance64(x, qRows[r] ?? []), 0) / (n * d);

const inputs = () => tf.tensor(xFlat, shape);
const codebook = () => tf.tensor2d(cFlat, [k, d]);

describe('vectorQuantize: values', () => {
  it('indices are the float64 argmin and quantized rows equal the chosen codes exactly', async () => {
    const out = vectorQuantize(inputs(), codebook(), { commitmentWeight: beta });
    expect(out.quantized.shape).toEqual(shape);
    expect(out.indices.shape).toEqual([2, 3]);
    expect(out.indices.dtype).toBe('int32');
    expect(await values(out.indices)).toEqual(chosen);
    expect(await values(out.quantized)).toEqual(qRows.flat().map(Math.fround));
  });

  it('losses, perplexity and usage match float64 re-computation', async () => {
    const out = vectorQuantize(inputs(), codebook(), { commitmentWeight: beta });
    const [commitment] = await values(out.losses.commitment);
    const [codebookLoss] = await values(out.losses.codebook);
    expect(commitment).toBeCloseTo(beta * meanSquared64, 5);
    expect(codebookLoss).toBeCloseTo(meanSquared64, 5);
    const counts = Array.from({ length: k }, (_, c) => chosen.filter((i) => i === c).length);
    const entropy = -counts.reduce((s, c) => (c > 0 ? s + (c / n) * Math.log(c / n) : s), 0);
    expect((await values(out.perplexity))[0]).toBeCloseTo(Math.exp(entropy), 5);
    expect(await values(out.usage)).toEqual([Math.fround(counts.filter((c) => c > 0).length / k)]);
  });

  it('defaults commitmentWeight to 0.25', async () => {
    const out = vectorQuantize(inputs(), codebook());
    expect((await values(out.losses.commitment))[0]).toBeCloseTo(0.25 * meanSquared64, 5);
  });
});

describe('vectorQuantize: gradients', () => {
  it('straight-through: dL/dx of L(quantized) is dL/dq evaluated at q', async () => {
    // L = Σ w ⊙ quantized²  ⇒  dL/dq = 2 w ⊙ q; at x the straight-through gradient is the same.
    const w = float32Samples(n * d, seededNormal(23));
    const [gx, gc] = tf.grads((x: tf.Tensor, c: tf.Tensor) => {
      const { quantized } = vectorQuantize(x, c);
      return tf.sum(tf.mul(tf.tensor(w, shape), tf.square(quantized)));
    })([inputs(), codebook()]) as [tf.Tensor, tf.Tensor];
    const expected = qRows.flat().map((q, i) => 2 * (w[i] as number) * q);
    expectClose(await values(gx), expected, { rtol: 1e-5, atol: 1e-6 });
    // The reconstruction path gives the codebook nothing.
    expect((await values(gc)).every((g) => g === 0)).toBe(true);
  });

  it('codebook loss: dL/dc_k = Σ_{n→k} 2(c_k − x_n)/(N·D), and nothing to the inputs', async () => {
    const [gx, gc] = tf.grads((x: tf.Tensor, c: tf.Tensor) => vectorQuantize(x, c).losses.codebook)(
      [inputs(), codebook()],
    ) as [tf.Tensor, tf.Tensor];
    const expected = new Array<number>(k * d).fill(0);
    chosen.forEach((code, r) => {
      for (let j = 0; j < d; j++) {
        expected[code * d + j] =
          (expected[code * d + j] ?? 0) +
          (2 * ((cRows[code]?.[j] ?? 0) - (xRows[r]?.[j] ?? 0))) / (n * d);
      }
    });
    expectClose(await values(gc), expected, { rtol: 1e-5, atol: 1e-7 });
    expect((await values(gx)).every((g) => g === 0)).toBe(true);
  });

  it('commitment loss: dL/dx = 2β(x − q)/(N·D), and nothing to the codebook', async () => {
    const [gx, gc] = tf.grads(
      (x: tf.Tensor, c: tf.Tensor) =>
        vectorQuantize(x, c, { commitmentWeight: beta }).losses.commitment,
    )([inputs(), codebook()]) as [tf.Tensor, tf.Tensor];
    const expected = Array.from(
      xFlat,
      (x, i) => (2 * beta * (x - (qRows.flat()[i] ?? 0))) / (n * d),
    );
    expectClose(await values(gx), expected, { rtol: 1e-5, atol: 1e-7 });
    expect((await values(gc)).every((g) => g === 0)).toBe(true);
  });
});

describe('vectorQuantize: errors', () => {
  it('names the field and value of a bad option', () => {
    expect(() => vectorQuantize(inputs(), codebook(), { commitmentWeight: -1 })).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_OPTION',
        message: expect.stringContaining(
          'vectorQuantize: commitmentWeight must be a finite number ≥ 0',
        ),
      }),
    );
  });

  it('rejects inputs whose last dimension is not the code dimension, or no vectors', () => {
    expect(() => vectorQuantize(tf.zeros([2, 3]), codebook())).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_SHAPE',
        message: expect.stringContaining('inputs shape [2,3] must end in the code dimension 4'),
      }),
    );
    expect(() => vectorQuantize(tf.zeros([0, 4]), codebook())).toThrow(
      expect.objectContaining({ code: 'QUANTIZER_BAD_SHAPE' }),
    );
  });
});
