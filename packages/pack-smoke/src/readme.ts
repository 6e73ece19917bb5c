/**
 * The parts of a package README that a user copies: the install command and the first
 * example with the output the README says it prints.
 */

/** What a README shows first. */
export interface ReadmeFirstExample {
  /** The first ```js block. */
  readonly code: string;
  /**
   * The ```text block that follows it (with only prose between), trailing white space
   * removed: what the code prints; undefined when there is none.
   */
  readonly output: string | undefined;
}

/** The first example of `readme`; undefined when it has no ```js block. */
export function firstExample(readme: string): ReadmeFirstExample | undefined {
  const code = /```js\n([\s\S]*?)```/.exec(readme);
  if (!code?.[1]) return undefined;
  const rest = readme.slice(code.index + code[0].length);
  const output = /^\n(?:(?!```)[^\n]*\n)*?```text\n([\s\S]*?)```/.exec(rest)?.[1];
  return { code: code[1], output: output?.trimEnd() };
}

/**
 * The package names of the install line of the first example: the last `npm i …` line of a
 * ```sh block before the first ```js block (or the first one anywhere when there is none
 * before it), flags left out, e.g. `['@ae/losses', '@tensorflow/tfjs-core']`; `global` tells
 * whether it installs with `-g`.
 */
export function installLine(readme: string): { packages: string[]; global: boolean } | undefined {
  const example = readme.indexOf('```js\n');
  const before = example === -1 ? '' : readme.slice(0, example);
  return lastInstallLine(before) ?? firstInstallLine(readme);
}

function lastInstallLine(text: string): { packages: string[]; global: boolean } | undefined {
  let last: { packages: string[]; global: boolean } | undefined;
  for (const block of text.matchAll(/```sh\n([\s\S]*?)```/g)) {
    last = firstInstallLine(`\`\`\`sh\n${block[1]}\`\`\``) ?? last;
  }
  return last;
}

function firstInstallLine(readme: string): { packages: string[]; global: boolean } | undefined {
  for (const block of readme.matchAll(/```sh\n([\s\S]*?)```/g)) {
    for (const line of (block[1] as string).split('\n')) {
      const words = line.replace(/#.*$/, '').trim().split(/\s+/);
      if (words[0] !== 'npm' || !['i', 'install'].includes(words[1] ?? '')) continue;
      const rest = words.slice(2);
      return {
        packages: rest.filter((w) => !w.startsWith('-')),
        global: rest.includes('-g') || rest.includes('--global'),
      };
    }
  }
  return undefined;
}
