import { mkdir, mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sourceFolderHolding } from './source-folder.js';

let root = '';
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'ae-source-folder-'));
  await mkdir(join(root, 'photos', 'cats'), { recursive: true });
  await mkdir(join(root, 'elsewhere'));
  await symlink(join(root, 'photos'), join(root, 'link'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('sourceFolderHolding', () => {
  it('finds a path equal to, or at any depth inside, the folder of an images: source', () => {
    const photos = join(root, 'photos');
    const spec = { kind: 'images', dir: photos } as const;
    expect(sourceFolderHolding(spec, photos)).toBe(photos);
    expect(sourceFolderHolding(spec, join(photos, 'run'))).toBe(photos);
    expect(sourceFolderHolding(spec, join(photos, 'cats', 'new', 'run'))).toBe(photos);
  });

  it('sees through symbolic links, and not into a sibling whose name starts the same', () => {
    const photos = join(root, 'photos');
    const spec = { kind: 'images', dir: photos } as const;
    expect(sourceFolderHolding(spec, join(root, 'link', 'run'))).toBe(photos);
    expect(sourceFolderHolding({ kind: 'images', dir: join(root, 'link') }, photos)).toBe(photos);
    expect(sourceFolderHolding(spec, join(root, 'photos-runs'))).toBeUndefined();
    expect(sourceFolderHolding(spec, join(root, 'elsewhere'))).toBeUndefined();
    expect(sourceFolderHolding(spec, root)).toBeUndefined();
  });

  it('is undefined for sources that read named files only', () => {
    expect(sourceFolderHolding({ kind: 'idx', source: root }, join(root, 'run'))).toBeUndefined();
    expect(sourceFolderHolding({ kind: 'csv', path: join(root, 'a.csv') }, root)).toBeUndefined();
    expect(sourceFolderHolding({ kind: 'mnist' }, root)).toBeUndefined();
  });
});
