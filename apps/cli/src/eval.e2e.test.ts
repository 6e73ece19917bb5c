/**
 * `ae eval` end to end: every metric is recomputed in this process from the saved model
 * (float64 sums over `reconstruct` outputs, a code histogram), and the bounds are ordered.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import { binarize, createRng, type Dataset, limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { type AutoencoderModel, loadModel, type VQVAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ae, lastJson } from './test-utils/run-ae.js';

const EXAMPLES = 300;

/** Float64 means of Σ (x − x̂)² and of the clipped binary cross-entropy per example. */
async function recompute(model: AutoencoderModel, data: Dataset) {
  const x = tf.tensor(data.x, [data.count, ...data.shape]);
  const xHat = model.reconstruct(x);
  const target = data.x;
  const out = await xHat.data();
  tf.dispose([x, xHat]);
  let squared = 0;
  let bce = 0;
  for (let i = 0; i < target.length; i++) {
    const t = target[i] as number;
    const p = Math.min(1 - 1e-7, Math.max(1e-7, out[i] as number));
    squared += (t - (out[i] as number)) ** 2;
    bce -= t * Math.log(p) + (1 - t) * Math.log(1 - p);
  }
  return { squared: squared / data.count, bce: bce / data.count };
}

describe('ae eval', () => {
  let dir = '';
  let test: Dataset;
  const train = async (name: string, args: string[]) => {
    const r = await ae(['train', ...args, '--epochs', '1', '--out', join(dir, name), '--json']);
    expect(r.code, r.stderr).toBe(0);
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-eval-'));
    await initBackend();
    test = limit(await loadMnist({ split: 'test' }), EXAMPLES);
    await Promise.all([
      train('vae', ['--model', 'vae', '--limit', '1000', '--hidden', '64', '--seed', '1']),
      train('ae', ['--model', 'ae', '--limit', '500', '--hidden', '32']),
      train('vq', ['--model', 'vq-vae', '--limit', '500', '--codes', '16', '--code-dim', '4']),
    ]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('vae: reconstruction errors match a float64 recomputation; IW NLL ≤ −ELBO', async () => {
    const out = join(dir, 'vae');
    const r = await ae([
      'eval',
      '--model-dir',
      out,
      '--iw-samples',
      '50',
      '--limit',
      `${EXAMPLES}`,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect(s).toMatchObject({
      command: 'eval',
      model: 'vae',
      dataset: 'mnist',
      examples: EXAMPLES,
    });
    const model = await loadModel(out);
    const ref = await recompute(model, test);
    model.dispose();
    expect(Math.abs(s.metrics.reconstructionSquared / ref.squared - 1)).toBeLessThan(1e-5);
    expect(Math.abs(s.metrics.reconstructionBce / ref.bce - 1)).toBeLessThan(1e-5);
    // The importance-weighted bound with K = 50 is tighter than the ELBO: −log p(x) ≤ −ELBO.
    expect(s.metrics.iwSamples).toBe(50);
    expect(s.metrics.nll).toBeGreaterThan(0);
    expect(s.metrics.nll).toBeLessThan(-s.metrics.elbo);
    // eval.json holds the same summary.
    expect(JSON.parse(await readFile(join(out, 'eval.json'), 'utf8'))).toEqual(s);
    // The human table names each metric.
    const human = await ae(['eval', '--model-dir', out, '--limit', '50']);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/reconstruction \(squared\)\s+\d+\.\d{4}/);
    expect(human.stdout).toMatch(/elbo\s+-\d+\.\d{4}/);
    expect(human.stdout).not.toMatch(/nll/);
  });

  it('ae: no ELBO, no codes; --iw-samples is refused in one line', async () => {
    const out = join(dir, 'ae');
    const r = await ae(['eval', '--model-dir', out, '--limit', `${EXAMPLES}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { metrics } = lastJson(r.stdout);
    expect(Object.keys(metrics).sort()).toEqual(['reconstructionBce', 'reconstructionSquared']);
    const model = await loadModel(out);
    const ref = await recompute(model, test);
    model.dispose();
    expect(Math.abs(metrics.reconstructionSquared / ref.squared - 1)).toBeLessThan(1e-5);
    const bad = await ae(['eval', '--model-dir', out, '--iw-samples', '5']);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/^ae: \[CLI_WRONG_FAMILY\] .*--iw-samples 5/);
  });

  it('vq-vae: perplexity and used codes match a histogram of codeIndices', async () => {
    const out = join(dir, 'vq');
    const r = await ae(['eval', '--model-dir', out, '--limit', `${EXAMPLES}`, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { metrics } = lastJson(r.stdout);
    const model = (await loadModel(out)) as unknown as VQVAE;
    const x = tf.tensor(test.x, [test.count, ...test.shape]);
    const indices = model.codeIndices(x);
    const codes = await indices.data();
    tf.dispose([x, indices]);
    model.dispose();
    const counts = new Map<number, number>();
    for (const c of codes) counts.set(c, (counts.get(c) ?? 0) + 1);
    let entropy = 0;
    for (const n of counts.values()) entropy -= (n / codes.length) * Math.log(n / codes.length);
    expect(metrics.numCodes).toBe(16);
    expect(metrics.usedCodes).toBe(counts.size);
    expect(metrics.perplexity).toBeCloseTo(Math.exp(entropy), 6);
    expect(metrics.perplexity).toBeGreaterThan(1);
    expect(metrics.perplexity).toBeLessThanOrEqual(16);
    expect(metrics.elbo).toBeUndefined();
  });

  it('a missing --model-dir is one line on stderr, exit 1, no stack', async () => {
    const r = await ae(['eval', '--model-dir', join(dir, 'nothing-here')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(
      /^ae: \[CLI_NO_MODEL_DIR\] --model-dir .*nothing-here: no such directory/,
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('ae eval on a run trained with --binarize dynamic', () => {
  let out = '';
  let test: Dataset;
  beforeAll(async () => {
    await initBackend();
    test = limit(await loadMnist({ split: 'test' }), EXAMPLES);
    out = await mkdtemp(join(tmpdir(), 'ae-eval-bin-'));
    const r = await ae([
      'train',
      ...['--model', 'vae', '--limit', '300', '--hidden', '32', '--latent-dim', '4'],
      ...['--binarize', 'dynamic', '--epochs', '1', '--seed', '2', '--out', out],
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  /** The first `EXAMPLES` test digits with each pixel drawn once as Bernoulli(p), seeded. */
  const binary = (seed: number): Dataset => {
    const x = binarize(test.x, createRng(seed));
    expect(x.every((v) => v === 0 || v === 1)).toBe(true);
    return { ...test, x };
  };

  it('evaluates a once-binarized copy (seed --seed); --binarize none the grey images', async () => {
    const args = ['eval', '--model-dir', out, '--limit', `${EXAMPLES}`, '--json'];
    const r = await ae(args);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(
      /validation images binarized once \(seed 0\), as the run trained on dynamically binarized data/,
    );
    const s = lastJson(r.stdout);
    expect(s.binarized).toBe(true);
    const grey = await ae([...args, '--binarize', 'none']);
    expect(grey.code, grey.stderr).toBe(0);
    const g = lastJson(grey.stdout);
    expect(g.binarized).toBe(false);
    expect(grey.stderr).not.toMatch(/binarized once/);
    const seeded = await ae([...args, '--binarize', 'stochastic', '--seed', '5']);
    expect(seeded.code, seeded.stderr).toBe(0);
    expect(seeded.stderr).toMatch(/binarized once \(seed 5\), as --binarize stochastic asks/);
    const s5 = lastJson(seeded.stdout);

    const model = await loadModel(out);
    const [onBinary, onGrey, onSeed5] = [
      await recompute(model, binary(0)),
      await recompute(model, test),
      await recompute(model, binary(5)),
    ];
    model.dispose();
    expect(Math.abs(s.metrics.reconstructionBce / onBinary.bce - 1)).toBeLessThan(1e-5);
    expect(Math.abs(s.metrics.reconstructionSquared / onBinary.squared - 1)).toBeLessThan(1e-5);
    expect(Math.abs(g.metrics.reconstructionBce / onGrey.bce - 1)).toBeLessThan(1e-5);
    expect(Math.abs(s5.metrics.reconstructionBce / onSeed5.bce - 1)).toBeLessThan(1e-5);
    // The copies differ enough that the numbers tell them apart.
    expect(Math.abs(onBinary.squared / onGrey.squared - 1)).toBeGreaterThan(1e-3);
    expect(s.metrics.reconstructionSquared).not.toBeCloseTo(g.metrics.reconstructionSquared, 2);
    expect(s5.metrics.reconstructionSquared).not.toBe(s.metrics.reconstructionSquared);
    // The human table says so.
    const human = await ae(['eval', '--model-dir', out, '--limit', '50']);
    expect(human.stdout).toMatch(/validation examples of mnist, binarized \(means per example\)/);
  });
});
