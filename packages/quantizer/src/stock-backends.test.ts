/**
 * The quantizer on stock backends: tfjs-backend-wasm and tfjs-backend-cpu as they come from
 * npm, without `@ae/backend`'s kernel fixes. Codes, losses, statistics and gradients are
 * compared with float64 references computed here in plain JavaScript.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import '@tensorflow/tfjs-layers'; // registers the gradients of the Node build of tfjs-core
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { oneHotRows } from './one-hot.js';
import { seededNormal, squaredDistance64 } from './testing.test-helpers.js';
import { vectorQuantize } from './vector-quantize.js';

const [N, D, K] = [40, 3, 6];
const normal = seededNormal(11);
const xs = Array.from({ length: N }, () => Array.from({ length: D }, () => normal()));
const codes = Array.from({ length: K }, () => Array.from({ length: D }, () => normal()));

/** Everything vectorQuantize returns, in float64 from the definitions. */
function reference() {
  const indices = xs.map((x) => {
    let best = 0;
    for (let k = 1; k < K; k++) {
      if (
        squaredDistance64(x, codes[k] as number[]) < squaredDistance64(x, codes[best] as number[])
      )
        best = k;
    }
    return best;
  });
  const mse =
    xs.reduce((s, x, n) => s + squaredDistance64(x, codes[indices[n] as number] as number[]), 0) /
    (N * D);
  const counts = new Array<number>(K).fill(0);
  for (const i of indices) counts[i] = (counts[i] as number) + 1;
  const entropy = counts.reduce((s, c) => (c === 0 ? s : s - (c / N) * Math.log(c / N)), 0);
  // ∂ mean((sg(x) − q)²) / ∂ codebook[k] = Σ over rows choosing k of 2 (q − x) / (N·D).
  const codebookGrad = codes.map((code, k) =>
    code.map((c, d) =>
      xs.reduce(
        (s, x, n) => (indices[n] === k ? s + (2 * (c - (x[d] as number))) / (N * D) : s),
        0,
      ),
    ),
  );
  return {
    indices,
    mse,
    perplexity: Math.exp(entropy),
    used: counts.filter((c) => c > 0).length / K,
    codebookGrad,
  };
}

const close = (a: ArrayLike<number>, b: ArrayLike<number>, tol: number) => {
  expect(a.length).toBe(b.length);
  for (let i = 0; i < a.length; i++)
    expect(Math.abs((a[i] as number) - (b[i] as number))).toBeLessThan(tol);
};

describe.each(['wasm', 'cpu'])('on stock %s (no kernel fixes)', (backend) => {
  it('oneHotRows gives exact one-hot rows', async () => {
    await tf.setBackend(backend);
    const rows = oneHotRows(tf.tensor1d([2, 0, 4, 2], 'int32'), 5);
    expect(rows.dtype).toBe('float32');
    expect(Array.from(rows.dataSync())).toEqual([
      0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 0,
    ]);
    rows.dispose();
  });

  it('vectorQuantize: codes, losses, perplexity and usage as the float64 reference', async () => {
    await tf.setBackend(backend);
    const ref = reference();
    const z = tf.tensor2d(xs);
    const codebook = tf.tensor2d(codes);
    const r = vectorQuantize(z, codebook, { commitmentWeight: 0.25 });
    expect(Array.from(r.indices.dataSync())).toEqual(ref.indices);
    close(
      r.quantized.dataSync(),
      ref.indices.flatMap((i) => codes[i] as number[]),
      1e-6,
    );
    close(r.losses.codebook.dataSync(), [ref.mse], 1e-5);
    close(r.losses.commitment.dataSync(), [0.25 * ref.mse], 1e-5);
    close(r.perplexity.dataSync(), [ref.perplexity], 1e-4);
    close(r.usage.dataSync(), [ref.used], 1e-6);
    tf.dispose([z, codebook, r]);
  });

  it('gradients: codebook loss to the codebook, straight-through to the inputs', async () => {
    await tf.setBackend(backend);
    const ref = reference();
    const z = tf.tensor2d(xs);
    const codebook = tf.tensor2d(codes);
    const before = tf.memory().numTensors;
    const [gz, gc] = tf.grads((a: tf.Tensor, c: tf.Tensor) => {
      const r = vectorQuantize(a, c);
      // Σ quantized sends ones to the inputs (straight-through); the codebook term to the codes.
      return tf.add(tf.sum(r.quantized), r.losses.codebook);
    })([z, codebook]);
    close(gc?.dataSync() ?? [], ref.codebookGrad.flat(), 1e-6);
    // Inputs: 1 from the straight-through sum, plus nothing from the codebook term (sg(x)).
    close(gz?.dataSync() ?? [], new Array(N * D).fill(1), 1e-6);
    tf.dispose([gz, gc]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([z, codebook]);
  });
});

it("stock wasm's own tf.oneHot ignores the float32 dtype (why oneHotRows exists)", async () => {
  await tf.setBackend('wasm');
  const hot = tf.oneHot(tf.tensor1d([1], 'int32'), 2, 1, 0, 'float32');
  // When this starts to fail, tfjs-backend-wasm is fixed and oneHotRows could go.
  expect(Array.from(hot.dataSync())).not.toEqual([0, 1]);
  hot.dispose();
});
