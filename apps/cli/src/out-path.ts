/**
 * Output paths, checked before a command does any work, so that a path that cannot be
 * written fails at once (not after an epoch of training), and write failures (a full
 * disk, a read-only file system) that name what was being written and what to do.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '@ae/core/node';
import { CliError } from './cli-error.js';

/** The nearest of `path` and its parents that exists, and whether it is a directory. */
function nearestExisting(path: string): { path: string; isDir: boolean } {
  let p = path;
  for (;;) {
    try {
      return { path: p, isDir: statSync(p).isDirectory() };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const up = dirname(p);
      if (up === p) return { path: p, isDir: true };
      p = up;
    }
  }
}

/** Throws unless `dir` (an existing directory) can be written into. */
function checkWritable(flag: string, given: string, dir: string): void {
  try {
    accessSync(dir, constants.W_OK);
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    throw new CliError(
      'CLI_BAD_OUT',
      `${flag} ${given}: cannot write into ${dir} (${e.code}: ${describeErrno(e)}). Choose a directory you can write to.`,
      { cause: error },
    );
  }
}

/**
 * Checks that `path` can be the directory a command writes its files into: a directory,
 * or a path where one can be made (no file in the way, the nearest existing parent
 * writable).
 *
 * @throws CliError `CLI_BAD_OUT` naming the flag, the path and what is in the way.
 */
export function checkOutDir(flag: string, path: string): void {
  const abs = resolve(path);
  const found = nearestExisting(abs);
  if (!found.isDir) {
    throw new CliError(
      'CLI_BAD_OUT',
      found.path === abs
        ? `${flag} ${path} is a file, not a directory. Give a directory (new or empty) for the files of the command.`
        : `${flag} ${path}: ${found.path} is a file, so no directory can be made inside it. Choose another path.`,
    );
  }
  checkWritable(flag, path, found.path);
}

/**
 * Checks that `path` can be the file a command writes: not a directory, no file in the
 * way of its folder, the nearest existing folder writable.
 *
 * @param example A file name to suggest inside a directory given by mistake, e.g. `sample.png`.
 * @throws CliError `CLI_BAD_OUT` naming the flag, the path and what is in the way.
 */
export function checkOutFile(flag: string, path: string, example: string): void {
  const abs = resolve(path);
  const found = nearestExisting(abs);
  if (found.path === abs && found.isDir) {
    throw new CliError(
      'CLI_BAD_OUT',
      `${flag} ${path} is a directory; give a file name, e.g. ${flag} ${join(path, example)}.`,
    );
  }
  if (found.path !== abs && !found.isDir) {
    throw new CliError(
      'CLI_BAD_OUT',
      `${flag} ${path}: ${found.path} is a file, so it cannot hold ${path}. Choose another path.`,
    );
  }
  checkWritable(flag, path, found.path === abs ? dirname(abs) : found.path);
}

/** Error codes of the file system that mean "this could not be written". */
const WRITE_ERRNOS = new Set([
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EROFS',
  'EACCES',
  'EPERM',
  'EIO',
  'EISDIR',
  'ENOTDIR',
]);

/** Node's words for an errno error, e.g. `no space left on device`. */
function describeErrno(e: NodeJS.ErrnoException): string {
  const m = /^[A-Z]+: ([^,]+)/.exec(e.message);
  return m?.[1] ?? e.message;
}

/**
 * Runs `write`; a file-system failure to write becomes a `CLI_WRITE_FAILED` error that
 * names `what` was being written (Node's own message for a full disk names no path) and
 * `advice`. Other errors pass through.
 */
export async function namingWriteErrors<T>(
  what: string,
  write: () => Promise<T>,
  advice: () => Promise<string> | string = () => 'Free some space or choose another path.',
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (typeof e?.code !== 'string' || !WRITE_ERRNOS.has(e.code)) throw error;
    const where = e.path ? ` (${e.path})` : '';
    throw new CliError(
      'CLI_WRITE_FAILED',
      `writing ${what} failed: ${describeErrno(e)}${where}. ${await advice()}`,
      { cause: error },
    );
  }
}

/**
 * Writes an output file atomically (`writeFileAtomic`); a failure to write names the
 * file (`CLI_WRITE_FAILED`).
 */
export async function writeOutputFile(path: string, data: string | Uint8Array): Promise<void> {
  await namingWriteErrors(path, () => writeFileAtomic(path, data));
}
