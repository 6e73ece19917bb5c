import { CliError } from '../cli-error.js';

const kindOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;

/**
 * Checks the run options saved in a checkpoint (`config` of `trainer.json` at `where`)
 * against the options `ae train` parsed now: every field both have must be of the same JSON
 * type (objects compared field by field), so that a damaged checkpoint is blamed on its file,
 * not on the dataset or a flag it would break later.
 *
 * @throws CliError `CLI_BAD_CHECKPOINT` naming the file and the field.
 */
export function checkSavedConfig(saved: unknown, now: object, where: string): void {
  const fail = (field: string, value: unknown, want: string): never => {
    throw new CliError(
      'CLI_BAD_CHECKPOINT',
      `${where}: field "${field}" is ${JSON.stringify(value)} (${kindOf(value)}), but ae train saves ${want === 'object' ? 'an' : 'a'} ${want} there; the checkpoint is damaged. Restore it from a copy, or start the run again without --resume.`,
    );
  };
  const walk = (value: unknown, ref: unknown, field: string): void => {
    if (value === undefined || ref === undefined) return;
    if (kindOf(value) !== kindOf(ref)) fail(field, value, kindOf(ref));
    if (kindOf(ref) === 'object') {
      const r = ref as Record<string, unknown>;
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
        walk(v, r[k], `${field}.${k}`);
      }
    }
  };
  if (kindOf(saved) !== 'object') fail('config', saved, 'object');
  walk(saved, now, 'config');
}
