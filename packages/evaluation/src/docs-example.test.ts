/**
 * Runs the README's first ```js block (with `@ae/evaluation` pointed at the sources) and checks
 * that it prints exactly what the README says it prints.
 */
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readmeExample, runReadmeExample } from '../../../scripts/readme-example.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

describe('README example', () => {
  it('imports only tfjs, @ae/datasets, @ae/vae and @ae/evaluation', () => {
    expect(readmeExample(packageDir).imports).toEqual(
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
    const printed = await runReadmeExample(packageDir, '@ae/evaluation');
    expect(printed).toBe(readmeExample(packageDir).output);
  });
});
