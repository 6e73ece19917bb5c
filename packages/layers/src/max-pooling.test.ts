/**
 * The 2×2 max pooling of the encoders on stock backends: tfjs-backend-cpu and
 * tfjs-backend-wasm as they come from npm, without `@ae/backend`'s kernel fixes. Gradients are
 * checked against a float64 reference that sends each dy to the first maximum of its window,
 * on inputs with windows of only negative values and with ties, for odd and even sizes and
 * both paddings.
 */
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { describe, expect, it } from 'vitest';
import { MaxPooling2x2, maxPoolGradKernelIsRight, routeMaxPoolGrad } from './max-pooling.js';
import { NetworkError } from './network-error.js';

/** A seeded uniform PRNG on [-1, 1) (mulberry32). */
function uniform(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (((t ^ (t >>> 14)) >>> 0) / 4294967296) * 2 - 1;
  };
}

interface Case {
  readonly shape: [number, number, number, number];
  readonly padding: 'valid' | 'same';
}

const CASES: readonly Case[] = [
  { shape: [2, 4, 6, 3], padding: 'valid' },
  { shape: [2, 5, 7, 2], padding: 'valid' },
  { shape: [2, 5, 7, 2], padding: 'same' },
  { shape: [1, 6, 4, 1], padding: 'same' },
];

/**
 * Inputs on a coarse grid (so windows hold ties), shifted down so that many windows hold only
 * negative values.
 */
function inputOf([b, h, w, c]: Case['shape'], seed: number): number[] {
  const next = uniform(seed);
  return Array.from({ length: b * h * w * c }, () => Math.round(next() * 3) / 4 - 0.4);
}

/** Output size of one axis. */
const outSize = (n: number, padding: Case['padding']) =>
  padding === 'valid' ? Math.floor(n / 2) : Math.ceil(n / 2);

/** ∂/∂x Σ weights · maxPool(x) in float64: each weight goes to its window's first maximum. */
function referenceGradient(x: number[], weights: number[], k: Case): number[] {
  const [b, h, w, c] = k.shape;
  const [ho, wo] = [outSize(h, k.padding), outSize(w, k.padding)];
  const g = new Array<number>(x.length).fill(0);
  for (let n = 0; n < b; n++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let ch = 0; ch < c; ch++) {
          let best = -1;
          let bestValue = Number.NEGATIVE_INFINITY;
          for (let r = 2 * i; r < Math.min(2 * i + 2, h); r++)
            for (let s = 2 * j; s < Math.min(2 * j + 2, w); s++) {
              const at = ((n * h + r) * w + s) * c + ch;
              if ((x[at] as number) > bestValue) {
                bestValue = x[at] as number;
                best = at;
              }
            }
          const out = ((n * ho + i) * wo + j) * c + ch;
          g[best] = (g[best] as number) + (weights[out] as number);
        }
  return g;
}

/** The gradient of Σ weights · layer(x) with respect to x on the active backend. */
function gradientOf(layer: tfl.layers.Layer, x: number[], weights: number[], k: Case): number[] {
  return tf.tidy(() => {
    const [b, h, w, c] = k.shape;
    const wt = tf.tensor4d(weights, [b, outSize(h, k.padding), outSize(w, k.padding), c]);
    const f = (t: tf.Tensor) => tf.sum(tf.mul(wt, layer.apply(t) as tf.Tensor));
    return Array.from(tf.grad(f)(tf.tensor4d(x, k.shape)).dataSync());
  });
}

function weightsOf(k: Case): number[] {
  const [b, h, w, c] = k.shape;
  const next = uniform(99);
  return Array.from({ length: b * outSize(h, k.padding) * outSize(w, k.padding) * c }, next);
}

const maxError = (a: number[], b: number[]) =>
  Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));

describe.each(['cpu', 'wasm'])('on stock %s (no kernel fixes)', (backend) => {
  it.each(CASES)('has the values of tfjs-layers maxPooling2d: %o', async (k) => {
    await tf.setBackend(backend);
    const x = tf.tensor4d(inputOf(k.shape, 1), k.shape);
    const a = new MaxPooling2x2({ padding: k.padding }).apply(x) as tf.Tensor;
    const b = tfl.layers
      .maxPooling2d({ poolSize: 2, strides: 2, padding: k.padding })
      .apply(x) as tf.Tensor;
    expect(a.shape).toEqual(b.shape);
    expect(Array.from(a.dataSync())).toEqual(Array.from(b.dataSync()));
    tf.dispose([x, a, b]);
  });

  it.each(CASES)('sends each gradient to the first maximum of its window: %o', async (k) => {
    await tf.setBackend(backend);
    const x = inputOf(k.shape, 2);
    const weights = weightsOf(k);
    const grad = gradientOf(new MaxPooling2x2({ padding: k.padding }), x, weights, k);
    expect(maxError(grad, referenceGradient(x, weights, k))).toBeLessThan(1e-6);
  });

  it('routes with element-wise ops exactly as the reference', async () => {
    await tf.setBackend(backend);
    for (const k of CASES) {
      const x = inputOf(k.shape, 3);
      const weights = weightsOf(k);
      const got = tf.tidy(() => {
        const xs = tf.tensor4d(x, k.shape);
        const ys = tf.maxPool(xs, 2, 2, k.padding);
        const dy = tf.tensor4d(weights, ys.shape);
        return Array.from(routeMaxPoolGrad(dy, xs, ys, k.padding).dataSync());
      });
      expect(maxError(got, referenceGradient(x, weights, k))).toBeLessThan(1e-6);
    }
  });

  it('leaks no tensors over repeated gradient steps', async () => {
    await tf.setBackend(backend);
    const k = CASES[2] as Case;
    const layer = new MaxPooling2x2({ padding: k.padding });
    const x = inputOf(k.shape, 4);
    const weights = weightsOf(k);
    gradientOf(layer, x, weights, k);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) gradientOf(layer, x, weights, k);
    expect(tf.memory().numTensors).toBe(before);
  });
});

it('trusts stock cpu MaxPoolGrad, and not stock wasm (why this layer exists)', async () => {
  await tf.setBackend('cpu');
  expect(maxPoolGradKernelIsRight()).toBe(true);
  await tf.setBackend('wasm');
  expect(maxPoolGradKernelIsRight()).toBe(false);
  // tfjs-layers' own pooling on stock wasm: windows without a positive value send their
  // gradient elsewhere. When this starts to fail, the upstream kernel is fixed.
  const k = CASES[0] as Case;
  const x = inputOf(k.shape, 2);
  const weights = weightsOf(k);
  const theirs = gradientOf(
    tfl.layers.maxPooling2d({ poolSize: 2, strides: 2, padding: k.padding }),
    x,
    weights,
    k,
  );
  expect(maxError(theirs, referenceGradient(x, weights, k))).toBeGreaterThan(0.1);
});

it('serializes as AeMaxPooling2D and rebuilds from model JSON', async () => {
  await tf.setBackend('cpu');
  const input = tfl.input({ shape: [5, 7, 2] });
  const output = new MaxPooling2x2({ padding: 'same', name: 'pool' }).apply(input);
  const model = tfl.model({ inputs: input, outputs: output as tfl.SymbolicTensor });
  expect(model.outputs[0]?.shape).toEqual([null, 3, 4, 2]);
  const json = model.toJSON(null, false) as unknown as {
    config: { layers: { class_name: string }[] };
  };
  expect(json.config.layers.map((l) => l.class_name)).toContain('AeMaxPooling2D');
  const again = await tfl.models.modelFromJSON({
    modelTopology: json as unknown as tf.io.ModelJSON['modelTopology'],
  });
  expect((again.getLayer('pool') as MaxPooling2x2).padding).toBe('same');
  model.dispose();
  again.dispose();
});

it('refuses a padding other than valid or same', () => {
  expect(() => new MaxPooling2x2({ padding: 'causal' as 'same' })).toThrow(NetworkError);
});
