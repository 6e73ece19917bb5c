/**
 * The workspace's publishable packages: every `packages/*` and `apps/*` folder whose
 * `package.json` is not private.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One publishable package of the workspace. */
export interface WorkspacePackage {
  /** Its folder. */
  readonly dir: string;
  /** Its `package.json`. */
  readonly manifest: { name: string; version: string; bin?: Record<string, string> } & Record<
    string,
    unknown
  >;
  /** Its README.md. */
  readonly readme: string;
}

/** The publishable packages under `root`, sorted by name. */
export function publishableWorkspace(root: string): WorkspacePackage[] {
  const found: WorkspacePackage[] = [];
  for (const group of ['packages', 'apps']) {
    for (const entry of readdirSync(join(root, group))) {
      const dir = join(root, group, entry);
      const file = join(dir, 'package.json');
      if (!existsSync(file)) continue;
      const manifest = JSON.parse(readFileSync(file, 'utf8'));
      if (manifest.private) continue;
      found.push({ dir, manifest, readme: readFileSync(join(dir, 'README.md'), 'utf8') });
    }
  }
  return found.sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}
