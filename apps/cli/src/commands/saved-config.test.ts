import { describe, expect, it } from 'vitest';
import { CliError } from '../cli-error.js';
import { checkSavedConfig } from './saved-config.js';

const now = { dataset: { kind: 'mnist' }, epochs: 3, seed: 0, hidden: [512], out: 'runs/a' };
const where = '/runs/a/checkpoints/epoch-0002/trainer.json';

describe('checkSavedConfig', () => {
  it('accepts the options of a run as saved, with fields the parser leaves out', () => {
    const saved = { ...now, dataset: { kind: 'csv', path: '/d.csv' }, limit: 100 };
    expect(() => checkSavedConfig(saved, now, where)).not.toThrow();
  });

  it('blames a field of the wrong type on the checkpoint file, not on the dataset', () => {
    const error = (() => {
      try {
        checkSavedConfig({ ...now, dataset: { kind: 7 } }, now, where);
      } catch (e) {
        return e as CliError;
      }
      throw new Error('expected a CliError');
    })();
    expect(error).toBeInstanceOf(CliError);
    expect(error.code).toBe('CLI_BAD_CHECKPOINT');
    expect(error.message).toBe(
      `${where}: field "config.dataset.kind" is 7 (number), but ae train saves a string there; the checkpoint is damaged. Restore it from a copy, or start the run again without --resume.`,
    );
    expect(() => checkSavedConfig({ ...now, epochs: '3' }, now, where)).toThrow(
      /field "config.epochs" is "3" \(string\), but ae train saves a number there/,
    );
    expect(() => checkSavedConfig({ ...now, dataset: 'mnist' }, now, where)).toThrow(
      /field "config.dataset" is "mnist" \(string\), but ae train saves an object there/,
    );
    expect(() => checkSavedConfig(null, now, where)).toThrow(/field "config" is null/);
  });
});
