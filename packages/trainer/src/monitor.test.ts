import { describe, expect, it } from 'vitest';
import type { EpochLogs } from './callbacks.js';
import { Monitor } from './monitor.js';
import { TrainingError } from './training-error.js';

const epoch = (n: number, value: number) =>
  ({ epoch: n, step: n * 10, seconds: 1, samplesPerSecond: 100, val_total: value }) as EpochLogs;

describe('Monitor', () => {
  it('keeps the lowest epoch and says stop after `patience` epochs without a gain > minDelta', () => {
    const m = new Monitor('val_total', { patience: 2, minDelta: 0.5 });
    expect(m.update(epoch(1, 10))).toBe(false);
    expect(m.update(epoch(2, 9.7))).toBe(false); // better by 0.3 ≤ minDelta: no gain
    expect(m.best).toEqual({ metric: 'val_total', epoch: 1, value: 10 });
    expect(m.update(epoch(3, 9))).toBe(false); // better by 1: the new best
    expect(m.best?.epoch).toBe(3);
    expect(m.update(epoch(4, 9))).toBe(false);
    expect(m.update(epoch(5, 8.8))).toBe(true);
  });

  it.each<[object, string]>([
    [{ patience: 0 }, 'Trainer: earlyStopping.patience must be an integer ≥ 1, got 0.'],
    [{ patience: 1.5 }, 'Trainer: earlyStopping.patience must be an integer ≥ 1, got 1.5.'],
    [{ patience: '3' }, 'Trainer: earlyStopping.patience must be an integer ≥ 1, got "3".'],
    [
      { patience: 2, minDelta: -0.1 },
      'Trainer: earlyStopping.minDelta must be a finite number ≥ 0, got -0.1.',
    ],
  ])('refuses early stopping %j with TRAIN_BAD_OPTION', (options, message) => {
    const make = () => new Monitor('val_total', options as never);
    expect(make).toThrow(TrainingError);
    expect(make).toThrow(message);
    expect(make).toThrow(expect.objectContaining({ code: 'TRAIN_BAD_OPTION' }));
  });

  it('names the metrics there are when the monitored one is missing', () => {
    expect(() => new Monitor('val_kl', undefined).update(epoch(1, 3))).toThrow(
      'monitor: no metric "val_kl" in the epoch logs; choose one of seconds, samplesPerSecond, val_total.',
    );
  });
});
