import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseExportJson } from '@ae/evaluation';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyModel, writeExportBundle } from './export-bundle.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-export-bundle-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('export bundle', () => {
  it('copyModel copies ae.json, each model.json and the weight files it lists', async () => {
    const from = join(dir, 'saved');
    await mkdir(join(from, 'encoder'), { recursive: true });
    await writeFile(join(from, 'ae.json'), '{"family":"vae"}');
    const manifest = { weightsManifest: [{ paths: ['./a.bin', 'b.bin'] }] };
    await writeFile(join(from, 'encoder', 'model.json'), JSON.stringify(manifest));
    await writeFile(join(from, 'encoder', 'a.bin'), new Uint8Array([1, 2, 3]));
    await writeFile(join(from, 'encoder', 'b.bin'), new Uint8Array([4]));
    await writeFile(join(from, 'encoder', 'stray.txt'), 'not copied');
    const to = join(dir, 'web', 'model');
    const written = await copyModel(from, to, ['encoder']);
    expect(written.map((p) => p.slice(to.length + 1)).sort()).toEqual([
      'ae.json',
      join('encoder', 'a.bin'),
      join('encoder', 'b.bin'),
      join('encoder', 'model.json'),
    ]);
    expect(Array.from(await readFile(join(to, 'encoder', 'a.bin')))).toEqual([1, 2, 3]);
    // A weight path outside the model directory is refused.
    const evil = { weightsManifest: [{ paths: ['../../x.bin'] }] };
    await writeFile(join(from, 'encoder', 'model.json'), JSON.stringify(evil));
    await expect(copyModel(from, join(dir, 'web2'), ['encoder'])).rejects.toThrow(
      /outside the model directory/,
    );
  });

  it('writeExportBundle writes examples.bin and an export.json the parser reads back', async () => {
    // The smallest valid description, its optional fields filled in by the parser.
    const json = parseExportJson(
      {
        format: 'ae-export',
        formatVersion: 1,
        family: 'vq-vae',
        latentDim: 4,
        inputShape: [2, 2, 1],
        examples: { file: 'examples.bin', count: 3, labels: [0, 1, 2] },
        anomaly: { quantiles: { p50: 1.5, p90: 2, p95: 2.5, p99: 3 }, mean: 1.75, std: 2e-7 },
        codebook: { numCodes: 2, usage: [5, 7] },
      },
      'fixture',
    );
    const examples = Uint8Array.from({ length: 12 }, (_, i) => i * 20);
    const out = join(dir, 'bundle');
    const paths = await writeExportBundle(out, { json, examples });
    expect(paths).toEqual({
      exportJson: join(out, 'export.json'),
      examples: join(out, 'examples.bin'),
    });
    const text = await readFile(paths.exportJson, 'utf8');
    expect(text).toContain('"labels": [0, 1, 2]');
    expect(parseExportJson(JSON.parse(text), paths.exportJson)).toEqual(json);
    expect(Array.from(await readFile(paths.examples))).toEqual(Array.from(examples));
  });
});
