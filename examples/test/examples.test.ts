/**
 * Runs every example in its quick mode (a few hundred images, one or two epochs) in this
 * process and checks what it measured and drew, so that the examples cannot rot.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { anomalyDetection } from '../anomaly-detection/main.js';
import { betaVaeShapes } from '../beta-vae-shapes/main.js';
import { convAutoencoderTsne } from '../conv-autoencoder-tsne/main.js';
import { convVaeManifold } from '../conv-vae-manifold/main.js';
import { customArchitecture } from '../custom-architecture/main.js';
import { cvaeDigits } from '../cvae-digits/main.js';
import { denoisingAutoencoder } from '../denoising-autoencoder/main.js';
import { denseAutoencoder } from '../dense-autoencoder/main.js';
import type { Example } from '../shared/run.js';
import { sparseAutoencoder } from '../sparse-autoencoder/main.js';
import { vqVaeCodes } from '../vq-vae-codes/main.js';
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

  it('denoising-autoencoder: the outputs are closer to the clean digits than the noisy inputs (PSNR)', async () => {
    const r = await quick(denoisingAutoencoder, 'denoising');
    expectLossFalls(r);
    // Gaussian noise σ = 0.5 clipped to [0, 1]: about 9 dB against the clean digits.
    expect(r.metrics.psnrNoisy).toBeGreaterThan(8);
    expect(r.metrics.psnrNoisy).toBeLessThan(11);
    expect(r.metrics.psnrDenoised).toBeGreaterThan((r.metrics.psnrNoisy as number) + 0.5);
    expectPicture(r.pictures[0], { width: 10 * 56, height: 3 * 56 });
  });

  it('sparse-autoencoder: the KL penalty lowers the mean code activation well below the unpenalized one', async () => {
    const r = await quick(sparseAutoencoder, 'sparse');
    expectLossFalls(r);
    const { meanActivation, meanActivationWithoutPenalty, activeShare } = r.metrics as Record<
      string,
      number
    >;
    expect(meanActivation).toBeLessThan(0.6 * (meanActivationWithoutPenalty as number));
    expect(activeShare).toBeLessThanOrEqual(r.metrics.activeShareWithoutPenalty as number);
    expectPicture(r.pictures[0], { width: 10 * 56, height: 10 * 56 });
    expectPicture(r.pictures[1], { width: 10 * 56, height: 3 * 56 });
  });

  it('anomaly-detection: ROC-AUC well above chance, the lowest scores are normal digits', async () => {
    const r = await quick(anomalyDetection, 'anomaly');
    expectLossFalls(r);
    expect(r.metrics.rocAuc).toBeGreaterThan(0.75);
    expect(r.metrics.normalAmongBottom10).toBeGreaterThanOrEqual(7);
    expectPicture(r.pictures[0], { width: 600, height: 400 });
    expectPicture(r.pictures[1], { width: 10 * 56, height: 2 * 56 });
  });

  it('beta-vae-shapes: the loss falls, a MIG in [0, 1], one traversal row per latent dimension', async () => {
    const r = await quick(betaVaeShapes, 'beta-vae');
    expectLossFalls(r, 0.6);
    expect(r.metrics.mig).toBeGreaterThanOrEqual(0);
    expect(r.metrics.mig).toBeLessThanOrEqual(1);
    const rows = r.metrics.latentDimensions as number;
    const steps = r.metrics.steps as number;
    expectPicture(r.pictures[0], { width: steps * 64, height: rows * 64 });
  });

  it('cvae-digits: samples of each chosen digit are nearest to that digit’s mean image far more often than chance', async () => {
    const r = await quick(cvaeDigits, 'cvae');
    expectLossFalls(r);
    expect(r.metrics.matchedShare).toBeGreaterThan(0.18);
    const rows = r.metrics.rows as number;
    expectPicture(r.pictures[0], { width: (r.metrics.perRow as number) * 56, height: rows * 56 });
  });

  it('vq-vae-codes: several codes in use (perplexity > 2), a usage chart', async () => {
    const r = await quick(vqVaeCodes, 'vq-vae');
    expectLossFalls(r);
    expect(r.metrics.perplexity).toBeGreaterThan(2);
    expect(r.metrics.perplexity).toBeLessThanOrEqual(r.metrics.numCodes as number);
    expect(r.metrics.usedCodes).toBeGreaterThanOrEqual(5);
    expectPicture(r.pictures[0], { width: 600, height: 300 });
    expectPicture(r.pictures[1], { width: 10 * 56, height: 2 * 56 });
  });

  it('custom-architecture: own networks are checked, trained, saved and reloaded unchanged', async () => {
    const r = await quick(customArchitecture, 'custom');
    expectLossFalls(r);
    expect(r.metrics.refusedWrongDecoder).toBe(1);
    expect(r.metrics.reloadDifference).toBeLessThan(1e-6);
    expect(r.metrics.testElbo).toBeGreaterThan(-543);
    expectPicture(r.pictures[0], { width: 10 * 56, height: 3 * 56 });
  });
});
