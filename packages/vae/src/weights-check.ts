/**
 * Checks of a saved network's weights before tfjs builds it: the byte count its
 * `model.json` describes, the SHA-256 recorded in `ae.json`, and that every float is finite.
 */
import type { AeJsonWeights } from '@ae/core';
import { sha256 } from '@noble/hashes/sha2';
import { bytesToHex } from '@noble/hashes/utils';
import * as tf from '@tensorflow/tfjs-core';
import { ModelError } from './model-error.js';

/** The weight bytes of artifacts as one buffer. */
export function weightBytes(artifacts: tf.io.ModelArtifacts): ArrayBuffer {
  return artifacts.weightData === undefined
    ? new ArrayBuffer(0)
    : tf.io.CompositeArrayBuffer.join(artifacts.weightData);
}

/**
 * SHA-256 and length of weight bytes, as `ae.json` records them: with the platform's Web
 * Crypto where there is one (Node, browsers on https or localhost), else in JavaScript.
 */
export async function checksumOf(data: ArrayBuffer): Promise<AeJsonWeights> {
  const subtle = (globalThis as { crypto?: { subtle?: SubtleCrypto } }).crypto?.subtle;
  const digest = subtle
    ? new Uint8Array(await subtle.digest('SHA-256', data))
    : sha256(new Uint8Array(data));
  return { sha256: bytesToHex(digest), bytes: data.byteLength };
}

const BYTES: Record<string, number> = {
  float32: 4,
  int32: 4,
  bool: 1,
  uint8: 1,
  complex64: 8,
  uint16: 2,
  float16: 2,
};

/** Bytes one stored value of `spec` takes. */
function bytesPerValue(spec: tf.io.WeightsManifestEntry): number | undefined {
  return BYTES[spec.quantization?.dtype ?? spec.dtype];
}

/**
 * Throws unless `data` holds exactly the weights `specs` describe, matches `expected` (when
 * ae.json recorded it) and has only finite floats. `file` names the weights file in messages,
 * `network` the network.
 *
 * @throws ModelError `MODEL_BAD_SAVED_NETWORK` (wrong length), `MODEL_CHECKSUM_MISMATCH`,
 *   `MODEL_NON_FINITE_WEIGHTS`.
 */
export async function checkWeights(
  file: string,
  network: string,
  specs: readonly tf.io.WeightsManifestEntry[],
  data: ArrayBuffer,
  expected: AeJsonWeights | undefined,
): Promise<void> {
  let want = 0;
  let values = 0;
  for (const spec of specs) {
    const per = bytesPerValue(spec);
    if (per === undefined) return; // strings: no fixed size to check
    const n = spec.shape.reduce((a, b) => a * b, 1);
    values += n;
    want += n * per;
  }
  if (data.byteLength !== want) {
    throw new ModelError(
      'MODEL_BAD_SAVED_NETWORK',
      `${file}: ${data.byteLength} bytes, but model.json of network "${network}" describes ${values} values in ${specs.length} weights (${want} bytes); the file is truncated or belongs to another save. Save the model again, or restore the folder from a copy.`,
    );
  }
  if (expected !== undefined) {
    const got = await checksumOf(data);
    if (got.sha256 !== expected.sha256 || got.bytes !== expected.bytes) {
      throw new ModelError(
        'MODEL_CHECKSUM_MISMATCH',
        `${file}: SHA-256 ${got.sha256.slice(0, 16)}… (${got.bytes} bytes) differs from ${expected.sha256.slice(0, 16)}… (${expected.bytes} bytes) recorded in ae.json; the weights of network "${network}" changed after saving (a damaged copy, or files of two different saves). Save the model again, or restore the folder from a copy.`,
      );
    }
  }
  let offset = 0;
  for (const spec of specs) {
    const n = spec.shape.reduce((a, b) => a * b, 1);
    const per = bytesPerValue(spec) as number;
    if (spec.dtype === 'float32' && spec.quantization === undefined) {
      const view =
        offset % 4 === 0
          ? new Float32Array(data, offset, n)
          : new Float32Array(data.slice(offset, offset + 4 * n));
      let bad = 0;
      let first = -1;
      for (let i = 0; i < n; i++) {
        if (!Number.isFinite(view[i] as number)) {
          bad += 1;
          if (first < 0) first = i;
        }
      }
      if (bad > 0) {
        throw new ModelError(
          'MODEL_NON_FINITE_WEIGHTS',
          `${file}: weight "${spec.name}" of network "${network}" holds ${view[first]} at index ${first} (${bad} of its ${n} values are not finite); such a model computes only NaN. Load an earlier checkpoint, or train again with a lower learning rate.`,
        );
      }
    }
    offset += n * per;
  }
}
