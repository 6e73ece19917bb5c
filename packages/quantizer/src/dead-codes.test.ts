import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { replaceDeadCodes } from './dead-codes.js';
import { rows, useCpuBackend, values } from './testing.test-helpers.js';

useCpuBackend();

describe('replaceDeadCodes', () => {
  const codebook = [
    [0, 0],
    [100, 100],
    [1, 1],
  ];
  const x = [
    [0.5, 0.25],
    [1.5, 1.25],
    [-0.75, 0.5],
  ];

  it('moves only codes below the threshold onto batch vectors and resets their stats', async () => {
    const out = replaceDeadCodes({
      codebook: tf.tensor2d(codebook),
      clusterSize: tf.tensor1d([3, 0.01, 2]),
      codeSum: tf.tensor2d([
        [0, 0],
        [1, 1],
        [2, 2],
      ]),
      x: tf.tensor2d(x),
      threshold: 0.5,
      seed: 3,
    });
    const codes = rows(await values(out.codebook), 2);
    expect(codes[0]).toEqual([0, 0]);
    expect(codes[2]).toEqual([1, 1]);
    const replacement = codes[1] ?? [];
    expect(x).toContainEqual(replacement);
    expect(await values(out.clusterSize)).toEqual([3, 0.5, 2]);
    expect(rows(await values(out.codeSum ?? tf.zeros([0])), 2)).toEqual([
      [0, 0],
      replacement.map((v) => v * 0.5),
      [2, 2],
    ]);
    expect(await values(out.restarted)).toEqual([0, 1, 0]);
  });

  it('is deterministic for a seed, and leaves everything alone when no code is dead', async () => {
    const run = async (seed: number, sizes: number[]) =>
      values(
        replaceDeadCodes({
          codebook: tf.tensor2d(codebook),
          clusterSize: tf.tensor1d(sizes),
          x: tf.tensor2d(x),
          threshold: 1,
          seed,
        }).codebook,
      );
    expect(await run(5, [0, 0, 0])).toEqual(await run(5, [0, 0, 0]));
    expect(await run(5, [1, 2, 3])).toEqual(codebook.flat());
  });
});
