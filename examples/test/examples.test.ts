/**
 * Runs every example in its quick mode (a few hundred images, one or two epochs) in this
 * process and checks what it measured and drew, so that the examples cannot rot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { convAutoencoderTsne } from '../conv-autoencoder-tsne/main.js';
import { convVaeManifold } from '../conv-vae-manifold/main.js';
import { denseAutoencoder } from '../dense-autoencoder/main.js';
import type { Example } from '../shared/run.js';
import { expectLossFalls, expectPicture } from './checks.js';

const root = mkdtempSync(join(tmpdir(), 'ae-examples-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const lines: string[] = [];
function quick(example: Example, name: string) {
  return example({
    quick: true,
    outDir: join(root, name),
    log: (l) => lines.push(`${name}: ${l}`),
  });
}

describe('examples, quick mode', () => {
  it('dense-autoencoder: the loss falls, test BCE well below an untrained model, 2×10 tiles', async () => {
    const r = await quick(denseAutoencoder, 'dense');
    expectLossFalls(r, 0.7);
    // An untrained network outputs ≈ 0.5 everywhere: 784 · ln 2 ≈ 543 nats per image.
    expect(r.metrics.testBce).toBeLessThan(0.6 * 784 * Math.LN2);
    expectPicture(r.pictures[0], { width: 10 * 56, height: 2 * 56 });
  });

  it('conv-autoencoder-tsne: codes of 784 values, map neighbours agree on the digit far above chance', async () => {
    const r = await quick(convAutoencoderTsne, 'conv-tsne');
    expectLossFalls(r);
    expect(r.metrics.codeSize).toBe(784);
    // Ten balanced classes: a map that ignores digits agrees about 10 % of the time.
    expect(r.metrics.neighbourAgreement).toBeGreaterThan(0.5);
    expectPicture(r.pictures[0], { width: 600, height: 400 });
    expectPicture(r.pictures[1], { width: 10 * 56, height: 2 * 56 });
  });

  it('conv-vae-manifold: a 2-D latent, finite ELBO, decoded grid that varies across the plane', async () => {
    const r = await quick(convVaeManifold, 'conv-vae');
    expectLossFalls(r);
    expect(Number.isFinite(r.metrics.testElbo)).toBe(true);
    expect(r.metrics.testElbo).toBeGreaterThan(-543);
    expect(r.metrics.manifoldPixelStd).toBeGreaterThan(0.01);
    const n = r.metrics.gridSize as number;
    expectPicture(r.pictures[0], { width: n * 56, height: n * 56 });
  });
});
