import { describe, expect, it } from 'vitest';
import { validateDataset } from './dataset.js';
import { DatasetError } from './dataset-error.js';
import type { IdxArray } from './idx.js';
import { datasetFromIdx } from './idx-dataset.js';

const u8 = (dims: number[], values: number[], source = 'f'): IdxArray => ({
  type: 'uint8',
  dims,
  data: Uint8Array.from(values),
  source,
});

function errorOf(fn: () => unknown): DatasetError {
  try {
    fn();
  } catch (e) {
    if (e instanceof DatasetError) return e;
    throw e;
  }
  throw new Error('expected a DatasetError');
}

describe('datasetFromIdx', () => {
  const images = u8([3, 1, 2], [0, 255, 51, 102, 1, 254], 'imgs');
  const labels = u8([3], [2, 0, 1], 'lbls');

  it('scales pixels by 1/255 and widens labels', () => {
    const ds = datasetFromIdx({ name: 'd', images, labels, classNames: ['a', 'b', 'c'] });
    expect(ds.name).toBe('d');
    expect(ds.shape).toEqual([1, 2, 1]);
    expect(ds.count).toBe(3);
    // 51/255 = 0.2, 102/255 = 0.4 exactly in float64; compare as float32.
    expect(Array.from(ds.x)).toEqual([0, 1, 0.2, 0.4, 1 / 255, 254 / 255].map(Math.fround));
    expect(ds.labels).toBeInstanceOf(Int32Array);
    expect(Array.from(ds.labels ?? [])).toEqual([2, 0, 1]);
    expect(ds.classNames).toEqual(['a', 'b', 'c']);
    validateDataset(ds, { checkValues: true });
  });

  it('reads channels from a rank-4 file and allows no labels', () => {
    const ds = datasetFromIdx({ name: 'rgb', images: u8([1, 1, 1, 3], [255, 0, 255]) });
    expect(ds.shape).toEqual([1, 1, 3]);
    expect('labels' in ds).toBe(false);
    expect('classNames' in ds).toBe(false);
  });

  it('converts only the first `limit` examples', () => {
    const ds = datasetFromIdx({ name: 'd', images, labels, limit: 2 });
    expect(ds.count).toBe(2);
    expect(ds.x.length).toBe(4);
    expect(Array.from(ds.labels ?? [])).toEqual([2, 0]);
    expect(datasetFromIdx({ name: 'd', images, limit: 0 }).count).toBe(0);
  });

  it('rejects a limit above the count naming both numbers', () => {
    const e = errorOf(() => datasetFromIdx({ name: 'd', images, limit: 4 }));
    expect(e.code).toBe('DATASET_LIMIT_TOO_LARGE');
    expect(e.message).toMatch(/limit 4 is larger than its 3 examples/);
    expect(errorOf(() => datasetFromIdx({ name: 'd', images, limit: -2 })).code).toBe(
      'DATASET_BAD_LIMIT',
    );
  });

  it('rejects non-uint8 files', () => {
    const e = errorOf(() =>
      datasetFromIdx({ name: 'd', images: { ...images, type: 'int16', data: new Int16Array(6) } }),
    );
    expect(e.code).toBe('IDX_UNEXPECTED_TYPE');
    expect(e.message).toMatch(/^imgs: expected uint8/);
  });

  it('rejects wrong ranks and shapes naming the file', () => {
    expect(
      errorOf(() => datasetFromIdx({ name: 'd', images: u8([6], [0, 0, 0, 0, 0, 0]) })).code,
    ).toBe('IDX_UNEXPECTED_DIMS');
    const e = errorOf(() => datasetFromIdx({ name: 'd', images, expectedShape: [28, 28, 1] }));
    expect(e.code).toBe('IDX_UNEXPECTED_DIMS');
    expect(e.message).toMatch(/^imgs: expected dims \[n, 28, 28\], got \[3, 1, 2\]/);
    const l = errorOf(() =>
      datasetFromIdx({ name: 'd', images, labels: u8([3, 1], [0, 0, 0], 'lbls') }),
    );
    expect(l.message).toMatch(/^lbls: expected dims \[n\]/);
  });

  it('rejects images and labels of different counts', () => {
    const e = errorOf(() => datasetFromIdx({ name: 'd', images, labels: u8([2], [0, 0], 'lbls') }));
    expect(e.code).toBe('DATASET_COUNT_MISMATCH');
    expect(e.message).toMatch(/imgs has 3 images but lbls has 2 labels/);
  });

  it('rejects labels outside classNames', () => {
    const e = errorOf(() => datasetFromIdx({ name: 'd', images, labels, classNames: ['a', 'b'] }));
    expect(e.code).toBe('DATASET_INVALID');
    expect(e.message).toMatch(/^lbls: label 2 of example 0/);
  });
});
