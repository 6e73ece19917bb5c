import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-layers';
import type { Dataset } from '@ae/datasets';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { buildModel, type ModelFlags } from './build-model.js';
import { checkModelSize, denseParameters, densePlan, WASM_HEAP_BYTES } from './planned-size.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const data = (shape: [number, number, number], classes = 0): Dataset => {
  const size = shape[0] * shape[1] * shape[2];
  return {
    name: 'tiny',
    x: new Float32Array(size * 4),
    shape,
    count: 4,
    ...(classes ? { labels: Int32Array.from([0, 1, 2, 0].map((l) => l % classes)) } : {}),
  };
};

describe('densePlan', () => {
  it('counts exactly the trainable weights of the model that is built', () => {
    const cases: [ModelFlags, Dataset][] = [
      [{ model: 'ae', latentDim: 3, hidden: [7, 5], seed: 0 }, data([4, 4, 1])],
      [{ model: 'sparse-ae', latentDim: 2, hidden: [6], seed: 0 }, data([3, 5, 1])],
      [{ model: 'vae', latentDim: 4, hidden: [9, 6], seed: 0 }, data([4, 4, 1])],
      [{ model: 'beta-vae', seed: 0 }, data([2, 3, 1])],
      [{ model: 'cvae', latentDim: 2, hidden: [8], seed: 0 }, data([4, 4, 1], 3)],
    ];
    for (const [flags, ds] of cases) {
      const model = buildModel(flags, ds);
      const built = model.trainableVariables.reduce((a, v) => a + v.size, 0);
      model.dispose();
      const plan = densePlan(flags, ds.shape, flags.model === 'cvae' ? 3 : 0);
      expect(plan, flags.model).toBeDefined();
      const planned = denseParameters(plan?.encoder ?? []) + denseParameters(plan?.decoder ?? []);
      expect(planned, flags.model).toBe(built);
    }
  });

  it('leaves out convolutional models, whose preset fixes their size', () => {
    expect(densePlan({ model: 'conv-ae', seed: 0 }, [28, 28, 1])).toBeUndefined();
    expect(
      densePlan({ model: 'vae', preset: 'torch-conv-vae', seed: 0 }, [28, 28, 1]),
    ).toBeUndefined();
    expect(densePlan({ model: 'vq-vae', seed: 0 }, [28, 28, 1])).toBeUndefined();
  });
});

describe('checkModelSize', () => {
  const mnist = { shape: [28, 28, 1] as const, count: 60000 };
  const train = { batchSize: 128, optimizer: 'adam' };

  it('lets the usual sizes through on every backend', () => {
    for (const backend of ['wasm', 'cpu']) {
      expect(() =>
        checkModelSize({ model: 'vae', seed: 0, ...train }, mnist, backend),
      ).not.toThrow();
      expect(() =>
        checkModelSize({ model: 'ae', hidden: [2048, 1024], seed: 0, ...train }, mnist, backend),
      ).not.toThrow();
    }
  });

  it('refuses --latent-dim 2000000 with the parameter count, the limit and the flag', () => {
    const f = () =>
      checkModelSize({ model: 'vae', latentDim: 2e6, seed: 0, ...train }, mnist, 'wasm');
    expect(f).toThrow(CliError);
    // 785·512 + 513·4,000,000 (encoder) + 2,000,001·512 + 513·784 (decoder).
    const params = 785 * 512 + 513 * 4e6 + 2000001 * 512 + 513 * 784;
    expect(f).toThrow(`the vae would have ${params.toLocaleString('en-US')} parameters`);
    expect(f).toThrow(
      /more than the wasm backend can hold \(its heap is at most 4 GiB\)\. Use a smaller --latent-dim \(2000000 now\)\.$/,
    );
  });

  it('names --hidden, the input size or --batch-size when that is what does not fit', () => {
    const wide = () =>
      checkModelSize({ model: 'ae', hidden: [1_000_000], seed: 0, ...train }, mnist, 'wasm');
    expect(wide).toThrow(/Use narrower --hidden layers \(1000000 now\)\.$/);
    const huge = { shape: [2000, 2000, 3] as const, count: 10 };
    const big = () => checkModelSize({ model: 'ae', seed: 0, ...train }, huge, 'wasm');
    expect(big).toThrow(/Each example has 12000000 values, too many for dense layers/);
    const batch = () =>
      checkModelSize(
        { model: 'ae', seed: 0, batchSize: 400_000, optimizer: 'adam' },
        { shape: [28, 28, 1], count: 1_000_000 },
        'wasm',
      );
    expect(batch).toThrow(/Use a smaller --batch-size \(400000 now\)\.$/);
    expect(WASM_HEAP_BYTES).toBe(2 ** 32 - 2 ** 16);
  });
});
