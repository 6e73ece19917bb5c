import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { LossError } from './loss-error.js';
import { assertSameShape, formatShape } from './shape-check.js';
import { useCpuBackend } from './testing.test-helpers.js';

useCpuBackend();

describe('assertSameShape', () => {
  it('accepts equal shapes, including scalars', () => {
    expect(() => assertSameShape('f', 'a', tf.zeros([2, 3]), 'b', tf.ones([2, 3]))).not.toThrow();
    expect(() => assertSameShape('f', 'a', tf.scalar(1), 'b', tf.scalar(2))).not.toThrow();
  });

  it('rejects broadcastable but different shapes, naming the function, both inputs and shapes', () => {
    for (const [a, b] of [
      [[4], [4, 1]],
      [[2, 3], [3]],
      [
        [1, 3],
        [2, 3],
      ],
      [[], [1]],
    ] as const) {
      let caught: unknown;
      try {
        assertSameShape('lossFn', 'target', tf.zeros([...a]), 'prediction', tf.zeros([...b]));
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(LossError);
      expect((caught as LossError).code).toBe('LOSS_SHAPE_MISMATCH');
      expect((caught as LossError).message).toContain(
        `lossFn: target shape ${formatShape(a)} does not match prediction shape ${formatShape(b)}`,
      );
    }
  });
});
