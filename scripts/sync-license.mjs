#!/usr/bin/env node
/**
 * Copies the repository's LICENSE into a package folder (default: the current directory).
 * Every package runs it as its `prepack` script, so each tarball carries the root's current
 * license text; the copies are not committed (see .gitignore), the root LICENSE is the one.
 *
 * Usage: node scripts/sync-license.mjs [package-dir]
 */
import { copyFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const target = resolve(process.argv[2] ?? '.');
if (!existsSync(join(target, 'package.json'))) {
  process.stderr.write(`sync-license: ${target} has no package.json; pass a package folder.\n`);
  process.exit(1);
}
copyFileSync(join(root, 'LICENSE'), join(target, 'LICENSE'));
