/**
 * Runs the `ae` command (apps/cli, built) as a child process, the way a user would, and
 * returns its `--json` summary. Progress lines on stderr are passed through.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { REPO_ROOT } from '../markdown-doc.js';

/** What one `ae` invocation returned. */
export interface AeResult<T> {
  /** The `--json` summary (last line of stdout). */
  json: T;
  /** Wall-clock seconds of the whole command. */
  seconds: number;
  /** The command as a user types it from the repository root. */
  command: string;
}

/** Quotes an argument for the shell only when it needs it. */
function shellWord(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", "'\\''")}'`;
}

/** `pnpm ae <args>` as typed by a user. */
export function commandLine(args: readonly string[]): string {
  return ['pnpm ae', ...args.map(shellWord)].join(' ');
}

/**
 * Runs `ae <args> --json` from the repository root.
 * @throws Error with the command and its last stderr line when it exits non-zero.
 */
export function runAe<T>(args: readonly string[]): Promise<AeResult<T>> {
  const bin = join(REPO_ROOT, 'apps', 'cli', 'dist', 'bin.js');
  const command = commandLine(args);
  process.stderr.write(`\n$ ${command}\n`);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--json'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let lastErr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      process.stderr.write(text);
      const lines = text.trim().split('\n');
      lastErr = lines.at(-1) ?? lastErr;
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - started) / 1000;
      if (code !== 0) {
        reject(new Error(`${command} exited with ${code}: ${lastErr}`));
        return;
      }
      const last = stdout.trim().split('\n').at(-1) ?? '';
      try {
        resolve({ json: JSON.parse(last) as T, seconds, command });
      } catch {
        reject(new Error(`${command}: the last stdout line is not JSON: ${last.slice(0, 200)}`));
      }
    });
  });
}
