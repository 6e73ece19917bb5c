/**
 * Pins down the fact the README states: in Node, `@tensorflow/tfjs-core` + a backend register
 * no gradients, so `tf.grad` over these losses needs `@tensorflow/tfjs-layers` (or
 * `@tensorflow/tfjs`, or tfjs-node) loaded. Runs in a fresh Node process so no other test's
 * imports interfere.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

function probe(extraImport: string): { registered: boolean; gradError: string | null } {
  const script = `
    import * as tf from '@tensorflow/tfjs-core';
    import '@tensorflow/tfjs-backend-cpu';
    ${extraImport}
    tf.env().set('IS_TEST', true);
    await tf.setBackend('cpu');
    let gradError = null;
    try {
      tf.grad((x) => tf.sum(tf.square(x)))(tf.tensor1d([1, 2]));
    } catch (e) {
      gradError = e.message;
    }
    console.log(JSON.stringify({ registered: tf.getGradient('Sum') != null, gradError }));
  `;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: packageDir,
    encoding: 'utf8',
  });
  return JSON.parse(out.trim().split('\n').pop() ?? '{}');
}

describe('gradient registration in Node', () => {
  it('tfjs-core + tfjs-backend-cpu alone: tf.grad fails with a missing gradient', () => {
    const result = probe('');
    expect(result.registered).toBe(false);
    expect(result.gradError).toMatch(/gradient function not found for Sum/);
  });

  it("importing '@tensorflow/tfjs-layers' registers every gradient", () => {
    expect(probe("import '@tensorflow/tfjs-layers';")).toEqual({
      registered: true,
      gradError: null,
    });
  });
});
