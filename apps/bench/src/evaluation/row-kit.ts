/** Small helpers shared by the rows of EVALUATION.md. */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO_ROOT } from '../markdown-doc.js';

/** Where the rows' runs go, relative to the repository root (git-ignored). */
export const RUNS = 'runs/evaluation';

/** Folder of the pictures EVALUATION.md shows, relative to the repository root. */
export const PICTURES = 'docs/evaluation';

/** Removes a run directory (relative to the root) so a row starts from scratch. */
export function freshRun(dir: string): string {
  rmSync(join(REPO_ROOT, dir), { recursive: true, force: true });
  return dir;
}

/**
 * Copies a picture a command wrote into `docs/evaluation/<name>.png` and returns the
 * markdown that shows it. `source` may be relative to the repository root.
 */
export function picture(source: string, name: string, alt: string): string {
  mkdirSync(join(REPO_ROOT, PICTURES), { recursive: true });
  const target = `${PICTURES}/${name}.png`;
  copyFileSync(resolve(REPO_ROOT, source), join(REPO_ROOT, target));
  return `![${alt}](${target})`;
}

/** `x` with `digits` decimals. */
export function fixed(x: number | undefined, digits: number): string {
  return x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(digits);
}

/** Seconds as `m min s s` (or `s s` under a minute). */
export function duration(seconds: number): string {
  const s = Math.round(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
}

/** A fenced shell block of commands. */
export function commandBlock(commands: readonly string[]): string[] {
  return ['```sh', ...commands, '```'];
}

/** The epoch-level metrics `ae train --json` reports (only the fields the rows read). */
export interface TrainJson {
  metrics: Record<string, number>;
  seconds: number;
  examples: { train: number; validation: number };
  files: Record<string, string>;
}
