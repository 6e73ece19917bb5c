/**
 * The `--dataset` flag: which data to train on, as one string.
 */
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';

/** A parsed `--dataset` value. */
export type DatasetSpec =
  | { kind: 'mnist' }
  | { kind: 'fashion-mnist'; dir?: string }
  | { kind: 'shapes'; size?: number }
  | { kind: 'csv'; path: string }
  | { kind: 'images'; dir: string }
  | { kind: 'idx'; source: string };

/** The forms `--dataset` accepts, for help texts. */
export const DATASET_FORMS =
  'mnist | fashion-mnist[:<dir>] | shapes[:<size>] | csv:<file> | images:<dir> | idx:<dir-or-url>';

/** Parses a `--dataset` value; commander reports the flag and value on error. */
export function parseDatasetSpec(value: string): DatasetSpec {
  const at = value.indexOf(':');
  // 'idx:https://…' splits at the first colon only.
  const kind = at < 0 ? value : value.slice(0, at);
  const arg = at < 0 ? undefined : value.slice(at + 1);
  const need = (what: string): string => {
    if (arg === undefined || arg === '') {
      throw new InvalidArgumentError(`'${kind}' needs ${what}, e.g. --dataset ${kind}:${what}.`);
    }
    return arg;
  };
  switch (kind) {
    case 'mnist':
      if (arg !== undefined) throw new InvalidArgumentError("'mnist' takes no argument.");
      return { kind };
    case 'fashion-mnist':
      return arg ? { kind, dir: arg } : { kind };
    case 'shapes': {
      if (arg === undefined) return { kind };
      const size = Number(arg);
      if (!/^\d+$/.test(arg) || size < 8) {
        throw new InvalidArgumentError(`shapes:<size> needs an image size ≥ 8, got '${arg}'.`);
      }
      return { kind, size };
    }
    case 'csv':
      return { kind, path: need('<file>') };
    case 'images':
      return { kind, dir: need('<dir>') };
    case 'idx':
      return { kind, source: need('<dir-or-url>') };
    default:
      throw new InvalidArgumentError(`Expected one of ${DATASET_FORMS}.`);
  }
}

/** The `--noise` flag: a corruption for denoising, as `<kind>:<amount>`. */
export interface NoiseSpec {
  /** `gaussian` (amount = std), `salt-pepper` (fraction of pixels), `mask` (fraction zeroed). */
  kind: 'gaussian' | 'salt-pepper' | 'mask';
  /** Its parameter. */
  amount: number;
}

/** Parses a `--noise` value such as `gaussian:0.3`. */
export function parseNoiseSpec(value: string): NoiseSpec {
  const [kind, amountText] = value.split(':');
  const amount = Number(amountText);
  if (kind !== 'gaussian' && kind !== 'salt-pepper' && kind !== 'mask') {
    throw new InvalidArgumentError(
      'Expected gaussian:<std>, salt-pepper:<fraction> or mask:<fraction>, e.g. gaussian:0.3.',
    );
  }
  if (
    amountText === undefined ||
    amountText.trim() === '' ||
    !Number.isFinite(amount) ||
    amount < 0
  ) {
    throw new InvalidArgumentError(`${kind} needs an amount ≥ 0, e.g. ${kind}:0.3.`);
  }
  if (kind !== 'gaussian' && amount > 1) {
    throw new InvalidArgumentError(`${kind}:<fraction> needs a fraction in [0, 1], got ${amount}.`);
  }
  return { kind, amount };
}

/** Parses `--class 3` or `--class 3,8` or `--class Sneaker`: class names or labels. */
export function parseClassList(value: string): string[] {
  const parts = value.split(',').map((s) => s.trim());
  if (parts.some((p) => p === '')) {
    throw new InvalidArgumentError(
      'Expected class names or labels separated by commas, e.g. 3 or 3,8.',
    );
  }
  return parts;
}

/**
 * The `--dataset` value of a spec, with local paths made absolute so it still means the
 * same data when read back from another directory (`run.json`).
 */
export function specString(spec: DatasetSpec): string {
  const abs = (p: string) => (/^https?:\/\//.test(p) ? p : resolve(p));
  switch (spec.kind) {
    case 'mnist':
      return 'mnist';
    case 'fashion-mnist':
      return spec.dir ? `fashion-mnist:${abs(spec.dir)}` : 'fashion-mnist';
    case 'shapes':
      return spec.size === undefined ? 'shapes' : `shapes:${spec.size}`;
    case 'csv':
      return `csv:${abs(spec.path)}`;
    case 'images':
      return `images:${abs(spec.dir)}`;
    case 'idx':
      return `idx:${abs(spec.source)}`;
  }
}
