import { describe, expect, it } from 'vitest';
import { latestOnly } from './latest-only.js';

describe('latestOnly', () => {
  it('runs the first value, then only the last of those queued meanwhile', async () => {
    const ran: number[] = [];
    const gates: Array<() => void> = [];
    const request = latestOnly(async (v: number) => {
      ran.push(v);
      await new Promise<void>((resolve) => gates.push(resolve));
    });
    request(1);
    request(2);
    request(3);
    request(4);
    expect(ran).toEqual([1]);
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual([1, 4]);
    gates.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
    request(5);
    expect(ran).toEqual([1, 4, 5]);
  });

  it('reports errors and keeps going', async () => {
    const errors: unknown[] = [];
    const ran: number[] = [];
    const request = latestOnly(
      async (v: number) => {
        ran.push(v);
        if (v === 1) throw new Error('boom');
      },
      (e) => errors.push(e),
    );
    request(1);
    await new Promise((r) => setTimeout(r, 0));
    request(2);
    await new Promise((r) => setTimeout(r, 0));
    expect(ran).toEqual([1, 2]);
    expect(errors).toHaveLength(1);
  });
});
