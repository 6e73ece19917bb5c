import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { idxBytes } from '../test-utils/idx-bytes.js';
import {
  findIdxFile,
  findOptionalIdxFile,
  idxFileCandidates,
  loadIdxDirectory,
} from './idx-directory.js';

const dir = mkdtempSync(join(tmpdir(), 'ae-idx-dir-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('idx-directory', () => {
  it('tries the name, then .gz, unless it already ends in .gz', () => {
    expect(idxFileCandidates('a')).toEqual(['a', 'a.gz']);
    expect(idxFileCandidates('a.gz')).toEqual(['a.gz']);
  });

  it('prefers the plain file and names every path tried', () => {
    writeFileSync(join(dir, 'both'), '');
    writeFileSync(join(dir, 'both.gz'), '');
    expect(findIdxFile(dir, 'both', 'X', '')).toBe(join(dir, 'both'));
    expect(findOptionalIdxFile(dir, 'none')).toBeUndefined();
    expect(() => findIdxFile(dir, 'none.gz', 'Toy', 'Do this.')).toThrow(
      `Toy file not found: ${join(dir, 'none.gz')} does not exist. Do this.`,
    );
  });

  it('loads images with optional labels, shape from the file', async () => {
    writeFileSync(join(dir, 'img'), idxBytes(0x08, [1, 1, 2], [0, 255]));
    const files = { images: 'img', labels: 'lab' };
    const common = { dir, files, name: 'toy', what: 'Toy', hint: '' };
    const ds = await loadIdxDirectory({ ...common, labelsOptional: true });
    expect(ds.shape).toEqual([1, 2, 1]);
    expect(Array.from(ds.x)).toEqual([0, 1]);
    expect(ds.labels).toBeUndefined();
    await expect(loadIdxDirectory(common)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
