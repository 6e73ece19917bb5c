#!/usr/bin/env node
/**
 * `pnpm ae …` at the repository root. The root package depends on this folder (`link:`), so
 * pnpm runs this file as the `ae` command without printing a script banner on stdout. It
 * builds `@ae/cli` and the packages it imports (turbo, cached), showing turbo's output only
 * when the build fails, then runs `apps/cli/dist/bin.js` in this process: stdout carries only
 * the command's own output, and with `--json` its summary stays the last line.
 */
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const turbo = createRequire(join(root, 'package.json')).resolve('turbo/bin/turbo');
const args = [
  turbo,
  'run',
  'build',
  '--filter=@ae/cli...',
  '--output-logs=errors-only',
  '--log-prefix=none',
];
const build = spawnSync(process.execPath, args, {
  cwd: root,
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'pipe'],
  maxBuffer: 64 * 1024 * 1024,
});
if (build.status !== 0) {
  process.stderr.write(`${build.stdout ?? ''}${build.stderr ?? ''}`);
  const why = build.error ? build.error.message : `exit code ${build.status ?? build.signal}`;
  process.stderr.write(
    `ae: building the ae command failed (turbo run build, ${why}); see above.\n`,
  );
  process.exit(1);
}
await import(pathToFileURL(join(root, 'apps', 'cli', 'dist', 'bin.js')).href);
