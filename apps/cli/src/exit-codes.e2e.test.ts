/**
 * How `ae` ends: usage errors exit 2 with commander's message, other failures exit 1,
 * `--help` exits 0, and Ctrl-C or SIGTERM during training exit 130 / 143 with the terminal's
 * cursor shown again (checked in a real pseudo-terminal through util-linux `script`).
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ae } from './test-utils/run-ae.js';

const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'bin.js');
const HIDE_CURSOR = '\x1b[?25l';
const SHOW_CURSOR = '\x1b[?25h';
const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ae-exit-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ae exit codes', () => {
  it('exits 2 on an unknown option, a bad option value, a missing required option or command', async () => {
    const cases: [string[], RegExp][] = [
      [['train', '--bogus'], /error: unknown option '--bogus'/],
      [['train', '--epochs', 'zero'], /option '--epochs <n>' argument 'zero' is invalid/],
      [['train', '--model', 'gan'], /argument 'gan' is invalid\. Allowed choices are ae,/],
      [['eval'], /error: required option '--model-dir <dir>' not specified/],
      [['frobnicate'], /error: unknown command 'frobnicate'/],
    ];
    for (const [args, message] of cases) {
      const r = await ae(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/run with --help for usage/);
      expect(r.stdout).toBe('');
    }
  });

  it('exits 0 for --help and --version, 1 for a failure that is not a usage error', async () => {
    const help = await ae(['train', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: ae train/);
    const version = await ae(['--version']);
    expect([version.code, version.stdout.trim()]).toEqual([0, '0.1.0']);
    const missing = await ae(['eval', '--model-dir', join(dir, 'nothing-here')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ae: \[CLI_/m);
  });
});

/** Starts `ae train` long enough to be interrupted; `command` wraps it (e.g. in `script`). */
function startTraining(out: string, wrap?: (argv: string[]) => [string, string[]]) {
  const argv = [process.execPath, bin, 'train', '--epochs', '50', '--limit', '3000'];
  argv.push('--hidden', '64', '--out', out);
  const [cmd, args] = wrap ? wrap(argv) : [argv[0] as string, argv.slice(1)];
  const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const seen = (text: string) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (output.includes(text)) resolve();
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      check();
    });
  child.stdout.on('data', (d) => {
    output += d;
  });
  child.stderr.on('data', (d) => {
    output += d;
  });
  const ended = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child: child as ChildProcessWithoutNullStreams, seen, ended, output: () => output };
}

describe('ae train interrupted', () => {
  it('exits 143 on SIGTERM', async () => {
    const run = startTraining(join(dir, 'term'));
    await run.seen('backend:');
    run.child.kill('SIGTERM');
    expect(await run.ended).toEqual({ code: 143, signal: null });
  });

  it.skipIf(!hasScript)(
    'Ctrl-C in a terminal: exits 130 and shows the cursor the progress bar hid',
    async () => {
      // `script` runs the command in a pseudo-terminal; a ^C byte written to it is delivered
      // as SIGINT to the command, exactly as when a user presses Ctrl-C.
      const run = startTraining(join(dir, 'int'), (argv) => [
        'script',
        ['-qfec', argv.map((a) => `'${a}'`).join(' '), '/dev/null'],
      ]);
      await run.seen(HIDE_CURSOR);
      run.child.stdin.write('\x03');
      expect(await run.ended).toEqual({ code: 130, signal: null });
      const output = run.output();
      const hidden = output.lastIndexOf(HIDE_CURSOR);
      expect(hidden).toBeGreaterThanOrEqual(0);
      expect(output.indexOf(SHOW_CURSOR, hidden)).toBeGreaterThan(hidden);
    },
  );
});
