import { describe, expect, it } from 'vitest';
import { neighbourAgreement } from './neighbour-agreement.js';

describe('neighbourAgreement', () => {
  it('counts points whose nearest neighbour shares their label', () => {
    // (0,0) a and (0,1) a are each other's nearest: 2 agree. (10,0) b and (10,1) a are
    // each other's nearest: both disagree. (5,5) b is nearest to (0,1) and (10,1) (d² = 41),
    // both a: disagrees. 2 of 5.
    const xy = new Float32Array([0, 0, 0, 1, 10, 0, 10, 1, 5, 5]);
    const labels = [0, 0, 1, 0, 1];
    expect(neighbourAgreement(xy, labels)).toBeCloseTo(2 / 5, 12);
  });

  it('refuses misaligned input', () => {
    expect(() => neighbourAgreement(new Float32Array(3), [0, 1])).toThrow(/3 coordinates for 2/);
  });
});
