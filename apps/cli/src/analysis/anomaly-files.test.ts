import { describe, expect, it } from 'vitest';
import { topIndices } from './anomaly-files.js';

describe('topIndices', () => {
  it('orders the most anomalous first, ties by index', () => {
    expect(topIndices(Float32Array.from([1, 5, 3, 5, 0]), 3)).toEqual([1, 3, 2]);
  });
});
