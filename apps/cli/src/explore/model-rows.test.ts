import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import { ConditionalVAE, VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeRows, reconstructRows } from './model-rows.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** 300 rows (two batches of the helpers) of deterministic values in [0, 1]. */
function rows(n: number, size: number): Float32Array {
  return Float32Array.from({ length: n * size }, (_, i) => (Math.sin(i * 0.37) + 1) / 2);
}

describe('model rows', () => {
  it('decode / reconstruct in batches equal one call on all rows, leaving nothing allocated', async () => {
    const vae = new VAE({ inputShape: [4, 4, 1], latentDim: 2, hidden: [8], seed: 1 });
    const n = 300;
    const z = rows(n, 2);
    const x = rows(n, 16);
    const whole = async (f: () => tf.Tensor) => {
      const t = f();
      const d = (await t.data()) as Float32Array;
      t.dispose();
      return d;
    };
    const before = tf.memory().numTensors;
    const decoded = await decodeRows(vae, z, n);
    const recon = await reconstructRows(vae, x, n);
    expect(tf.memory().numTensors).toBe(before);
    const refDecoded = await whole(() => vae.decode(tf.tensor(z, [n, 2])));
    const refRecon = await whole(() => vae.reconstruct(tf.tensor(x, [n, 4, 4, 1])));
    expect(decoded).toHaveLength(n * 16);
    for (const [a, b] of [
      [decoded, refDecoded],
      [recon, refRecon],
    ] as const) {
      for (let i = 0; i < a.length; i++)
        expect(Math.abs((a[i] ?? 0) - (b[i] ?? 0))).toBeLessThan(1e-6);
    }
    await expect(decodeRows(vae, z, n + 1)).rejects.toThrow(/need 602 values, got 600/);
    vae.dispose();
  });

  it('gives a conditional model its labels, per row or one for all', async () => {
    const cvae = new ConditionalVAE({
      inputShape: [4, 4, 1],
      latentDim: 2,
      hidden: [8],
      numClasses: 3,
      seed: 2,
    });
    const z = rows(3, 2);
    const perRow = await decodeRows(cvae, z, 3, new Int32Array([0, 1, 2]));
    const allTwo = await decodeRows(cvae, z, 3, 2);
    const ref = cvae.decode(tf.tensor(z, [3, 2]), { labels: tf.tensor1d([0, 1, 2], 'int32') });
    const refData = await ref.data();
    ref.dispose();
    for (let i = 0; i < perRow.length; i++) expect(perRow[i]).toBeCloseTo(refData[i] ?? 0, 6);
    // Row 2 has label 2 both times; row 0 differs (label 0 vs 2).
    expect(allTwo.subarray(32)).toEqual(perRow.subarray(32));
    expect(allTwo.subarray(0, 16)).not.toEqual(perRow.subarray(0, 16));
    cvae.dispose();
  });
});
