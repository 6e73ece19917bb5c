/**
 * Turns decoded IDX image / label files into a {@link Dataset}. Platform-neutral:
 * Node loaders read the files from disk, a browser can fetch them, both end here.
 */

import { checkLimit, type Dataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import type { IdxArray } from './idx.js';

/** Input of {@link datasetFromIdx}. */
export interface IdxDatasetOptions {
  /** Name of the dataset, e.g. 'mnist-train'. */
  readonly name: string;
  /** uint8 images, dims [n, height, width] or [n, height, width, channels]. */
  readonly images: IdxArray;
  /** uint8 labels, dims [n]; omit for an unlabelled dataset. */
  readonly labels?: IdxArray;
  /** Names of the classes, indexed by label. */
  readonly classNames?: readonly string[];
  /** Shape each image must have, [height, width, channels]; checked if given. */
  readonly expectedShape?: readonly [number, number, number];
  /** Keep only the first `limit` examples (only those are converted). */
  readonly limit?: number;
}

function unexpectedDims(idx: IdxArray, expected: string): DatasetError {
  return new DatasetError(
    'IDX_UNEXPECTED_DIMS',
    `${idx.source}: expected dims ${expected}, got [${idx.dims.join(', ')}]. Check that the file is the right one (images vs labels, train vs test).`,
  );
}

function requireUint8(idx: IdxArray): Uint8Array {
  if (idx.type !== 'uint8') {
    throw new DatasetError(
      'IDX_UNEXPECTED_TYPE',
      `${idx.source}: expected uint8 elements (type byte 0x08), got ${idx.type}. Image and label files must hold unsigned bytes.`,
    );
  }
  return idx.data as Uint8Array;
}

/**
 * Builds a dataset from IDX images (pixels 0…255, scaled to [0, 1] by /255) and
 * optional IDX labels.
 *
 * @throws DatasetError `IDX_UNEXPECTED_TYPE` (not uint8), `IDX_UNEXPECTED_DIMS`
 *   (wrong rank or not `expectedShape`), `DATASET_COUNT_MISMATCH` (images vs
 *   labels), `DATASET_BAD_LIMIT` / `DATASET_LIMIT_TOO_LARGE`, `DATASET_INVALID`
 *   (a label outside `classNames`).
 */
export function datasetFromIdx(options: IdxDatasetOptions): Dataset {
  const { name, images, labels, classNames, expectedShape } = options;
  const pixels = requireUint8(images);
  const dims = images.dims;
  const expectedText = expectedShape
    ? `[n, ${expectedShape[0]}, ${expectedShape[1]}${expectedShape[2] === 1 ? '' : `, ${expectedShape[2]}`}]`
    : '[n, height, width] or [n, height, width, channels]';
  if (dims.length !== 3 && dims.length !== 4) throw unexpectedDims(images, expectedText);
  const [n, height, width] = dims as [number, number, number];
  const channels = dims[3] ?? 1;
  if (
    expectedShape &&
    (height !== expectedShape[0] || width !== expectedShape[1] || channels !== expectedShape[2])
  ) {
    throw unexpectedDims(images, expectedText);
  }

  let labelBytes: Uint8Array | undefined;
  if (labels !== undefined) {
    labelBytes = requireUint8(labels);
    if (labels.dims.length !== 1) throw unexpectedDims(labels, '[n]');
    if (labels.dims[0] !== n) {
      throw new DatasetError(
        'DATASET_COUNT_MISMATCH',
        `${name}: ${images.source} has ${n} images but ${labels.source} has ${labels.dims[0]} labels. Pair the images with the labels file of the same split.`,
      );
    }
  }

  const count = options.limit ?? n;
  checkLimit(name, count, n, ` (${images.source})`);

  const size = height * width * channels;
  const total = count * size;
  const x = new Float32Array(total);
  // Hot loop: one division per pixel, no calls, no intermediate arrays.
  for (let i = 0; i < total; i++) x[i] = (pixels[i] as number) / 255;

  let labelArray: Int32Array | undefined;
  if (labelBytes !== undefined) {
    labelArray = new Int32Array(labelBytes.subarray(0, count));
    if (classNames !== undefined) {
      for (let i = 0; i < count; i++) {
        const label = labelArray[i] as number;
        if (label >= classNames.length) {
          throw new DatasetError(
            'DATASET_INVALID',
            `${labels?.source}: label ${label} of example ${i} is not below the ${classNames.length} class names. Check that the labels file belongs to this dataset.`,
          );
        }
      }
    }
  }

  return {
    name,
    x,
    shape: [height, width, channels],
    count,
    ...(labelArray !== undefined ? { labels: labelArray } : {}),
    ...(classNames !== undefined ? { classNames } : {}),
  };
}
