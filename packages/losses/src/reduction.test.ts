import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LossError } from './loss-error.js';
import { isReduction, REDUCTIONS, type Reduction, reduce } from './reduction.js';
import {
  expectClose,
  float32Samples,
  referenceReduce,
  seededNormal,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';

useCpuBackend();

describe('reduce', () => {
  const shape = [4, 3, 5];
  const data = float32Samples(60, seededNormal(7));

  it.each(REDUCTIONS)('%s matches a float64 re-computation', async (reduction) => {
    const x = tf.tensor(data, shape);
    const out = reduce(x, reduction);
    const expectedShape: Record<Reduction, number[]> = {
      'batch-mean': [],
      'per-example': [4],
      mean: [],
      sum: [],
      none: shape,
    };
    expect(out.shape).toEqual(expectedShape[reduction]);
    expectClose(await values(out), referenceReduce(data, shape, reduction), {
      rtol: 1e-5,
      atol: 1e-6,
    });
    tf.dispose([x, out]);
  });

  it('treats a rank-1 tensor as [batch] (nothing to sum per example)', async () => {
    const x = tf.tensor1d([1, 2, 3, 6]);
    expect(await values(reduce(x, 'per-example'))).toEqual([1, 2, 3, 6]);
    expect(await values(reduce(x, 'batch-mean'))).toEqual([3]);
    x.dispose();
  });

  it('accepts scalars for mean, sum and none, and rejects batch reductions of scalars', async () => {
    const s = tf.scalar(2.5);
    for (const r of ['mean', 'sum', 'none'] as const) {
      expect(await values(reduce(s, r))).toEqual([2.5]);
    }
    for (const r of ['batch-mean', 'per-example'] as const) {
      expect(() => reduce(s, r)).toThrow(LossError);
      try {
        reduce(s, r);
      } catch (e) {
        expect((e as LossError).code).toBe('LOSS_BAD_RANK');
      }
    }
    s.dispose();
  });

  it('does not dispose its input; the none result is independently owned', async () => {
    const x = tf.tensor2d([[1, 2]]);
    const out = reduce(x, 'none');
    out.dispose();
    expect(x.isDisposed).toBe(false);
    expect(await values(x)).toEqual([1, 2]);
    x.dispose();
  });

  it('rejects an unknown reduction with a typed error naming the value and the options', () => {
    const x = tf.tensor1d([1]);
    let caught: unknown;
    try {
      reduce(x, 'avg' as Reduction);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LossError);
    const err = caught as LossError;
    expect(err.code).toBe('LOSS_BAD_REDUCTION');
    expect(err.name).toBe('LossError');
    expect(err.message).toContain('"avg"');
    for (const r of REDUCTIONS) expect(err.message).toContain(`"${r}"`);
    x.dispose();
  });
});

describe('isReduction / REDUCTIONS', () => {
  it('lists exactly the five reductions and guards unknown values', () => {
    expect([...REDUCTIONS]).toEqual(['batch-mean', 'per-example', 'mean', 'sum', 'none']);
    expect(Object.isFrozen(REDUCTIONS)).toBe(true);
    for (const r of REDUCTIONS) expect(isReduction(r)).toBe(true);
    for (const v of ['avg', 'Mean', '', undefined, null, 3]) expect(isReduction(v)).toBe(false);
  });
});
