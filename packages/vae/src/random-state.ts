/**
 * The random state of a model, for training checkpoints: its generator (reparameterization
 * noise, sampling seeds), the call counters of its seeded dropout layers and, for VQ-VAEs,
 * the quantizer's update count (it seeds dead-code restarts). Internal.
 */
import type { Rng, RngState } from '@ae/backend';
import { SeededDropout } from '@ae/layers';
import type * as tfl from '@tensorflow/tfjs-layers';
import { ModelError } from './model-error.js';

/** What `getRandomState()` returns; plain JSON. */
export interface ModelRandomState {
  /** The model's generator, when it has one. */
  rng?: RngState;
  /** `calls` of every `SeededDropout` layer, networks in order, layers in order. */
  dropout: number[];
  /** The vector quantizer's `updates`, for VQ-VAEs. */
  quantizerUpdates?: number;
}

function dropoutLayers(networks: readonly tfl.LayersModel[]): SeededDropout[] {
  return networks.flatMap((n) => n.layers.filter((l) => l instanceof SeededDropout));
}

/** Reads the random state of a model made of `networks` (and `rng`, when it has one). */
export function readRandomState(
  networks: readonly tfl.LayersModel[],
  rng?: Rng,
  quantizerUpdates?: number,
): ModelRandomState {
  return {
    ...(rng ? { rng: rng.getState() } : {}),
    dropout: dropoutLayers(networks).map((l) => l.calls),
    ...(quantizerUpdates !== undefined ? { quantizerUpdates } : {}),
  };
}

/**
 * Restores a state from {@link readRandomState} after checking it fits this model; returns
 * the quantizer update count for the caller to restore.
 */
export function writeRandomState(
  where: string,
  state: unknown,
  networks: readonly tfl.LayersModel[],
  rng?: Rng,
): number | undefined {
  const s = state as Partial<ModelRandomState> | null;
  const layers = dropoutLayers(networks);
  const fail = (what: string): never => {
    throw new ModelError(
      'MODEL_BAD_INPUT',
      `${where}: the random state ${what}; pass what getRandomState() of the same model returned.`,
    );
  };
  if (typeof s !== 'object' || s === null) return fail('is not an object');
  if (!Array.isArray(s.dropout) || s.dropout.length !== layers.length) {
    fail(
      `has ${Array.isArray(s.dropout) ? s.dropout.length : 'no'} dropout counters, this model ${layers.length}`,
    );
  }
  if (rng !== undefined && s.rng === undefined) fail('has no generator state');
  if (rng !== undefined && s.rng !== undefined) rng.setState(s.rng);
  layers.forEach((l, i) => {
    l.calls = s.dropout?.[i] ?? 0;
  });
  return s.quantizerUpdates;
}
