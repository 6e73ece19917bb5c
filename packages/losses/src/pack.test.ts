import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const script = join(packageDir, '..', '..', 'scripts', 'pack-smoke.mjs');

it('packs, installs into an empty project with only its peers, and prints what its README says', () => {
  const r = spawnSync(process.execPath, [script, packageDir], { encoding: 'utf8' });
  expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  expect(r.stdout).toMatch(/README example output matches/);
});
