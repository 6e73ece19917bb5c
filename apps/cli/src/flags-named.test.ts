/**
 * Every `--flag` that the command's messages, help texts and README name is a flag the `ae`
 * command has: advice that names a flag that does not exist sends the user nowhere.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');

/** Source files (not tests) under `dir`, recursively. */
function sources(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.ts') && !f.includes('.test.') && !f.includes('test-utils'))
    .map((f) => join(dir, f));
}

/** The flags of every `ae` command, and `--help` / `--version`. */
function knownFlags(): Set<string> {
  const flags = new Set(['--help', '--version']);
  for (const command of buildProgram().commands) {
    for (const option of command.options) if (option.long) flags.add(option.long);
  }
  return flags;
}

/**
 * Flags of other programs that the code and README name on purpose: node's `--import` (the
 * sweep's trial processes) and redis-server's (how to start the Redis the queue needs).
 */
const OTHER_PROGRAMS = new Set(['--import', '--bind', '--port', '--save', '--appendonly']);

describe('flags named in messages and docs', () => {
  it('all exist', () => {
    const known = knownFlags();
    // The packages the command runs (their messages reach its users), not build tools.
    const manifest = JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8'));
    const packages = Object.keys(manifest.dependencies as Record<string, string>)
      .filter((name) => name.startsWith('@ae/'))
      .map((name) => join(root, 'packages', name.slice(4), 'src'));
    expect(packages.length).toBeGreaterThan(5);
    const files = [...sources(here), ...packages.flatMap(sources), join(here, '..', 'README.md')];
    const unknown: string[] = [];
    const seen = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // A flag: two dashes after a quote, a space, a backtick or a parenthesis.
      for (const m of text.matchAll(/(?<=[\s`'"(])--[a-z][a-z0-9-]*[a-z0-9]/g)) {
        seen.add(m[0]);
        if (!known.has(m[0]) && !OTHER_PROGRAMS.has(m[0]))
          unknown.push(`${file.slice(root.length + 1)}: ${m[0]}`);
      }
    }
    expect(unknown).toEqual([]);
    // The scan sees the flags (not an empty match): most of the command's flags are named.
    expect(seen.size).toBeGreaterThan(50);
    for (const flag of ['--latent-dim', '--no-ema', '--overwrite', '--model-dir']) {
      expect(seen.has(flag), flag).toBe(true);
    }
  });
});
