/**
 * Crash-safe file and directory replacement: write under a temporary name beside the target,
 * then rename. A directory (or a set of entries of one, such as a saved model's `ae.json` and
 * network folders) is swapped in through a journal of renames that a later run finishes or
 * undoes, so at every instant the old complete version or the new complete one is at the
 * target or recoverable from the leftovers (see {@link recoverDir}).
 *
 * Names of the leftovers, beside the target (`<id>` is `<pid>-<random hex>`):
 *
 * ```text
 * .<name>.tmp-<id>     being written; incomplete, removed on recovery
 * .<unit>.ready-<id>/  the complete, verified new entries with their .swap.json; rolled forward
 * .<unit>.old-<id>/    the old entries being retired; removed once the new ones are in place
 * ```
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** Ids of temporary names this process is using right now (never recovered from under it). */
const active = new Set<string>();

const newId = () => `${process.pid}-${randomBytes(4).toString('hex')}`;

/** A fresh temporary path beside `path` (same directory, so the rename stays atomic). */
export function tempPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.tmp-${newId()}`);
}

/** True when the process that made a leftover with this id may still be writing it. */
function ownerAlive(id: string): boolean {
  if (active.has(id)) return true;
  const pid = Number(id.split('-')[0]);
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Writes `data` to `path` so that readers see the old file or the whole new one. */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = tempPathFor(path);
  const id = tmp.slice(tmp.lastIndexOf('.tmp-') + 5);
  active.add(id);
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw error;
  } finally {
    active.delete(id);
  }
}

/** The journal of a swap, written as `.swap.json` into the ready folder. */
interface SwapManifest {
  /** The new entries, in the ready folder until moved into place. */
  entries: string[];
  /** Old entries to move out of the way (they may or may not exist). */
  retire: string[];
  /** The entry that marks the unit present: moved out first and in last. */
  commit: string;
}

const MANIFEST = '.swap.json';

/**
 * Finishes the swap with id `id` of unit `unit` in `dir` from wherever it stopped: every old
 * entry still in place goes into the old folder (the commit entry first), every new entry
 * still in the ready folder goes into place (the commit entry last), then both folders go.
 * Each step is a rename whose effect can be seen on disk, so running it again after a crash
 * at any point is safe.
 */
async function finishSwap(dir: string, unit: string, id: string): Promise<void> {
  const ready = join(dir, `.${unit}.ready-${id}`);
  const old = join(dir, `.${unit}.old-${id}`);
  const raw = JSON.parse(await readFile(join(ready, MANIFEST), 'utf8')) as SwapManifest;
  // Entries are names inside `dir`, never paths.
  const plain = (e: unknown): e is string =>
    typeof e === 'string' && e !== '' && e !== '.' && e !== '..' && !/[/\\]/.test(e);
  const m: SwapManifest = {
    entries: raw.entries.filter(plain),
    retire: raw.retire.filter(plain),
    commit: plain(raw.commit) ? raw.commit : '',
  };
  if (m.commit === '') throw new Error(`${ready}: ${MANIFEST} names no commit entry.`);
  await mkdir(old, { recursive: true });
  const retire = [m.commit, ...new Set([...m.retire, ...m.entries].filter((e) => e !== m.commit))];
  for (const e of retire) {
    const stillNew = existsSync(join(ready, e));
    // An entry whose new version has left the ready folder is the new one: keep it.
    if (existsSync(join(dir, e)) && (stillNew || !m.entries.includes(e))) {
      if (existsSync(join(old, e))) await rm(join(dir, e), { recursive: true, force: true });
      else await rename(join(dir, e), join(old, e));
    }
  }
  for (const e of [...m.entries.filter((x) => x !== m.commit), m.commit]) {
    if (m.entries.includes(e) && existsSync(join(ready, e))) {
      await rename(join(ready, e), join(dir, e));
    }
  }
  await rm(ready, { recursive: true, force: true });
  await rm(old, { recursive: true, force: true });
}

const LEFTOVER = /^\.(.+)\.(tmp|ready|old)-(\d+-[0-9a-f]+)$/;

/**
 * Finishes or undoes what dead processes left in `dir` (only of `unit`, when given): removes
 * half-written `.tmp-*` files and folders, rolls complete swaps forward, and removes retired
 * old entries. Leftovers of live processes are left alone. Call it before reading or writing
 * a directory that a killed run may have been writing.
 */
export async function recoverDir(dir: string, unit?: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  const found = names
    .map((n) => LEFTOVER.exec(n))
    .filter((m): m is RegExpExecArray => m !== null)
    .map(([name, u, kind, id]) => ({ name, unit: u as string, kind, id: id as string }))
    .filter((l) => (unit === undefined || l.unit === unit) && !ownerAlive(l.id));
  for (const l of found) {
    if (l.kind === 'tmp') await rm(join(dir, l.name), { recursive: true, force: true });
  }
  for (const l of found) {
    if (l.kind === 'ready' && existsSync(join(dir, l.name, MANIFEST))) {
      // A journal that cannot be read is left as it is, for a person to look at.
      await finishSwap(dir, l.unit, l.id).catch(() => undefined);
    } else if (l.kind === 'ready') {
      await rm(join(dir, l.name), { recursive: true, force: true });
    }
  }
  // An old folder without its ready folder: the new entries are all in place.
  for (const l of found) {
    if (l.kind === 'old') await rm(join(dir, l.name), { recursive: true, force: true });
  }
}

/**
 * Replaces some entries of `dir` as one unit. `fill(staging)` writes the new entries into a
 * fresh folder beside them (and should verify what it wrote); only then are the old entries
 * (`retire`, plus the new names) moved out and the new ones moved in, `commit` (e.g.
 * `ae.json`) out first and in last. A crash at any point leaves the old unit in place, or a
 * journal from which {@link recoverDir} finishes the swap; a failing `fill` leaves the old
 * unit untouched. Leftovers of dead processes in `dir` are recovered first.
 */
export async function replaceEntriesAtomic(
  dir: string,
  unit: string,
  fill: (staging: string) => Promise<void>,
  options: { commit: string; retire?: readonly string[] },
): Promise<void> {
  await mkdir(dir, { recursive: true });
  await recoverDir(dir);
  const id = newId();
  const tmp = join(dir, `.${unit}.tmp-${id}`);
  const ready = join(dir, `.${unit}.ready-${id}`);
  active.add(id);
  try {
    try {
      await mkdir(tmp);
      await fill(tmp);
      const entries = (await readdir(tmp)).filter((e) => e !== MANIFEST);
      if (!entries.includes(options.commit)) {
        throw new Error(`${tmp}: the new unit has no "${options.commit}"; nothing was replaced.`);
      }
      const manifest: SwapManifest = {
        entries,
        retire: [...(options.retire ?? [])],
        commit: options.commit,
      };
      await writeFile(join(tmp, MANIFEST), JSON.stringify(manifest));
      await rename(tmp, ready);
    } catch (error) {
      await rm(tmp, { recursive: true, force: true }).catch(() => undefined);
      throw error;
    }
    await finishSwap(dir, unit, id);
  } finally {
    active.delete(id);
  }
}

/**
 * Fills a directory through `fill(tmpDir)` and then puts it at `path`, replacing what was
 * there. If the process dies while filling, `path` is untouched; if it dies while swapping,
 * the next {@link recoverDir} of the parent (or the next call here) puts the new directory
 * in place. If filling fails, the old directory stays whole.
 */
export async function replaceDirAtomic(
  path: string,
  fill: (dir: string) => Promise<void>,
): Promise<void> {
  const name = basename(path);
  await replaceEntriesAtomic(
    dirname(path),
    name,
    async (staging) => {
      await mkdir(join(staging, name));
      await fill(join(staging, name));
    },
    { commit: name, retire: [name] },
  );
}
