/**
 * The export folder the browser test loads, made the way a user makes one: `ae train` (a 2-D
 * VAE, a few epochs on 4,000 MNIST digits) then `ae export`, with the `ae` command of
 * `apps/cli` (a dev dependency, built before this package's tests).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Validation examples in the fixture. */
export const FIXTURE_EXAMPLES = 300;

/** The `ae` command's entry point (`apps/cli/dist/bin.js`). */
function aeBin(): string {
  const pkg = createRequire(import.meta.url).resolve('@ae/cli/package.json');
  const bin = join(dirname(pkg), 'dist', 'bin.js');
  if (!existsSync(bin)) {
    throw new Error(`${bin} is missing: build the CLI first ('pnpm --filter @ae/cli build').`);
  }
  return bin;
}

async function ae(args: string[]): Promise<void> {
  try {
    await run(process.execPath, [aeBin(), ...args], { maxBuffer: 64 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`ae ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/**
 * Trains and exports into `dir` (`dir/run` holds the training run, `dir/web` the export) and
 * returns the parsed `web/export.json`.
 */
export async function writeExportFixture(dir: string): Promise<Record<string, unknown>> {
  const runDir = join(dir, 'run');
  const web = join(dir, 'web');
  await ae([
    'train',
    ...['--model', 'vae', '--latent-dim', '2', '--hidden', '128', '--epochs', '3'],
    ...['--limit', '4000', '--batch-size', '100', '--learning-rate', '0.003', '--seed', '3'],
    ...['--backend', 'wasm', '--out', runDir],
  ]);
  await ae([
    'export',
    ...['--model-dir', runDir, '--out', web, '--examples', String(FIXTURE_EXAMPLES)],
    ...['--backend', 'wasm'],
  ]);
  return JSON.parse(await readFile(join(web, 'export.json'), 'utf8')) as Record<string, unknown>;
}
