import { createRng, type DatasetFactors, SHAPES_SMALL, shapes } from '@ae/datasets';
import { describe, expect, it } from 'vitest';
import { EvaluationError } from './evaluation-error.js';
import { mutualInformationGap } from './mig.js';

/** I(a; b) in nats from a contingency table of counts, Σ p_ij log(p_ij / (p_i· p_·j)). */
function tableMutualInformation(table: number[][]): number {
  const total = table.flat().reduce((a, b) => a + b, 0);
  const rows = table.map((r) => r.reduce((a, b) => a + b, 0) / total);
  const cols = (table[0] as number[]).map(
    (_, j) => table.reduce((a, r) => a + (r[j] as number), 0) / total,
  );
  let mi = 0;
  table.forEach((r, i) => {
    r.forEach((c, j) => {
      if (c > 0)
        mi += (c / total) * Math.log(c / total / ((rows[i] as number) * (cols[j] as number)));
    });
  });
  return mi;
}

/**
 * Examples of two code dimensions against one 3-valued factor, laid out so that factor
 * value i meets code value j of dimension 0 `a[i][j]` times and of dimension 1 `b[i][j]`
 * times (rows of `a` and `b` must have equal sums). Code value j is stored as j / 2.
 */
function fromTables(a: number[][], b: number[][]) {
  const values: number[] = [];
  const codes: number[] = [];
  const expand = (row: number[]) => row.flatMap((c, j) => Array<number>(c).fill(j));
  a.forEach((row, i) => {
    const first = expand(row);
    const second = expand(b[i] as number[]);
    expect(second.length).toBe(first.length);
    first.forEach((j, k) => {
      values.push(i);
      codes.push(j / 2, (second[k] as number) / 2);
    });
  });
  return { values: Int32Array.from(values), codes: Float32Array.from(codes) };
}

function factorsOf(names: string[], sizes: number[], values: Int32Array): DatasetFactors {
  return { names, sizes, levels: sizes.map((s) => Array.from({ length: s }, (_, i) => i)), values };
}

describe('mutualInformationGap', () => {
  it('matches the mutual information of hand-made contingency tables', () => {
    // Two code dimensions with values {0, 0.5, 1}: with 3 bins over [0, 1] they land in
    // bins 0, 1, 2, so the joint histograms are exactly these tables.
    const a = [
      [5, 1, 0],
      [2, 3, 4],
      [0, 1, 6],
    ];
    const b = [
      [2, 2, 2],
      [3, 3, 3],
      [1, 3, 3],
    ];
    const { values, codes } = fromTables(a, b);
    const result = mutualInformationGap(codes, 2, factorsOf(['f'], [3], values), { bins: 3 });
    const factor = result.factors[0];
    const ia = tableMutualInformation(a);
    const ib = tableMutualInformation(b);
    const h = -[6, 9, 7].reduce((s, c) => s + (c / 22) * Math.log(c / 22), 0);
    expect(factor?.mutualInformation[0]).toBeCloseTo(ia, 10);
    expect(factor?.mutualInformation[1]).toBeCloseTo(ib, 10);
    expect(factor?.entropy).toBeCloseTo(h, 12);
    expect(factor?.bestDim).toBe(0);
    expect(factor?.gap).toBeCloseTo((ia - ib) / h, 10);
    expect(result.mig).toBeCloseTo((ia - ib) / h, 10);
  });

  it('gives MIG ≈ 1 for codes that copy the factors of shapes() (plus noise dims)', () => {
    const data = shapes(SHAPES_SMALL);
    const factors = data.factors as DatasetFactors;
    const k = factors.names.length;
    const dims = k + 2;
    const rng = createRng(7);
    const codes = new Float32Array(data.count * dims);
    for (let i = 0; i < data.count; i++) {
      for (let f = 0; f < k; f++) codes[i * dims + f] = 0.3 * (factors.values[i * k + f] as number);
      codes[i * dims + k] = rng.normal();
      codes[i * dims + k + 1] = rng.next();
    }
    const { mig, factors: details } = mutualInformationGap(codes, dims, factors);
    expect(mig).toBeGreaterThan(0.97);
    expect(mig).toBeLessThanOrEqual(1);
    details.forEach((d, f) => {
      const size = factors.sizes[f] as number;
      expect(d.name).toBe(factors.names[f]);
      expect(d.bestDim).toBe(f);
      // A full grid: every factor is uniform, and a copy carries all of its entropy.
      expect(d.entropy).toBeCloseTo(Math.log(size), 10);
      expect(d.mutualInformation[f]).toBeCloseTo(d.entropy, 10);
      // Other factors are independent of this one on a full grid: exactly 0.
      for (let g = 0; g < k; g++) if (g !== f) expect(d.mutualInformation[g]).toBeCloseTo(0, 10);
    });
  });

  it('gives a gap of 0 to a factor copied into two dimensions', () => {
    const rng = createRng(3);
    const n = 2000;
    const values = new Int32Array(2 * n);
    const codes = new Float32Array(3 * n);
    for (let i = 0; i < n; i++) {
      values[2 * i] = rng.int(4);
      values[2 * i + 1] = rng.int(5);
      codes[3 * i] = values[2 * i] as number;
      codes[3 * i + 1] = 2 * (values[2 * i] as number) - 1;
      codes[3 * i + 2] = values[2 * i + 1] as number;
    }
    const result = mutualInformationGap(codes, 3, factorsOf(['a', 'b'], [4, 5], values));
    expect(result.factors[0]?.gap).toBeCloseTo(0, 12);
    expect(result.factors[1]?.gap).toBeGreaterThan(0.95);
    expect(result.mig).toBeCloseTo(((result.factors[1]?.gap as number) + 0) / 2, 12);
  });

  it('gives MIG near 0 for random codes', () => {
    const rng = createRng(11);
    const n = 8000;
    const values = new Int32Array(3 * n);
    const codes = new Float32Array(6 * n);
    for (let i = 0; i < 3 * n; i++) values[i] = rng.int(i % 3 === 0 ? 3 : 8);
    for (let i = 0; i < codes.length; i++) codes[i] = rng.normal();
    const { mig } = mutualInformationGap(codes, 6, factorsOf(['a', 'b', 'c'], [3, 8, 8], values));
    expect(mig).toBeGreaterThanOrEqual(0);
    expect(mig).toBeLessThan(0.05);
  });

  it('leaves out factors that never vary', () => {
    const values = Int32Array.from([0, 0, 1, 0, 0, 0, 1, 0]); // factor 1 is constant
    const codes = Float32Array.from([0, 5, 1, 5, 0, 5, 1, 5]);
    const result = mutualInformationGap(codes, 2, factorsOf(['a', 'still'], [2, 1], values));
    expect(result.factors[1]?.entropy).toBe(0);
    expect(result.factors[1]?.gap).toBe(0);
    expect(result.mig).toBeCloseTo(1, 12);
  });

  it('refuses inputs that do not fit, naming the problem', () => {
    const f = factorsOf(['a'], [2], Int32Array.from([0, 1]));
    const bad = (run: () => unknown, text: string) => {
      expect(run).toThrow(EvaluationError);
      expect(run).toThrow(text);
    };
    bad(() => mutualInformationGap(new Float32Array(6), 2, f), 'codes has 6 values');
    bad(() => mutualInformationGap(new Float32Array(2), 1, f), 'dims must be an integer ≥ 2');
    bad(() => mutualInformationGap(new Float32Array(4), 2, f, { bins: 1 }), 'bins must be');
    bad(
      () => mutualInformationGap(Float32Array.from([0, Number.NaN, 1, 1]), 2, f),
      'codes[1] (example 0, dim 1) is NaN',
    );
    bad(
      () =>
        mutualInformationGap(
          new Float32Array(4),
          2,
          factorsOf(['a'], [2], Int32Array.from([0, 2])),
        ),
      "factor 'a' of example 1 is 2",
    );
    bad(
      () => mutualInformationGap(new Float32Array(4), 2, factorsOf(['a'], [2], new Int32Array(2))),
      'no factor varies',
    );
  });
});
