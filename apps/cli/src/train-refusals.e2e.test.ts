/**
 * Bad input that used to get through `ae`, end to end: options the chosen model would
 * ignore (usage errors, exit 2), one option twice in a config file, sizes beyond memory
 * (refused with the numbers instead of "Aborted()" / "memory access out of bounds"), and
 * numbers worded as what they are (beyond float32, NaN).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ae } from './test-utils/run-ae.js';

/** Expects a refusal: exit `code`, the last line of stderr matching `pattern`, no stack. */
function refused(r: { code: number; stderr: string }, pattern: RegExp, code: number) {
  expect(r.code, r.stderr).toBe(code);
  expect(r.stderr.trim().split('\n').at(-1)).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

let dir = '';
const path = (name: string) => join(dir, name);
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-refusals-'));
  const r = await ae([
    'train',
    ...['--limit', '200', '--epochs', '1', '--hidden', '16', '--latent-dim', '2'],
    ...['--out', path('vae')],
  ]);
  if (r.code !== 0) throw new Error(`ae train failed: ${r.stderr}`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('options the model does not use', () => {
  it('are refused with one line naming them, exit code 2, before any work', async () => {
    const never = ['--out', path('never')];
    const cases: [string[], RegExp][] = [
      [
        ['--preset', 'torch-conv-vae', '--latent-dim', '8'],
        /^ae: \[CLI_UNUSED_OPTION\] --latent-dim 8: --preset torch-conv-vae fixes the layers and the code size, so the model would not use it; drop it or the preset\.$/,
      ],
      [
        ['--model', 'conv-ae', '--latent-dim', '8', '--hidden', '64'],
        /^ae: \[CLI_UNUSED_OPTION\] --latent-dim 8, --hidden 64: --model conv-ae does not use them \(its options are --preset, --reduction, --noise, --seed\); drop them or choose another --model\.$/,
      ],
      [
        ['--model', 'ae', '--beta', '2'],
        /^ae: \[CLI_UNUSED_OPTION\] --beta 2: --model ae does not use it \(its options are --preset, --latent-dim, --hidden, --activation, --reduction, --noise, --seed\); drop it or choose another --model\.$/,
      ],
      [
        ['--model', 'vae', '--codes', '32', '--no-ema'],
        /^ae: \[CLI_UNUSED_OPTION\] --codes 32, --no-ema: --model vae does not use them \(its options are .*--beta, --noise, --seed\); drop them or choose another --model\.$/,
      ],
      [
        ['--model', 'vq-vae', '--preset', 'torch-conv-ae', '--code-dim', '8'],
        /^ae: \[CLI_UNUSED_OPTION\] --code-dim 8: --preset torch-conv-ae fixes the layers and the code size/,
      ],
      [['--model', 'ae', '--kl-schedule', 'warmup:2'], /^ae: \[CLI_UNUSED_OPTION\] --kl-schedule:/],
      [
        ['--model', 'vq-vae', '--hidden', '64'],
        /^ae: \[CLI_UNUSED_OPTION\] --hidden 64: --model vq-vae builds convolutional networks here/,
      ],
    ];
    for (const [args, message] of cases) {
      const r = await ae(['train', ...args, ...never]);
      refused(r, message, 2);
      expect(r.stderr, args.join(' ')).not.toMatch(/data:|backend:/);
    }
  });

  it('in a config file too, and one option in two spellings is refused naming both', async () => {
    const unused = path('unused.yaml');
    await writeFile(unused, 'model: ae\nbeta: 3\n');
    refused(
      await ae(['train', '--config', unused, '--out', path('never')]),
      /^ae: \[CLI_UNUSED_OPTION\] --beta 3: --model ae does not use it/,
      2,
    );
    const twice = path('twice.yaml');
    await writeFile(twice, 'batch-size: 32\nbatchSize: 64\n');
    refused(
      await ae(['train', '--config', twice, '--out', path('never')]),
      /^ae: \[CLI_BAD_CONFIG\] --config .*twice\.yaml: fields "batch-size" and "batchSize" are the same option \(batch-size\); keep one of them\.$/,
      1,
    );
  });

  it('ae anomaly refuses them as well', async () => {
    refused(
      await ae(['anomaly', '--normal-class', '1', '--model', 'conv-ae', '--latent-dim', '8']),
      /^ae: \[CLI_UNUSED_OPTION\] --latent-dim 8: --model conv-ae does not use it/,
      2,
    );
  });
});

describe('sizes beyond memory', () => {
  it('--latent-dim 2000000 is refused with the parameter count and the limit', async () => {
    const r = await ae(['train', '--latent-dim', '2000000', '--out', path('huge')]);
    refused(
      r,
      /^ae: \[CLI_TOO_LARGE\] the vae would have 3,076,804,624 parameters \(layers 784→512→4000000 and 2000000→512→784\); training it needs about [\d.]+ GiB \(float32 weights, gradients and adam's state, and a batch of 128\), more than the wasm backend can hold \(its heap is at most 4 GiB\)\. Use a smaller --latent-dim \(2000000 now\)\.$/,
      1,
    );
    expect(r.stderr).not.toMatch(/Aborted|epoch/);
  });

  it('sample --count 1000000 is refused with the picture size and the largest count', async () => {
    const r = await ae(['sample', '--model-dir', path('vae'), '--count', '1000000']);
    refused(
      r,
      /^ae: \[CLI_TOO_LARGE\] --count 1000000: the picture of 1000000 tiles of 28×28 would be 58002 × 58002 pixels \(3364 million\), more than the 268 million a picture may have\. Use --count 79524 or less\.$/,
      1,
    );
    expect(r.stderr).not.toMatch(/memory access out of bounds|drawing/);
  });

  it('manifold --grid and interpolate --steps are refused the same way', async () => {
    refused(
      await ae(['manifold', '--model-dir', path('vae'), '--grid', '5000']),
      /^ae: \[CLI_TOO_LARGE\] --grid 5000: the picture of 25000000 tiles of 28×28 would be 290002 × 290002 pixels \(84101 million\), more than the 268 million a picture may have\. Use --grid 282 or less\.$/,
      1,
    );
    refused(
      await ae(['interpolate', '--model-dir', path('vae'), '--steps', '1000000']),
      /^ae: \[CLI_TOO_LARGE\] --steps 1000000: the picture of 4000008 tiles of 28×28 would be 58000118 × 234 pixels/,
      1,
    );
  });
});

describe('numbers', () => {
  it('beyond float32 are called so, on the command line, in a config file and in a CSV cell', async () => {
    const flag = await ae(['train', '--learning-rate', '1e308']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toMatch(
      /option '--learning-rate <x>' argument '1e308' is invalid\. It exceeds float32's range \(±3\.4e38\), the precision the model computes in; give a smaller number\./,
    );
    const noise = await ae(['train', '--noise', 'gaussian:1e308']);
    expect(noise.code).toBe(2);
    expect(noise.stderr).toMatch(
      /argument 'gaussian:1e308' is invalid\. It exceeds float32's range/,
    );
    const tiny = await ae(['train', '--beta', '1e-50']);
    expect(tiny.code).toBe(2);
    expect(tiny.stderr).toMatch(
      /argument '1e-50' is invalid\. It is below float32's smallest number/,
    );
    const config = path('big.yaml');
    await writeFile(config, 'learning-rate: 1e308\n');
    refused(
      await ae(['train', '--config', config, '--out', path('never')]),
      /^ae: \[CLI_BAD_CONFIG\] --config .*big\.yaml: field "learning-rate" exceeds float32's range \(±3\.4e38\), the precision the model computes in, got 1e\+308\.$/,
      1,
    );
    const csv = path('big.csv');
    const rows = Array.from({ length: 20 }, (_, i) => `${i === 3 ? '1e308' : i},${i % 4}`);
    await writeFile(csv, ['a,b', ...rows].join('\n'));
    const cell = await ae(['train', '--dataset', `csv:${csv}`, '--out', path('never')]);
    refused(
      cell,
      /^ae: \[CSV_NOT_NUMERIC\] .*big\.csv: line 5, column "a": the cell is "1e308", which exceeds float32's range \(±3\.4e38\), the precision the values are kept in\. Fill in or remove missing values, or remove that column from the file\.$/,
      1,
    );
    expect(cell.stderr).not.toMatch(/not a finite number|columns option/);
  });

  it('YAML .nan and .inf are reported as NaN and Infinity, not null', async () => {
    const cases: [field: string, yaml: string, shown: string][] = [
      ['learning-rate', '.nan', 'NaN'],
      ['beta', '.inf', 'Infinity'],
    ];
    for (const [field, yaml, shown] of cases) {
      const config = path('nan.yaml');
      await writeFile(config, `${field}: ${yaml}\n`);
      const r = await ae(['train', '--config', config, '--out', path('never')]);
      refused(r, new RegExp(`field "${field}" must be a finite number, got ${shown}\\.$`), 1);
      expect(r.stderr).not.toMatch(/null/);
    }
  });
});
