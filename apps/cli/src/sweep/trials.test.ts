import { createRng } from '@ae/backend';
import { describe, expect, it } from 'vitest';
import { checkSweep } from './sweep-file.js';
import { canonicalJson, drawFrom, expandTrials, trialId } from './trials.js';

const BASE = { model: 'vae', epochs: 2, limit: 300, 'batch-size': 50 };

/** The one-line message of a refused sweep file. */
function refusal(raw: unknown): string {
  try {
    expandTrials(checkSweep(raw, 'sweep.yaml'));
  } catch (error) {
    const e = error as Error & { code?: string };
    expect(e.code).toBe('CLI_BAD_CONFIG');
    expect(e.message).not.toContain('\n');
    return e.message;
  }
  throw new Error('the sweep file was accepted');
}

describe('expandTrials', () => {
  it('makes grid × seeds trials in a fixed order, each config the base plus its values', () => {
    const spec = checkSweep(
      { base: BASE, grid: { beta: [1, 4], 'latent-dim': [2, 8] }, seeds: [0, 1] },
      'sweep.yaml',
    );
    const trials = expandTrials(spec);
    expect(trials.map((t) => t.params)).toEqual([
      { beta: 1, latentDim: 2, seed: 0 },
      { beta: 1, latentDim: 2, seed: 1 },
      { beta: 1, latentDim: 8, seed: 0 },
      { beta: 1, latentDim: 8, seed: 1 },
      { beta: 4, latentDim: 2, seed: 0 },
      { beta: 4, latentDim: 2, seed: 1 },
      { beta: 4, latentDim: 8, seed: 0 },
      { beta: 4, latentDim: 8, seed: 1 },
    ]);
    expect(trials[5]?.config).toEqual({
      model: 'vae',
      epochs: 2,
      limit: 300,
      batchSize: 50,
      beta: 4,
      latentDim: 2,
      seed: 1,
    });
    expect(new Set(trials.map((t) => t.id)).size).toBe(8);
  });

  it('gives ids from the config alone: the same on every expansion, whatever the key order', () => {
    const a = expandTrials(checkSweep({ base: BASE, grid: { beta: [1, 2] } }, 'a.yaml'));
    const b = expandTrials(
      checkSweep(
        { grid: { beta: [1, 2] }, base: { 'batch-size': 50, limit: 300, epochs: 2, model: 'vae' } },
        'b.yaml',
      ),
    );
    expect(b.map((t) => t.id)).toEqual(a.map((t) => t.id));
    expect(a[0]?.id).toMatch(/^t[0-9a-f]{10}$/);
    expect(trialId({ beta: 1, seed: 0 })).toBe(trialId({ seed: 0, beta: 1 }));
    expect(trialId({ beta: 1, seed: 0 })).not.toBe(trialId({ beta: 1, seed: 1 }));
    expect(canonicalJson({ b: [1, { d: 1, c: 2 }], a: 'x' })).toBe(
      '{"a":"x","b":[1,{"c":2,"d":1}]}',
    );
  });

  it('fills the budget with random draws per grid point, each seed training the same draw', () => {
    const spec = checkSweep(
      {
        base: BASE,
        grid: { beta: [1, 2] },
        random: { 'learning-rate': { 'log-uniform': [1e-4, 1e-2] }, 'latent-dim': { int: [2, 9] } },
        seeds: [0, 1],
        budget: 13,
      },
      'sweep.yaml',
    );
    const trials = expandTrials(spec);
    // ⌊13 / (2 grid points × 2 seeds)⌋ = 3 draws.
    expect(trials).toHaveLength(12);
    for (let i = 0; i < trials.length; i += 2) {
      const [a, b] = [trials[i]?.params, trials[i + 1]?.params];
      expect({ ...a, seed: 1 }).toEqual(b);
    }
    for (const t of trials) {
      const lr = t.params.learningRate as number;
      expect(lr).toBeGreaterThanOrEqual(1e-4);
      expect(lr).toBeLessThanOrEqual(1e-2);
      expect(Number.isInteger(t.params.latentDim)).toBe(true);
    }
    expect(expandTrials(spec).map((t) => t.id)).toEqual(trials.map((t) => t.id));
    const other = expandTrials({ ...spec, samplerSeed: 5 });
    expect(other.map((t) => t.id)).not.toEqual(trials.map((t) => t.id));
  });

  it('draws log-uniform values with the closed-form distribution of the log', () => {
    const rng = createRng(3);
    const range = { kind: 'log-uniform' as const, low: 1e-5, high: 1e-1 };
    const n = 4000;
    const draws = Array.from({ length: n }, () => drawFrom(range, rng) as number);
    // log10 is uniform on [-5, -1]: P(x < 10^q) = (q + 5) / 4 for each quartile edge.
    for (const q of [-4, -3, -2]) {
      const share = draws.filter((x) => x < 10 ** q).length / n;
      expect(Math.abs(share - (q + 5) / 4)).toBeLessThan(0.03);
    }
    const ints = Array.from({ length: n }, () => drawFrom({ kind: 'int', low: 2, high: 4 }, rng));
    expect(new Set(ints)).toEqual(new Set([2, 3, 4]));
    for (const v of [2, 3, 4]) {
      expect(Math.abs(ints.filter((x) => x === v).length / n - 1 / 3)).toBeLessThan(0.03);
    }
  });
});

describe('bad sweep files fail in one line that names the parameter', () => {
  it('an unknown parameter name', () => {
    expect(refusal({ base: BASE, grid: { betta: [1, 2] } })).toMatch(
      /^sweep\.yaml: grid\.betta\[0\]: field "betta" is not an option of ae train/,
    );
    expect(refusal({ base: { ...BASE, epocs: 3 }, seeds: [0] })).toMatch(
      /base: field "epocs" is not an option/,
    );
  });

  it('a value the ae train schema refuses', () => {
    expect(refusal({ base: BASE, grid: { beta: [1, -2] } })).toBe(
      'sweep.yaml: grid.beta[1]: field "beta" must be ≥ 0, got -2.',
    );
    expect(refusal({ base: BASE, grid: { 'latent-dim': [2, 2.5] } })).toMatch(
      /grid\.latent-dim\[1\]: field "latent-dim" must be an? int/,
    );
  });

  it('a value a flag parser or a flag combination refuses', () => {
    expect(refusal({ base: BASE, grid: { dataset: ['mnist', 'nope:x'] } })).toMatch(
      /^sweep\.yaml: grid\.dataset\[1\]: field "dataset" is "nope:x"/,
    );
    expect(
      refusal({ base: { ...BASE, model: 'ae' }, grid: { 'kl-schedule': ['warmup:1'] } }),
    ).toMatch(/grid\.kl-schedule\[0\]: --kl-schedule: a 'ae' model has no KL term/);
  });

  it('bad ranges', () => {
    expect(
      refusal({ base: BASE, random: { 'learning-rate': { 'log-uniform': [0, 0.1] } }, budget: 2 }),
    ).toMatch(/"random\.learning-rate": a log-uniform range needs low > 0, got \[0, 0\.1\]/);
    expect(refusal({ base: BASE, random: { beta: { uniform: [2, 1] } }, budget: 2 })).toMatch(
      /"random\.beta": the range \[2, 1\] is empty/,
    );
    expect(refusal({ base: BASE, random: { beta: { uniform: [-1, 1] } }, budget: 2 })).toBe(
      'sweep.yaml: random.beta low: field "beta" must be ≥ 0, got -1.',
    );
    expect(refusal({ base: BASE, random: { beta: { normal: [0, 1] } }, budget: 2 })).toMatch(
      /"random\.beta" must be a range: \{uniform: \[low, high\]\}/,
    );
    expect(refusal({ base: BASE, random: { 'latent-dim': { int: [2, 3.5] } }, budget: 2 })).toMatch(
      /int range ends must be integers/,
    );
  });

  it('budgets, sweep keys and keys the sweep owns', () => {
    expect(refusal({ base: BASE, grid: { beta: [1, 2, 3] }, seeds: [0, 1], budget: 4 })).toMatch(
      /the grid × seeds make 6 trials, more than "budget" 4/,
    );
    expect(refusal({ base: BASE, random: { beta: { uniform: [0, 1] } } })).toMatch(
      /"random" needs "budget"/,
    );
    expect(
      refusal({ base: BASE, random: { beta: { uniform: [0, 1] } }, seeds: [0, 1, 2], budget: 2 }),
    ).toMatch(/"budget" 2 is below the 3 trials of one random draw/);
    expect(refusal({ base: { ...BASE, out: 'x' }, seeds: [0] })).toMatch(
      /"base\.out": the sweep sets it/,
    );
    expect(
      refusal({
        base: BASE,
        grid: { beta: [1] },
        random: { beta: { uniform: [0, 1] } },
        budget: 2,
      }),
    ).toMatch(/"random\.beta": beta is swept twice \(also in grid\)/);
    expect(refusal({ base: BASE, grid: { seed: [1, 2] }, seeds: [0] })).toMatch(
      /seeds are given by "seeds"/,
    );
    expect(refusal({ base: BASE, grids: { beta: [1] } })).toMatch(
      /"grids" is not a key of a sweep file/,
    );
    expect(refusal({ base: BASE, seeds: [0], direction: 'down' })).toMatch(
      /"direction" must be min or max, got "down"/,
    );
    expect(refusal({ base: BASE })).toMatch(/nothing to sweep/);
  });
});
