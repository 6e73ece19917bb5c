/**
 * A lock file in a run directory, so that two `ae train` never write into one `--out` at
 * once. The lock records who holds it (pid, host, start time); a lock whose process is
 * gone (same host, the pid no longer running: a run killed with SIGKILL, a crash) is stale
 * and taken over with a note on stderr. The lock is written under a temporary name and
 * linked into place, which fails when a lock exists, so of two runs starting together
 * exactly one gets it, and a reader never sees a half-written lock.
 */
import {
  existsSync,
  linkSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { tempPathFor } from '@ae/core/node';
import { CliError } from './cli-error.js';

/** The lock's file name inside the run directory. */
export const LOCK_FILE = '.ae-train.lock';

/** What a lock file holds. */
export interface LockInfo {
  /** Process id of the holder. */
  pid: number;
  /** Host name of the holder's machine. */
  hostname: string;
  /** When the holder took the lock, ISO 8601. */
  startedAt: string;
}

/** A held lock. */
export interface RunLock {
  /** The lock file. */
  path: string;
  /** Removes the lock (also done when the process exits, e.g. on Ctrl-C). */
  release(): void;
}

/** True when process `pid` runs on this machine. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readLock(path: string): LockInfo | undefined {
  try {
    const info = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    if (!Number.isInteger(info.pid) || typeof info.hostname !== 'string') return undefined;
    return info;
  } catch {
    return undefined;
  }
}

/** A lock held by a live process; `undefined` when there is none or it is stale. */
function liveHolder(path: string, flagDir: string): LockInfo | undefined {
  if (!existsSync(path)) return undefined;
  const info = readLock(path);
  if (info === undefined) {
    throw new CliError(
      'CLI_OUT_LOCKED',
      `--out ${flagDir} has a lock file ${path} that cannot be read. If no ae train writes into ${flagDir}, delete that file and start again.`,
    );
  }
  if (info.hostname !== hostname() || isRunning(info.pid)) return info;
  return undefined;
}

/** The error for a lock held by `info`. */
function lockedError(path: string, flagDir: string, info: LockInfo): CliError {
  const where = info.hostname === hostname() ? '' : ` on host ${info.hostname}`;
  return new CliError(
    'CLI_OUT_LOCKED',
    `--out ${flagDir} is in use by another ae train (pid ${info.pid}${where}, started ${info.startedAt}). Wait for it to end or choose another --out; if that run is gone, delete ${path}.`,
  );
}

/**
 * Refuses when a live process holds the lock of `dir` (checked before anything is
 * written), without taking it.
 *
 * @throws CliError `CLI_OUT_LOCKED` naming the holder and what to do.
 */
export function checkUnlocked(dir: string, flagDir: string): void {
  const path = join(dir, LOCK_FILE);
  const holder = liveHolder(path, flagDir);
  if (holder) throw lockedError(path, flagDir, holder);
}

/**
 * Takes the lock of run directory `dir` (which must exist). A stale lock is removed with
 * a note through `log`.
 *
 * @throws CliError `CLI_OUT_LOCKED` when a live process holds it.
 */
export function takeRunLock(dir: string, flagDir: string, log: (line: string) => void): RunLock {
  const path = join(dir, LOCK_FILE);
  const info: LockInfo = {
    pid: process.pid,
    hostname: hostname(),
    startedAt: new Date().toISOString(),
  };
  const tmp = tempPathFor(path);
  writeFileSync(tmp, `${JSON.stringify(info)}\n`);
  const link = (): boolean => {
    try {
      linkSync(tmp, path);
      return true;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      return false;
    }
  };
  try {
    if (!link()) {
      const holder = liveHolder(path, flagDir);
      if (holder) throw lockedError(path, flagDir, holder);
      // Stale: move it aside under a name of our own, so that of two runs finding it stale
      // together only one removes it, and never the fresh lock the other took.
      const aside = tempPathFor(path);
      try {
        renameSync(path, aside);
      } catch (error) {
        // Another run moved it first.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
      const moved = readLock(aside);
      if (moved && moved.hostname === hostname() && !isRunning(moved.pid)) {
        rmSync(aside, { force: true });
        log(
          `ae: removed the stale lock ${path} of pid ${moved.pid} (started ${moved.startedAt}), which no longer runs`,
        );
      } else if (moved) {
        // Not stale after all (a fresh lock of another run): put it back, unless yet another
        // run has taken the name meanwhile.
        try {
          linkSync(aside, path);
        } catch {
          // That run holds it now.
        }
        rmSync(aside, { force: true });
      }
      if (!link()) {
        const now = readLock(path);
        throw now
          ? lockedError(path, flagDir, now)
          : new CliError(
              'CLI_OUT_LOCKED',
              `--out ${flagDir}: another ae train took ${path} just now.`,
            );
      }
    }
  } finally {
    rmSync(tmp, { force: true });
  }
  const onExit = () => release();
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', onExit);
    // Only our own lock: a run that found ours stale (it cannot, while we run) may own it now.
    if (readLock(path)?.pid === process.pid) {
      try {
        unlinkSync(path);
      } catch {
        // Already gone.
      }
    }
  };
  process.on('exit', onExit);
  return { path, release };
}
