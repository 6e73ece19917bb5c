/**
 * Running a model over rows held in typed arrays, a batch at a time, and reading the
 * outputs back once per batch: decoded codes and reconstructions for the pictures of the
 * explore commands. Nothing stays allocated.
 */
import type { AutoencoderModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';

/** Examples per batch of {@link decodeRows} and {@link reconstructRows}. */
const BATCH = 256;

/**
 * Labels of a conditional model: one per row (an array) or the same for every row (a
 * number). Unconditional models get none.
 */
export type RowLabels = Int32Array | number | undefined;

function condition(model: AutoencoderModel, labels: RowLabels, start: number, n: number) {
  if (!model.numClasses || labels === undefined) return {};
  return {
    labels:
      typeof labels === 'number'
        ? tf.fill([n], labels, 'int32')
        : tf.tensor1d(labels.subarray(start, start + n), 'int32'),
  };
}

async function mapRows(
  rows: Float32Array,
  count: number,
  rowShape: readonly number[],
  run: (x: tf.Tensor, start: number, n: number) => tf.Tensor,
): Promise<Float32Array> {
  const rowSize = rowShape.reduce((a, b) => a * b, 1);
  if (rows.length !== count * rowSize) {
    throw new RangeError(
      `model rows: ${count} rows of [${rowShape.join(', ')}] need ${count * rowSize} values, got ${rows.length}.`,
    );
  }
  const parts: Float32Array[] = [];
  for (let start = 0; start < count; start += BATCH) {
    const n = Math.min(BATCH, count - start);
    const out = tf.tidy(() =>
      run(
        tf.tensor(rows.subarray(start * rowSize, (start + n) * rowSize), [n, ...rowShape]),
        start,
        n,
      ),
    );
    parts.push((await out.data()) as Float32Array);
    out.dispose();
  }
  const size = parts.reduce((a, p) => a + p.length, 0);
  const all = new Float32Array(size);
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

/**
 * Decodes `count` latent codes (row-major `[count, latentDim]`): `[count, ...inputShape]`
 * values. Conditional models need `labels`.
 */
export function decodeRows(
  model: AutoencoderModel,
  codes: Float32Array,
  count: number,
  labels?: RowLabels,
): Promise<Float32Array> {
  return mapRows(codes, count, [model.latentDim], (z, start, n) =>
    model.decode(z, condition(model, labels, start, n)),
  );
}

/**
 * Reconstructs `count` examples (row-major `[count, ...inputShape]`), with the labels of
 * a conditional model.
 */
export function reconstructRows(
  model: AutoencoderModel,
  x: Float32Array,
  count: number,
  labels?: RowLabels,
): Promise<Float32Array> {
  return mapRows(x, count, model.inputShape, (batch, start, n) =>
    model.reconstruct(batch, condition(model, labels, start, n)),
  );
}
