/**
 * `ae train --binarize` and `--activation` end to end: what run.json and ae.json keep,
 * the same run from a config file, the saved tanh layer recomputed in float64, resume
 * keeping both fixed, and the combinations that are refused.
 */
import '@tensorflow/tfjs-layers';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import { loadMnist } from '@ae/datasets/node';
import { loadModel, type VAE } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ae, lastJson } from './test-utils/run-ae.js';

const SMALL = ['--model', 'vae', '--limit', '300', '--epochs', '1', '--batch-size', '50'];
const NET = ['--hidden', '32', '--latent-dim', '4', '--seed', '1'];

/** Metrics lines without the timing fields, which differ between runs. */
function epochs(dir: string): Record<string, number>[] {
  return readFileSync(join(dir, 'metrics.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => {
      const { seconds: _s, samplesPerSecond: _r, ...rest } = JSON.parse(l);
      return rest;
    });
}

/** Expects a refusal: exit `code` (1, or 2 for a usage error), one line on stderr matching `pattern`. */
function refused(r: { code: number; stderr: string }, pattern: RegExp, code = 1) {
  expect(r.code).toBe(code);
  const lines = r.stderr.trim().split('\n');
  expect(lines.at(-1)).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let dir = '';
const run = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-train-options-'));
  const config = join(dir, 'burda.yaml');
  await writeFile(config, 'binarize: dynamic\nactivation: tanh\n');
  const trains = [
    [...SMALL, ...NET, '--binarize', 'dynamic', '--activation', 'tanh', '--out', run('flags')],
    [...SMALL, ...NET, '--config', config, '--out', run('config')],
    [...SMALL, ...NET, '--activation', 'tanh', '--out', run('grey')],
  ];
  for (const args of trains) {
    const r = await ae(['train', ...args, '--json']);
    if (r.code !== 0) throw new Error(`ae train ${args.join(' ')} failed: ${r.stderr}`);
  }
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ae train --binarize dynamic --activation tanh', () => {
  it('records both in run.json and ae.json; a config file gives the same run', async () => {
    const runJson = JSON.parse(await readFile(join(run('flags'), 'run.json'), 'utf8'));
    expect(runJson).toMatchObject({ binarize: 'dynamic', activation: 'tanh', model: 'vae' });
    const aeJson = JSON.parse(await readFile(join(run('flags'), 'ae.json'), 'utf8'));
    expect(aeJson.config.activation).toBe('tanh');
    // The config keys mean what the flags mean: the same seed gives the same metrics.
    expect(epochs(run('config'))).toEqual(epochs(run('flags')));
    const grey = JSON.parse(await readFile(join(run('grey'), 'run.json'), 'utf8'));
    expect(grey.binarize).toBeUndefined();
    // Binarized training pixels change the loss of the same network on the same examples.
    const [a] = epochs(run('flags'));
    const [b] = epochs(run('grey'));
    expect(a?.reconstruction).not.toBeCloseTo(b?.reconstruction ?? 0, 1);
  });

  it('the loaded model computes tanh(x W + b) in its hidden layer', async () => {
    await initBackend();
    const model = (await loadModel(run('flags'))) as unknown as VAE;
    expect(model.config.activation).toBe('tanh');
    const dense = model.encoder.layers.find(
      (l) => l.getClassName() === 'Dense',
    ) as tfl.layers.Layer;
    expect(dense.getConfig().activation).toBe('tanh');
    const hiddenNet = tfl.model({
      inputs: model.encoder.inputs,
      outputs: dense.output as tfl.SymbolicTensor,
    });
    const image = (await loadMnist({ split: 'test' })).x.slice(0, 784);
    const x = tf.tensor(image, [1, 28, 28, 1]);
    const out = hiddenNet.predict(x) as tf.Tensor;
    const got = await out.data();
    const [w, b] = await Promise.all(dense.getWeights().map((t) => t.data()));
    tf.dispose([x, out]);
    model.dispose();
    let negative = 0;
    for (let j = 0; j < 32; j++) {
      let s = b?.[j] ?? 0;
      for (let i = 0; i < 784; i++) s += (image[i] as number) * (w?.[i * 32 + j] ?? 0);
      expect(got[j]).toBeCloseTo(Math.tanh(s), 5);
      if (s < 0) negative++;
    }
    // Some pre-activations are negative, where tanh and the default relu differ.
    expect(negative).toBeGreaterThan(0);
  });

  it('keeps both through --resume and refuses to change them', async () => {
    const out = run('flags');
    refused(
      await ae(['train', '--resume', '--out', out, '--binarize', 'none']),
      /CLI_BAD_OPTION.*started with --binarize "dynamic", not "none"; drop that flag \(only --epochs, --learning-rate, --early-stopping, --checkpoint-every, --backend may change\)/,
    );
    refused(
      await ae(['train', '--resume', '--out', out, '--activation', 'relu']),
      /CLI_BAD_OPTION.*started with --activation "tanh", not "relu"/,
    );
    refused(
      await ae(['train', '--resume', '--out', run('grey'), '--binarize', 'dynamic']),
      /started with --binarize "none", not "dynamic"/,
    );
    const r = await ae(['train', '--resume', '--out', out, '--epochs', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(lastJson(r.stdout)).toMatchObject({ resumedFrom: 1, epochs: 2 });
    expect(r.stderr).toMatch(/pixels binarized dynamically/);
    const runJson = JSON.parse(await readFile(join(out, 'run.json'), 'utf8'));
    expect(runJson).toMatchObject({ binarize: 'dynamic', activation: 'tanh' });
  });
});

describe('refused combinations', () => {
  it('--activation with a conv family or a preset; a bad name in a config file', async () => {
    const out = ['--out', run('never')];
    refused(
      await ae(['train', '--model', 'vq-vae', '--activation', 'tanh', ...out]),
      /^ae: \[CLI_UNUSED_OPTION\] --activation tanh: a 'vq-vae' model has convolutional networks/,
      2,
    );
    refused(
      await ae(['train', '--model', 'conv-ae', '--activation', 'elu', ...out]),
      /--activation elu: a 'conv-ae' model has convolutional networks/,
      2,
    );
    refused(
      await ae(['train', '--preset', 'torch-conv-vae', '--activation', 'tanh', ...out]),
      /--activation tanh: --preset torch-conv-vae fixes the layers/,
      2,
    );
    const bad = await ae(['train', '--activation', 'gelu', ...out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'gelu' is invalid\. Allowed choices are relu, elu/);
    const config = join(dir, 'gelu.yaml');
    await writeFile(config, 'activation: gelu\n');
    refused(
      await ae(['train', '--config', config, ...out]),
      /CLI_BAD_CONFIG.*field "activation" is "gelu": Allowed choices are relu, elu/,
    );
  });

  it('--binarize dynamic on real-valued (tabular) data', async () => {
    const csv = join(dir, 'readings.csv');
    const rows = Array.from({ length: 40 }, (_, i) => `${i},${(i * 7) % 5},${i % 3}`);
    await writeFile(csv, ['a,b,c', ...rows].join('\n'));
    refused(
      await ae([
        'train',
        '--dataset',
        `csv:${csv}`,
        '--binarize',
        'dynamic',
        '--out',
        run('never'),
      ]),
      /^ae: \[CLI_BAD_OPTION\] --binarize dynamic: csv:.*readings\.csv holds real-valued features/,
    );
    const bad = await ae(['train', '--binarize', 'static', '--out', run('never')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/argument 'static' is invalid\. Allowed choices are none, dynamic/);
  });
});
