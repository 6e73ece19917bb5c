import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import {
  float32Samples,
  rows,
  seededNormal,
  useCpuBackend,
  values,
} from './testing.test-helpers.js';
import { VectorQuantizerLayer } from './vector-quantizer-layer.js';

useCpuBackend();

/** input [4] → dense [2] → vq → dense [3], all seeded. */
function buildModel(vqArgs: ConstructorParameters<typeof VectorQuantizerLayer>[0]) {
  const input = tfl.input({ shape: [4] });
  const encoder = tfl.layers.dense({
    units: 2,
    name: 'enc',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 1 }),
  });
  const z = encoder.apply(input) as tfl.SymbolicTensor;
  const vq = new VectorQuantizerLayer({ name: 'vq', ...vqArgs });
  const decoder = tfl.layers.dense({
    units: 3,
    name: 'dec',
    kernelInitializer: tfl.initializers.glorotUniform({ seed: 2 }),
  });
  const output = decoder.apply(vq.apply(z)) as tfl.SymbolicTensor;
  return { model: tfl.model({ inputs: input, outputs: output }), encoder, vq };
}

async function roundTrip(model: tfl.LayersModel): Promise<tfl.LayersModel> {
  let saved: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      saved = artifacts;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!saved) throw new Error('nothing saved');
  // Through JSON, as a file would be.
  const topology = JSON.parse(JSON.stringify(saved.modelTopology));
  return tfl.loadLayersModel(tf.io.fromMemory({ ...saved, modelTopology: topology }));
}

const x = tf.tidy(() => tf.tensor2d(float32Samples(40 * 4, seededNormal(61)), [40, 4]));

describe('VectorQuantizerLayer', () => {
  it('saves and loads: identical outputs, indices, weights and config', async () => {
    const args = {
      numCodes: 5,
      ema: { decay: 0.9 },
      init: 'kmeans' as const,
      deadCodeThreshold: 0.5,
      commitmentWeight: 0.5,
      seed: 3,
    };
    const { model, encoder, vq } = buildModel(args);
    // A few training updates so every weight differs from its initial value.
    for (let i = 0; i < 3; i++) {
      tf.tidy(() => vq.quantize(encoder.apply(x) as tf.Tensor, { training: true }).indices);
    }
    const state = vq.quantizer();
    expect(await values(state.clusterSize)).not.toEqual([1, 1, 1, 1, 1]);
    const flag = model.weights.find((w) => w.originalName === 'vq/initialized');
    expect(await values(flag?.read() as tf.Tensor)).toEqual([1]);
    const loaded = await roundTrip(model);
    const loadedVq = loaded.getLayer('vq') as VectorQuantizerLayer;
    expect(loadedVq).toBeInstanceOf(VectorQuantizerLayer);
    expect(loadedVq.getConfig()).toEqual(vq.getConfig());
    expect(loadedVq.getConfig()).toMatchObject({ ...args, numCodes: 5, kmeansIterations: 10 });
    // Loading renames the variables (name_1); the saved names are the original ones.
    expect(loaded.weights.map((w) => w.originalName)).toEqual(
      model.weights.map((w) => w.originalName),
    );
    expect(model.weights.map((w) => w.originalName)).toEqual(
      expect.arrayContaining(['vq/codebook', 'vq/cluster_size', 'vq/code_sum', 'vq/initialized']),
    );
    for (let i = 0; i < model.weights.length; i++) {
      expect(await values(loaded.weights[i]?.read() as tf.Tensor)).toEqual(
        await values(model.weights[i]?.read() as tf.Tensor),
      );
    }
    expect(await values(loaded.predict(x) as tf.Tensor)).toEqual(
      await values(model.predict(x) as tf.Tensor),
    );
    const z = encoder.apply(x) as tf.Tensor;
    expect(await values(loadedVq.quantize(z).indices)).toEqual(
      await values(vq.quantize(z).indices),
    );
    // The k-means flag was restored: a batch smaller than K no longer triggers initialization.
    expect(() => tf.dispose(loadedVq.quantize(tf.zeros([2, 2]), { training: true }))).not.toThrow();
    // EMA codebook: no trainable quantizer weight.
    expect(loaded.trainableWeights.map((w) => w.originalName)).not.toContain('vq/codebook');
    expect(loaded.trainableWeights).toHaveLength(4);
  });

  it('call returns the chosen codes exactly, with the straight-through gradient', async () => {
    const vq = new VectorQuantizerLayer({ numCodes: 6, codeDim: 4, seed: 2 });
    const out = vq.apply(x) as tf.Tensor;
    expect(out.shape).toEqual([40, 4]);
    const codebook = rows(await values(vq.quantizer().codebook), 4);
    const indices = await values(vq.quantize(x).indices);
    expect(rows(await values(out), 4)).toEqual(indices.map((i) => codebook[i]));
    const w = tf.tensor2d(float32Samples(40 * 4, seededNormal(62)), [40, 4]);
    const g = tf.grad((input: tf.Tensor) => tf.sum(tf.mul(w, vq.apply(input) as tf.Tensor)))(x);
    expect(await values(g)).toEqual(await values(w));
    expect(vq.trainableWeights).toHaveLength(1);
    expect(vq.trainableWeights[0]?.read()).toBe(vq.quantizer().codebook);
  });

  it('apply with training: true runs one training update (Σ counts = γK + (1 − γ)N)', async () => {
    const vq = new VectorQuantizerLayer({ numCodes: 6, ema: { decay: 0.5 } });
    tf.dispose(vq.apply(x) as tf.Tensor);
    expect((await vq.stats()).clusterSizes).toEqual([1, 1, 1, 1, 1, 1]);
    tf.dispose(vq.apply(x, { training: true }) as tf.Tensor);
    const sizes = (await vq.stats()).clusterSizes;
    expect(sizes.reduce((a, b) => a + b, 0)).toBeCloseTo(0.5 * 6 + 0.5 * 40, 4);
  });

  it('rejects an input that does not end in codeDim, and bad options', () => {
    const vq = new VectorQuantizerLayer({ numCodes: 4, codeDim: 3, name: 'vq_bad' });
    expect(() => vq.apply(tfl.input({ shape: [5, 2] }))).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_SHAPE',
        message: expect.stringContaining("VectorQuantizerLayer 'vq_bad': input shape [null,5,2]"),
      }),
    );
    expect(() => new VectorQuantizerLayer({ numCodes: -1 })).toThrow(
      expect.objectContaining({
        code: 'QUANTIZER_BAD_OPTION',
        message: expect.stringContaining('VectorQuantizerLayer: numCodes must be an integer ≥ 1'),
      }),
    );
  });

  it('quantize and apply in training and inference leave numTensors unchanged', () => {
    const vq = new VectorQuantizerLayer({ numCodes: 8, ema: true, deadCodeThreshold: 0.1 });
    const z = tf.randomNormal([6, 3, 2], 0, 1, 'float32', 5);
    tf.dispose(vq.quantize(z)); // builds the weights, named like apply would
    expect(vq.weights.map((w) => w.originalName)).toEqual([
      `${vq.name}/codebook`,
      `${vq.name}/cluster_size`,
      `${vq.name}/code_sum`,
    ]);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 30; i++) {
      tf.dispose(vq.quantize(z, { training: true }));
      tf.dispose(vq.quantize(z));
      tf.dispose(vq.apply(z, { training: true }) as tf.Tensor);
      tf.dispose(vq.apply(z) as tf.Tensor);
      const r = vq.quantize(z);
      vq.update(z, r.indices);
      tf.dispose(r);
    }
    expect(tf.memory().numTensors).toBe(before);
    z.dispose();
  });
});
