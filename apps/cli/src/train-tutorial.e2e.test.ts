/**
 * `ae train --preset <name> --tutorial` end to end: the preset's tutorial recipe fills in the
 * model, batch size, epochs, optimizer, learning rate and loss reduction that the command
 * line and the config file leave out; `--reduction` on its own.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ae, lastJson } from './test-utils/run-ae.js';

describe('ae train --tutorial', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ae-tutorial-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('trains torch-conv-ae as the PyTorch tutorial: conv-ae, batch 128, BCE mean; --epochs given wins', async () => {
    const out = join(dir, 'torch-ae');
    const r = await ae([
      'train',
      '--preset',
      'torch-conv-ae',
      '--tutorial',
      '--limit',
      '160',
      '--epochs',
      '1',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(
      'tutorial recipe of torch-conv-ae: --model conv-ae, batch 128, 5 epochs, Adam 0.001, BCE mean over pixels (PyTorch conv autoencoder tutorial); flags given win',
    );
    const s = lastJson(r.stdout);
    // 160 examples in batches of 128: 2 steps in the one epoch asked for.
    expect([s.model, s.epochs, s.steps]).toEqual(['conv-ae', 1, 2]);
    const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
    expect(aeJson.config).toMatchObject({ preset: 'torch-conv-ae', reduction: 'mean' });
    // Averaged over 784 pixels, the BCE of an untrained net is below log 2 ≈ 0.69 per pixel
    // times a small factor, far from the hundreds of nats a summed BCE gives.
    expect(s.metrics.reconstruction).toBeLessThan(1);
  }, 120_000);

  it('takes the recipe from a config file too, and the file’s own values win over it', async () => {
    const config = join(dir, 'tutorial.yaml');
    await writeFile(
      config,
      ['preset: keras-conv-vae', 'tutorial: true', 'batch-size: 40', 'epochs: 1', 'limit: 80'].join(
        '\n',
      ),
    );
    const out = join(dir, 'keras-vae');
    const r = await ae(['train', '--config', config, '--out', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = lastJson(r.stdout);
    expect([s.model, s.epochs, s.steps]).toEqual(['vae', 1, 2]);
    expect(r.stderr).toContain(
      'tutorial recipe of keras-conv-vae: --model vae, batch 128, 10 epochs',
    );
    const aeJson = JSON.parse(await readFile(join(out, 'ae.json'), 'utf8'));
    expect(aeJson.config).toMatchObject({ preset: 'keras-conv-vae', latentDim: 2 });
  }, 120_000);

  it.each([
    [
      ['--tutorial'],
      /--tutorial trains a preset as its tutorial does: add --preset with one of dense-ae-32, keras-conv-ae, torch-conv-ae, torch-conv-vae, keras-conv-vae\./,
    ],
    [
      ['--preset', 'bottleneck-conv-ae', '--tutorial'],
      /--tutorial: preset bottleneck-conv-ae copies no tutorial/,
    ],
    [
      ['--model', 'vq-vae', '--preset', 'torch-conv-ae', '--tutorial'],
      /trains torch-conv-ae as --model conv-ae, not --model vq-vae; drop --model or --tutorial\./,
    ],
    [
      ['--model', 'vae', '--reduction', 'mean'],
      /--reduction mean: a 'vae' model sums its reconstruction term over pixels .* applies to ae, dae, sparse-ae and conv-ae\. Drop it\./,
    ],
  ])('refuses %j in one line', async (flags, message) => {
    const r = await ae(['train', ...flags, '--limit', '32', '--out', join(dir, 'never')]);
    expect(r.code).toBe(1);
    const lines = r.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^ae: \[CLI_BAD_OPTION\] /);
    expect(lines.at(-1)).toMatch(message);
  });
});
