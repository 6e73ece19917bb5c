/** Helpers of the end-to-end tests: run the built `ae` binary and read what it printed. */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
/** The built binary; `AE_TEST_BIN` points the tests at another build of it. */
const bin =
  process.env.AE_TEST_BIN ??
  join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'bin.js');

/** What one run of `ae` did. */
export interface AeRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `ae` with `args` in a child process (never throws; a failure has a non-zero code). */
export async function ae(args: string[]): Promise<AeRun> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { maxBuffer: 1 << 24 });
    return { code: 0, stdout, stderr };
  } catch (e) {
    const err = e as AeRun;
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/** The JSON object on the last line of stdout (`--json`). */
// biome-ignore lint/suspicious/noExplicitAny: test code reads arbitrary summary fields.
export const lastJson = (stdout: string): any =>
  JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');

/** Mean and standard deviation of the red channel of rows [y0, y1) of an RGBA image. */
export function redStats(
  img: { width: number; height: number; data: Uint8Array },
  y0 = 0,
  y1 = img.height,
): { mean: number; sd: number } {
  const vals: number[] = [];
  for (let y = y0; y < y1; y++)
    for (let x = 0; x < img.width; x++) vals.push(img.data[(y * img.width + x) * 4] ?? 0);
  const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
  const sd = Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length);
  return { mean, sd };
}
