/**
 * A trial taken over from a lost machine: `ae train`'s run lock in its directory names that
 * machine, and `ae train` cannot tell from here whether the process behind it still runs, so it
 * would refuse the directory. On the queue, BullMQ is the authority on who owns a trial: it
 * hands a trial to a new worker only after the old one stopped renewing its job lock for
 * `lockDuration`. So a worker that has been given a trial removes a run lock of another host.
 * Locks of this host are left to `ae train`, which takes over those whose process is gone.
 */
import { readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { LOCK_FILE } from '../run-lock.js';

/** Removes the run lock in `dir` when another host holds it; returns that host, if any. */
export function releaseForeignLock(dir: string, log: (line: string) => void): string | undefined {
  const path = join(dir, LOCK_FILE);
  let holder: { hostname?: unknown; pid?: unknown };
  try {
    holder = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
  if (typeof holder.hostname !== 'string' || holder.hostname === hostname()) return undefined;
  rmSync(path, { force: true });
  log(
    `trial directory ${dir}: removed the run lock of host ${holder.hostname} (pid ${String(holder.pid)}); the queue gave this trial to this worker after that one stopped answering`,
  );
  return holder.hostname;
}
