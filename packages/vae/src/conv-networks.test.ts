/**
 * convEncoder + convDecoder together: a training step reaches every weight (checked
 * against finite differences), and a save / load round trip keeps the predictions.
 */
import '@tensorflow/tfjs-backend-cpu';
import { convDecoder } from '@ae/decoders';
import { convEncoder } from '@ae/encoders';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function pair(options: {
  batchNorm: boolean;
  dropout: number;
  upsample: boolean;
  numClasses?: number;
}) {
  const cond = options.numClasses === undefined ? {} : { numClasses: options.numClasses };
  const encoder = convEncoder({
    inputShape: [8, 8, 1],
    layers: [
      { filters: 3, strides: 2 },
      { filters: 4, pool: 2 },
    ],
    dense: [6],
    latentDim: 2,
    activation: 'elu',
    batchNorm: options.batchNorm,
    dropout: options.dropout,
    seed: 1,
    ...cond,
  });
  const decoder = convDecoder({
    latentDim: 2,
    layers: [
      { filters: 3, strides: 2 },
      options.upsample ? { filters: 2, mode: 'upsample' } : { filters: 2 },
      { filters: 1, mode: 'conv' },
    ],
    outputShape: options.upsample ? [8, 8, 1] : [4, 4, 1],
    activation: 'elu',
    batchNorm: options.batchNorm,
    seed: 2,
    ...cond,
  });
  return { encoder, decoder };
}

/** Bernoulli negative log-likelihood of the logits plus KL(q ‖ N(0, I)), batch mean. */
function vaeLoss(
  encoder: tfl.LayersModel,
  decoder: tfl.LayersModel,
  x: tf.Tensor,
  eps: tf.Tensor,
  target: tf.Tensor = x,
): tf.Scalar {
  const [mean, logVar] = encoder.apply(x, { training: true }) as tf.Tensor[];
  const z = tf.add(mean as tf.Tensor, tf.mul(tf.exp(tf.mul(logVar as tf.Tensor, 0.5)), eps));
  const logits = decoder.apply(z, { training: true }) as tf.Tensor;
  const nll = tf.sub(tf.softplus(logits), tf.mul(target, logits));
  const kl = tf.mul(
    0.5,
    tf.sub(
      tf.add(tf.square(mean as tf.Tensor), tf.exp(logVar as tf.Tensor)),
      tf.add(1, logVar as tf.Tensor),
    ),
  );
  return tf.add(
    tf.div(tf.sum(nll), x.shape[0] ?? 1),
    tf.div(tf.sum(kl), x.shape[0] ?? 1),
  ) as tf.Scalar;
}

const variablesOf = (...models: tfl.LayersModel[]) =>
  models.flatMap((m) => m.trainableWeights.map((w) => w.read() as tf.Variable));

describe('conv encoder + decoder', () => {
  it('gives every trainable weight a non-zero gradient (strides, pooling, upsampling, batch norm)', async () => {
    const { encoder, decoder } = pair({ batchNorm: true, dropout: 0.2, upsample: true });
    const x = tf.randomUniform([4, 8, 8, 1], 0, 1, 'float32', 4);
    const eps = tf.randomNormal([4, 2], 0, 1, 'float32', 5);
    const vars = variablesOf(encoder, decoder);
    const names = [...encoder.trainableWeights, ...decoder.trainableWeights].map((w) => w.name);
    expect(vars.length).toBe(names.length);
    // conv, bn γ/β per conv; dense + bn; two heads; project + bn; 2 hidden layers + bn; output conv
    expect(vars.length).toBe(2 * 3 + 3 + 4 + 3 + 2 * 3 + 2);
    const { value, grads } = tf.variableGrads(() => vaeLoss(encoder, decoder, x, eps), vars);
    for (const [i, v] of vars.entries()) {
      const norm = (await tf.max(tf.abs(grads[v.name] as tf.Tensor)).data())[0] as number;
      expect([names[i], norm > 0]).toEqual([names[i], true]);
    }
    tf.dispose([x, eps, value, ...Object.values(grads)]);
    encoder.dispose();
    decoder.dispose();
  });

  // The upsampling case runs on a batch of one: tfjs's cpu ResizeNearestNeighborGrad
  // misplaces the gradient for batches > 1 (initBackend from @ae/backend replaces it).
  // Batch norm needs a batch of several (one example normalizes to 0).
  it.each([
    ['transposed convs + batch norm', { batchNorm: true, upsample: false }, 4],
    ['upsampling', { batchNorm: false, upsample: true }, 1],
  ] as const)('has gradients that match finite differences: %s', async (_, options, batch) => {
    const { encoder, decoder } = pair({ ...options, dropout: 0 });
    const size = options.upsample ? 8 : 4;
    const x = tf.randomUniform([batch, 8, 8, 1], 0, 1, 'float32', 4);
    const target = tf.image.resizeBilinear(x as tf.Tensor4D, [size, size]);
    const eps = tf.randomNormal([batch, 2], 0, 1, 'float32', 5);
    const vars = variablesOf(encoder, decoder);
    const loss = () => vaeLoss(encoder, decoder, x, eps, target);
    const { value, grads } = tf.variableGrads(loss, vars);
    // Directional derivative along a random d: (L(w + hd) − L(w − hd)) / 2h ≈ Σ g·d.
    const dirs = vars.map((v, i) => tf.randomNormal(v.shape, 0, 1, 'float32', 100 + i));
    let predicted = 0;
    for (const [i, v] of vars.entries()) {
      const gd = tf.sum(tf.mul(grads[v.name] as tf.Tensor, dirs[i] as tf.Tensor));
      predicted += (await gd.data())[0] as number;
      gd.dispose();
    }
    const originals = vars.map((v) => tf.clone(v));
    const lossAt = async (h: number) => {
      vars.forEach((v, i) => {
        v.assign(tf.tidy(() => tf.add(originals[i] as tf.Tensor, tf.mul(dirs[i] as tf.Tensor, h))));
      });
      const l = tf.tidy(loss);
      const out = (await l.data())[0] as number;
      l.dispose();
      return out;
    };
    const h = 1e-3;
    const numeric = ((await lossAt(h)) - (await lossAt(-h))) / (2 * h);
    expect(Math.abs(numeric - predicted) / Math.abs(predicted)).toBeLessThan(0.02);
    tf.dispose([x, target, eps, value, ...Object.values(grads), ...dirs, ...originals]);
    encoder.dispose();
    decoder.dispose();
  });

  it('trains without growing the tensor count', () => {
    const { encoder, decoder } = pair({ batchNorm: true, dropout: 0.2, upsample: true });
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 4);
    const eps = tf.randomNormal([2, 2], 0, 1, 'float32', 5);
    const optimizer = tf.train.adam(1e-3);
    const vars = variablesOf(encoder, decoder);
    const step = () =>
      tf.dispose(optimizer.minimize(() => vaeLoss(encoder, decoder, x, eps), true, vars) ?? []);
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 10; i++) step();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, eps]);
    optimizer.dispose();
    encoder.dispose();
    decoder.dispose();
  });

  it('survives a save / load round trip with identical predictions (batch norm, dropout, label)', async () => {
    const { encoder, decoder } = pair({
      batchNorm: true,
      dropout: 0.3,
      upsample: true,
      numClasses: 3,
    });
    const x = tf.randomUniform([2, 8, 8, 1], 0, 1, 'float32', 6);
    const label = tf.tensor2d([
      [0, 1, 0],
      [0, 0, 1],
    ]);
    const z = tf.randomNormal([2, 2], 0, 1, 'float32', 7);
    // Move the weights away from their initial values first.
    const optimizer = tf.train.sgd(0.1);
    const encVars = variablesOf(encoder);
    const firstCode = (): tf.Tensor =>
      (encoder.apply([x, label], { training: true }) as tf.Tensor[])[0] as tf.Tensor;
    optimizer.minimize(() => tf.sum(tf.square(firstCode())), true, encVars)?.dispose();
    const roundTrip = async (model: tfl.LayersModel) => {
      let saved: tf.io.ModelArtifacts | undefined;
      await model.save(
        tf.io.withSaveHandler(async (artifacts) => {
          saved = artifacts;
          return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
        }),
      );
      return tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    };
    const encoder2 = await roundTrip(encoder);
    const decoder2 = await roundTrip(decoder);
    const values = async (out: tf.Tensor | tf.Tensor[]) => {
      const list = Array.isArray(out) ? out : [out];
      const v = await Promise.all(list.map(async (t) => Array.from(await t.data())));
      tf.dispose(list);
      return v;
    };
    expect(await values(encoder2.predict([x, label]))).toEqual(
      await values(encoder.predict([x, label])),
    );
    expect(await values(decoder2.predict([z, label]))).toEqual(
      await values(decoder.predict([z, label])),
    );
    expect(encoder2.countParams()).toBe(encoder.countParams());
    tf.dispose([x, label, z]);
    optimizer.dispose();
    for (const m of [encoder, decoder, encoder2, decoder2]) m.dispose();
  });
});
