import { AE_JSON_FORMAT_VERSION, type AeJson, type AeJsonIo, type AeJsonWeights } from '@ae/core';
import { ModelError } from './model-error.js';
import { VERSION } from './version.js';

/** Builds the `ae.json` of a model. */
export function makeAeJson(
  family: string,
  config: Record<string, unknown>,
  networks: string[],
  dataset: { name: string; shape: readonly number[]; classNames?: readonly string[] } | undefined,
  more: { weights: Record<string, AeJsonWeights>; io: AeJsonIo },
): AeJson {
  return {
    format: 'ae-model',
    formatVersion: AE_JSON_FORMAT_VERSION,
    library: { name: '@ae/vae', version: VERSION },
    family,
    config,
    networks,
    weights: more.weights,
    io: more.io,
    ...(dataset
      ? {
          dataset: {
            name: dataset.name,
            shape: [...dataset.shape],
            ...(dataset.classNames ? { classNames: [...dataset.classNames] } : {}),
          },
        }
      : {}),
    createdAt: new Date().toISOString(),
  };
}

/** Checks parsed JSON against the {@link AeJson} shape; `where` names the file in errors. */
export function parseAeJson(value: unknown, where: string): AeJson {
  const fail = (what: string): never => {
    throw new ModelError(
      'MODEL_BAD_SAVED_CONFIG',
      `${where}: ${what}. Is this a directory written by model.save() / 'ae train'?`,
    );
  };
  if (typeof value !== 'object' || value === null) fail('expected a JSON object');
  const v = value as Record<string, unknown>;
  if (v.format !== 'ae-model')
    fail(`field "format" must be "ae-model", got ${JSON.stringify(v.format)}`);
  if (typeof v.formatVersion !== 'number') fail('field "formatVersion" is missing');
  if ((v.formatVersion as number) > AE_JSON_FORMAT_VERSION) {
    fail(
      `formatVersion ${v.formatVersion} is newer than this library reads (${AE_JSON_FORMAT_VERSION}); upgrade @ae/vae`,
    );
  }
  if (typeof v.family !== 'string') fail('field "family" must be a string');
  if (typeof v.config !== 'object' || v.config === null) fail('field "config" must be an object');
  if (!Array.isArray(v.networks) || !v.networks.every((n) => typeof n === 'string')) {
    fail('field "networks" must be an array of names');
  }
  const names = v.networks as string[];
  if (v.weights !== undefined || (v.formatVersion as number) >= 2) {
    const w = v.weights as Record<string, { sha256?: unknown; bytes?: unknown }> | undefined;
    for (const n of names) {
      const e = w?.[n];
      if (
        typeof e !== 'object' ||
        e === null ||
        typeof e.sha256 !== 'string' ||
        !/^[0-9a-f]{64}$/.test(e.sha256) ||
        !Number.isInteger(e.bytes)
      ) {
        fail(
          `field "weights.${n}" must hold the SHA-256 (64 hex digits) and byte count of network "${n}"`,
        );
      }
    }
  }
  return v as unknown as AeJson;
}
