/**
 * `pnpm bench`: every benchmark of the project, written to BENCHMARKS.md.
 *
 * `pnpm bench -- --only data` (or `training`) runs one section and replaces only that
 * section of BENCHMARKS.md, keeping the others' previous results.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@ae/vae/node';
import * as tf from '@tensorflow/tfjs-core';
import { benchDataLoading } from './data-loading.js';
import { benchVaeTraining } from './vae-training.js';

const SECTIONS: Record<string, () => string[] | Promise<string[]>> = {
  data: benchDataLoading,
  training: benchVaeTraining,
};

/** Splits markdown into `## ` sections keyed by their heading line. */
function sectionsOf(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of markdown.split(/\n(?=## )/).slice(1)) {
    out.set(part.split('\n')[0] ?? '', part.trimEnd());
  }
  return out;
}

async function main(): Promise<void> {
  const onlyAt = process.argv.indexOf('--only');
  const only = onlyAt >= 0 ? process.argv[onlyAt + 1] : undefined;
  if (only !== undefined && !(only in SECTIONS)) {
    throw new Error(
      `--only must be one of ${Object.keys(SECTIONS).join(', ')}, got ${JSON.stringify(only)}.`,
    );
  }
  const names = only === undefined ? Object.keys(SECTIONS) : [only];
  const fresh: string[] = [];
  for (const name of names) fresh.push(...(await (SECTIONS[name] as () => Promise<string[]>)()));
  const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
  const file = join(root, 'BENCHMARKS.md');
  let sections = fresh;
  if (only !== undefined && existsSync(file)) {
    // Keep the other sections' last results; replace (or append) the one just measured.
    const kept = sectionsOf(readFileSync(file, 'utf8'));
    for (const [heading, text] of sectionsOf(`\n${fresh.join('\n')}`)) kept.set(heading, text);
    sections = [...kept.values()].flatMap((text) => [text, '']);
  }

  const cpu = cpus();
  const lines = [
    '# Benchmarks',
    '',
    'Regenerate with `pnpm bench` (or `npx -y pnpm@10.34.9 bench`). Numbers are from one run on the',
    'machine below; where things are compared, they are measured side by side in the same run, and',
    'ratios compare those. Medians over repeated rounds are reported.',
    '',
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}, tfjs-core ${tf.version_core}`,
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
    '',
    ...sections,
  ];
  await writeFileAtomic(file, lines.join('\n'));
  process.stdout.write(`${lines.join('\n')}\nwrote ${file}\n`);
}

await main();
