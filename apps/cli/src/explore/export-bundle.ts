/**
 * Writing the folder `ae export` makes for the web demo, an export bundle of
 * `@ae/evaluation` (whose `export-json` module owns the format):
 *
 * ```text
 * web/model/         the saved model (ae.json + each network's model.json and weights)
 * web/export.json    an ExportJson
 * web/examples.bin   validation images as uint8, row-major [count, h, w, c]
 * ```
 *
 * Every file is written atomically (a temporary name, then a rename).
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, normalize } from 'node:path';
import { type ExportBundle, exportJsonText } from '@ae/evaluation';
import { CliError } from '../cli-error.js';
import { writeOutputFile } from '../out-path.js';

/**
 * Copies a saved model: `ae.json` and, for each network, its `model.json` and every
 * weight file its manifest lists. Returns the copied files' paths.
 */
export async function copyModel(from: string, to: string, networks: string[]): Promise<string[]> {
  const files = ['ae.json'];
  for (const name of networks) {
    const modelJson = JSON.parse(await readFile(join(from, name, 'model.json'), 'utf8')) as {
      weightsManifest?: { paths: string[] }[];
    };
    files.push(join(name, 'model.json'));
    for (const group of modelJson.weightsManifest ?? []) {
      for (const p of group.paths) files.push(normalize(join(name, p)));
    }
  }
  const written: string[] = [];
  for (const f of files) {
    if (f.startsWith('..') || isAbsolute(f)) {
      throw new CliError(
        'CLI_NOT_A_MODEL_DIR',
        `${from}: a network's model.json lists the weight file ${f}, outside the model directory; re-save the model.`,
      );
    }
    const target = join(to, f);
    await writeOutputFile(target, await readFile(join(from, f)));
    written.push(target);
  }
  return written;
}

/**
 * Writes a bundle's `examples.bin` (the example images as bytes) and `export.json` (its
 * `exportJsonText`) into `dir`, the description last; returns both paths.
 */
export async function writeExportBundle(
  dir: string,
  bundle: Pick<ExportBundle, 'json' | 'examples'>,
): Promise<{ exportJson: string; examples: string }> {
  const examples = join(dir, bundle.json.examples.file);
  await writeOutputFile(examples, bundle.examples);
  const exportJson = join(dir, 'export.json');
  await writeOutputFile(exportJson, exportJsonText(bundle.json));
  return { exportJson, examples };
}
