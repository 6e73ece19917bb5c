/**
 * `ae eval` on data with ground-truth factors: the mutual information gap of the codes,
 * checked against a MIG written out here in float64 from codes encoded in this process.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@ae/backend';
import type { DatasetFactors } from '@ae/datasets';
import { loadModel } from '@ae/vae';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadData } from './data/load-data.js';
import { ae, lastJson } from './test-utils/run-ae.js';

/**
 * MIG written out independently: 20 equal-width bins per code dimension over its range,
 * I(v; z) = Σ p(v, z) log(p(v, z) / (p(v) p(z))) in float64, gap (I₁ − I₂) / H(v).
 */
function referenceMig(codes: Float32Array, dims: number, f: DatasetFactors) {
  const n = codes.length / dims;
  const k = f.names.length;
  const bins = 20;
  const bin = (i: number, j: number, lo: number, hi: number) => {
    const w = (hi - lo) / bins;
    return w > 0 ? Math.min(bins - 1, Math.floor(((codes[i * dims + j] as number) - lo) / w)) : 0;
  };
  const gaps: { gap: number; entropy: number }[] = [];
  for (let a = 0; a < k; a++) {
    const size = f.sizes[a] as number;
    const pv = new Array<number>(size).fill(0);
    for (let i = 0; i < n; i++) (pv[f.values[i * k + a] as number] as number) += 1 / n;
    const h = -pv.reduce((acc, p) => acc + (p > 0 ? p * Math.log(p) : 0), 0);
    const mi: number[] = [];
    for (let j = 0; j < dims; j++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 0; i < n; i++) {
        lo = Math.min(lo, codes[i * dims + j] as number);
        hi = Math.max(hi, codes[i * dims + j] as number);
      }
      const joint = new Map<string, number>();
      const pz = new Array<number>(bins).fill(0);
      for (let i = 0; i < n; i++) {
        const b = bin(i, j, lo, hi);
        const key = `${f.values[i * k + a]},${b}`;
        joint.set(key, (joint.get(key) ?? 0) + 1 / n);
        (pz[b] as number) += 1 / n;
      }
      let m = 0;
      for (const [key, p] of joint) {
        const [v, b] = key.split(',').map(Number) as [number, number];
        m += p * Math.log(p / ((pv[v] as number) * (pz[b] as number)));
      }
      mi.push(m);
    }
    mi.sort((x, y) => y - x);
    gaps.push({ entropy: h, gap: h > 0 ? ((mi[0] as number) - (mi[1] as number)) / h : 0 });
  }
  return gaps;
}

describe('ae eval: mutual information gap on data with factors', () => {
  let out = '';
  beforeAll(async () => {
    await initBackend();
    out = await mkdtemp(join(tmpdir(), 'ae-eval-mig-'));
    const r = await ae([
      'train',
      ...['--model', 'vae', '--dataset', 'shapes:32', '--limit', '512', '--hidden', '32'],
      ...['--latent-dim', '4', '--epochs', '1', '--seed', '0', '--out', out],
    ]);
    expect(r.code, r.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(out, { recursive: true, force: true });
  });

  it('reports mig in [0, 1], the mean of the per-factor gaps, as a float64 MIG of the codes', async () => {
    const r = await ae(['eval', '--model-dir', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const { metrics, examples } = lastJson(r.stdout);
    expect(examples).toBe(512);
    expect(metrics.mig).toBeGreaterThanOrEqual(0);
    expect(metrics.mig).toBeLessThanOrEqual(1);
    const factors = metrics.migFactors as { name: string; gap: number; entropy: number }[];
    expect(factors.map((f) => f.name)).toEqual(['shape', 'scale', 'rotation', 'x', 'y']);
    const varying = factors.filter((f) => f.entropy > 0);
    expect(varying.length).toBeGreaterThan(0);
    const mean = varying.reduce((a, f) => a + f.gap, 0) / varying.length;
    expect(metrics.mig).toBeCloseTo(mean, 12);

    // The same validation examples, encoded here (posterior means), MIG recomputed.
    const { validation } = await loadData({ kind: 'shapes', size: 32 }, { seed: 0, limit: 512 });
    const model = await loadModel(out);
    const x = tf.tensor(validation.x, [validation.count, ...validation.shape]);
    const z = model.encode(x);
    const codes = (await z.data()) as Float32Array;
    tf.dispose([x, z]);
    model.dispose();
    const ref = referenceMig(codes, 4, validation.factors as DatasetFactors);
    factors.forEach((f, i) => {
      expect(f.entropy).toBeCloseTo(ref[i]?.entropy ?? Number.NaN, 9);
      expect(f.gap).toBeCloseTo(ref[i]?.gap ?? Number.NaN, 5);
    });

    const human = await ae(['eval', '--model-dir', out]);
    expect(human.code, human.stderr).toBe(0);
    expect(human.stdout).toMatch(/\n {2}mig\s+0\.\d{4}\s+mutual information gap/);
    expect(human.stdout).toMatch(/gap: rotation\s+0\.\d{4}\s+\(I₁ − I₂\) \/ H of factor rotation/);
  });
});
