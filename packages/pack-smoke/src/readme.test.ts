import { expect, it } from 'vitest';
import { firstExample, installLine } from './readme.js';

const readme = [
  '# x',
  '```sh',
  'npm i @ae/x @tensorflow/tfjs-core   # the peers too',
  '```',
  '```js',
  "console.log('a');",
  '```',
  'It prints:',
  '```text',
  'a  ',
  '```',
  '```js',
  "console.log('b');",
  '```',
].join('\n');

it('finds the first js block and the text block right after it', () => {
  expect(firstExample(readme)).toEqual({ code: "console.log('a');\n", output: 'a' });
});

it('a text block after another code block is not the output of the first example', () => {
  const shifted = `${readme.replace('It prints:\n```text\na  \n```\n', '')}\n\`\`\`text\nb\n\`\`\`\n`;
  expect(firstExample(shifted)?.output).toBeUndefined();
  expect(firstExample('no code')).toBeUndefined();
});

it('reads the packages of the first npm i line, and whether it is global', () => {
  expect(installLine(readme)).toEqual({
    packages: ['@ae/x', '@tensorflow/tfjs-core'],
    global: false,
  });
  expect(installLine('```sh\nnpx foo\nnpm i -g @ae/cli\n```')).toEqual({
    packages: ['@ae/cli'],
    global: true,
  });
});

it('takes the last install line before the first example', () => {
  const two = `\`\`\`sh\nnpm i a\n\`\`\`\ntext\n\`\`\`sh\nnpm i a b c\n\`\`\`\n\`\`\`js\nx\n\`\`\`\n\`\`\`sh\nnpm i z\n\`\`\`\n`;
  expect(installLine(two)?.packages).toEqual(['a', 'b', 'c']);
});
