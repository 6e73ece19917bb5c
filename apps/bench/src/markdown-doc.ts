/**
 * The two generated documents (BENCHMARKS.md, EVALUATION.md) are a header followed by
 * `## ` sections. `--only <section>` re-measures one section and keeps the others'
 * previous text, so each document can be refreshed piece by piece.
 */
import { existsSync, readFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '@ae/core/node';
import * as tf from '@tensorflow/tfjs-core';

/** Root of the repository (this file is `apps/bench/{src,dist}/markdown-doc.*`). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/** Splits markdown into `## ` sections keyed by their heading line. */
export function sectionsOf(markdown: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of markdown.split(/\n(?=## )/).slice(1)) {
    out.set(part.split('\n')[0] ?? '', part.trimEnd());
  }
  return out;
}

/** Reads `--only <name>` from argv and checks it against the known section names. */
function onlyArgument(names: readonly string[]): string | undefined {
  const at = process.argv.indexOf('--only');
  if (at < 0) return undefined;
  const only = process.argv[at + 1];
  if (only === undefined || !names.includes(only)) {
    throw new Error(`--only must be one of ${names.join(', ')}, got ${JSON.stringify(only)}.`);
  }
  return only;
}

/** Bullet lines naming the machine, Node and tfjs versions, and the date. */
function machineLines(): string[] {
  const cpu = cpus();
  return [
    `- Machine: ${cpu[0]?.model ?? 'unknown CPU'}, ${cpu.length} logical cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`,
    `- Node ${process.version}, tfjs-core ${tf.version_core}`,
    `- Date: ${new Date().toISOString().slice(0, 10)}`,
  ];
}

/**
 * Writes `file` (atomically): `header`, then the sections. With `only`, the sections just
 * measured replace (or are appended to) the ones already in the file; the others stay.
 * Without, the measured sections replace all others except hand-written notes (a `## `
 * heading that says "hand-written note"), which are kept after them.
 */
async function writeDocument(
  file: string,
  header: string[],
  fresh: string[],
  only: string | undefined,
): Promise<string> {
  let sections = fresh;
  if (existsSync(file)) {
    const kept = sectionsOf(readFileSync(file, 'utf8'));
    const measured = sectionsOf(`\n${fresh.join('\n')}`);
    if (only !== undefined) {
      for (const [heading, text] of measured) kept.set(heading, text);
      sections = [...kept.values()].flatMap((text) => [text, '']);
    } else {
      // A whole run rewrites every measured section; notes written by hand (a heading
      // that says "hand-written note") stay, after them.
      for (const [heading, text] of kept) {
        if (/hand-written note/i.test(heading) && !measured.has(heading))
          sections = [...sections, text, ''];
      }
    }
  }
  const text = [...header, '', ...sections].join('\n');
  await writeFileAtomic(file, text);
  return text;
}

/** One generated document: its file, its opening lines and its sections by `--only` name. */
export interface DocumentSpec {
  /** Name of the command, for its one-line error (`bench`, `evaluate`). */
  command: string;
  /** File name at the repository root, e.g. `'BENCHMARKS.md'`. */
  file: string;
  /** Title and explanation; the machine lines follow them. */
  intro: string[];
  /** Each section's producer, in document order; keys are the `--only` names. */
  sections: Record<string, () => string[] | Promise<string[]>>;
}

/**
 * The whole `pnpm bench` / `pnpm evaluate` run: reads `--only`, produces the sections in
 * order, writes the document (keeping the other sections with `--only`) and prints it.
 * A bad argument or a failed section ends the process with one line and exit code 1.
 */
export async function generateDocument(spec: DocumentSpec): Promise<void> {
  try {
    const only = onlyArgument(Object.keys(spec.sections));
    const names = only === undefined ? Object.keys(spec.sections) : [only];
    const fresh: string[] = [];
    for (const name of names) {
      const produce = spec.sections[name] as () => string[] | Promise<string[]>;
      fresh.push(...(await produce()));
    }
    const file = join(REPO_ROOT, spec.file);
    const text = await writeDocument(file, [...spec.intro, '', ...machineLines()], fresh, only);
    process.stdout.write(`${text}\nwrote ${file}\n`);
  } catch (error) {
    // One line for a bad argument or a failed command; the detail is in the output above.
    process.stderr.write(`${spec.command}: ${(error as Error).message}\n`);
    process.exit(1);
  }
}
