/**
 * The messages between the page and the training worker. Everything is structured-cloneable:
 * numbers, plain objects and typed arrays.
 */
import type { BackendName } from '@ae/backend';
import type { ExportJson } from '@ae/evaluation';
import type * as tf from '@tensorflow/tfjs-core';
import type { TrainSettings } from './train-settings.js';

/** A trained model as data: what `ae export` writes, held in memory. */
export interface ExportData {
  /** The `export.json` fields. */
  meta: ExportJson;
  /** `count × h × w × c` validation images, uint8. */
  examples: Uint8Array;
  /** The model's `ae.json`. */
  aeJson: unknown;
  /** Each saved network's tfjs artifacts (topology and weights), by network name. */
  networks: Array<[string, tf.io.ModelArtifacts]>;
}

/** Page → worker. */
export type ToWorker =
  /** Train a model; `dataUrl` is the absolute URL of the page's `data/` folder. */
  | { type: 'start'; settings: TrainSettings; dataUrl: string; backend?: BackendName }
  /** Stop after the current step (the model trained so far is still sent back). */
  | { type: 'stop' };

/** Worker → page. */
export type FromWorker =
  /** The backend is running. */
  | { type: 'backend'; name: string; skipped: string[]; note?: string }
  /** Data and model are ready; `previews` are the 8 test digits shown with their reconstructions. */
  | {
      type: 'begin';
      epochs: number;
      batchesPerEpoch: number;
      examples: number;
      previews: Float32Array;
    }
  /** One optimizer step; `logs` holds every loss term of the batch. */
  | { type: 'step'; step: number; epoch: number; logs: Record<string, number> }
  /** Reconstructions of the previews after `step` steps. */
  | { type: 'reconstructions'; step: number; images: Float32Array }
  /** An epoch ended; `logs` has train means, `val_` means and `samplesPerSecond`. */
  | { type: 'epoch'; epoch: number; logs: Record<string, number> }
  /** Preparing the trained model for the Explore tab. */
  | { type: 'exporting'; stopped: boolean }
  /** Training ended (finished or stopped) and the model is in `data`. */
  | { type: 'done'; steps: number; stopped: boolean; data: ExportData }
  /** Training failed. */
  | { type: 'error'; message: string };
