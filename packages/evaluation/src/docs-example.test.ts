/**
 * Runs the README's first ```js block (with `@ae/evaluation` pointed at the sources) and checks
 * that it prints exactly what the README says it prints.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));
const readme = readFileSync(`${packageDir}README.md`, 'utf8');
const temporary = `${packageDir}.readme-example-${process.pid}.mjs`;

function block(language: string): string {
  const match = readme.match(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``));
  if (!match?.[1]) throw new Error(`README.md has no \`\`\`${language} block`);
  return match[1];
}

describe('README example', () => {
  afterAll(() => rmSync(temporary, { force: true }));

  it('imports only tfjs, @ae/datasets, @ae/vae and @ae/evaluation', () => {
    const imports = [...block('js').matchAll(/from '([^']+)'|import '([^']+)'/g)].map(
      (m) => m[1] ?? m[2],
    );
    expect(new Set(imports)).toEqual(
      new Set([
        '@tensorflow/tfjs-core',
        '@tensorflow/tfjs-layers',
        '@tensorflow/tfjs-backend-cpu',
        '@ae/datasets',
        '@ae/vae',
        '@ae/evaluation',
      ]),
    );
  });

  it('prints what the README shows', async () => {
    const source = pathToFileURL(`${packageDir}src/index.ts`).href;
    writeFileSync(temporary, block('js').replace("'@ae/evaluation'", `'${source}'`));
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
      lines.push(format(...args));
    });
    try {
      await import(/* @vite-ignore */ pathToFileURL(temporary).href);
    } finally {
      log.mockRestore();
    }
    expect(lines.join('\n')).toBe(block('text').trimEnd());
  });
});
