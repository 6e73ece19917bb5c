/**
 * What the README tests of the packages share: a package README's first ```js block, the
 * first ```text block (what the code prints), and a run of the code with the package's own
 * name pointed at its sources, collecting what it logs.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { format } from 'node:util';
import { vi } from 'vitest';

/** The example of a README. */
export interface ReadmeExample {
  /** The first ```js block. */
  code: string;
  /** The first ```text block, trailing white space removed: what the code prints. */
  output: string;
  /** The module names the code imports. */
  imports: Set<string>;
}

/** The first block of `language` in `readme`; throws when there is none. */
function block(readme: string, language: string): string {
  const match = readme.match(new RegExp(`\`\`\`${language}\\n([\\s\\S]*?)\`\`\``));
  if (!match?.[1]) throw new Error(`README.md has no \`\`\`${language} block`);
  return match[1];
}

/** The example of `packageDir/README.md`. */
export function readmeExample(packageDir: string): ReadmeExample {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const code = block(readme, 'js');
  const imports = [...code.matchAll(/from '([^']+)'|import '([^']+)'/g)].map(
    (m) => (m[1] ?? m[2]) as string,
  );
  return { code, output: block(readme, 'text').trimEnd(), imports: new Set(imports) };
}

/**
 * Runs the example of `packageDir` with imports of `name` pointed at `src/index.ts`, from a
 * temporary file in `packageDir` (so the other imports resolve as the package's own), and
 * returns the lines it logged with `console.log`, joined by newlines.
 */
export async function runReadmeExample(packageDir: string, name: string): Promise<string> {
  const source = pathToFileURL(join(packageDir, 'src', 'index.ts')).href;
  const temporary = join(packageDir, `.readme-example-${process.pid}.mjs`);
  writeFileSync(temporary, readmeExample(packageDir).code.replaceAll(`'${name}'`, `'${source}'`));
  const lines: string[] = [];
  const log = vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    lines.push(format(...args));
  });
  try {
    await import(/* @vite-ignore */ pathToFileURL(temporary).href);
  } finally {
    log.mockRestore();
    rmSync(temporary, { force: true });
  }
  return lines.join('\n');
}
