/**
 * Reading a packed package (`.tgz`): its files and its `package.json`, in memory.
 */
import { builtinModules } from 'node:module';
import { gunzipSync } from 'node:zlib';

/** The files of a tarball by path inside the package (`package/` removed). */
export function unpackFiles(tgz: Buffer): Map<string, Buffer> {
  const tar = gunzipSync(tgz);
  const files = new Map<string, Buffer>();
  let offset = 0;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every((b) => b === 0)) break;
    const text = (from: number, length: number) =>
      header
        .subarray(from, from + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = Number.parseInt(text(124, 12).trim() || '0', 8);
    const type = text(156, 1);
    const prefix = text(345, 155);
    const name = prefix ? `${prefix}/${text(0, 100)}` : text(0, 100);
    const body = tar.subarray(offset + 512, offset + 512 + size);
    if (type === '0' || type === '') files.set(name.replace(/^package\//, ''), Buffer.from(body));
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The fields of a `package.json` the tests read. */
export interface Manifest extends Record<string, unknown> {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  engines?: { node?: string };
}

/** The `package.json` of a tarball. */
export function unpackManifest(tgz: Buffer): Manifest {
  const file = unpackFiles(tgz).get('package.json');
  if (!file) throw new Error('the tarball has no package/package.json');
  return JSON.parse(file.toString('utf8'));
}

/**
 * The packages the JavaScript files of a tarball import by bare name (`import … from 'x'`,
 * `import('x')`, `export … from 'x'`), without `node:` built-ins: `@scope/name` or `name`.
 */
export function importedPackages(files: Map<string, Buffer>): Set<string> {
  const names = new Set<string>();
  const pattern =
    /(?:^|[;\s])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[^.\w])import\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s*['"]([^'"]+)['"]/gm;
  for (const [path, body] of files) {
    if (!/\.(m?js)$/.test(path)) continue;
    for (const m of body.toString('utf8').matchAll(pattern)) {
      const id = (m[1] ?? m[2] ?? m[3]) as string;
      if (id.startsWith('.') || id.startsWith('/') || id.startsWith('node:')) continue;
      if (builtinModules.includes(id.split('/')[0] as string)) continue;
      const parts = id.split('/');
      names.add(id.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] as string));
    }
  }
  return names;
}
