/**
 * Where an explored model comes from: a folder written by `ae export` (at any http(s) URL),
 * or the model just trained in the page. Either way the Explore tab gets an {@link ExploreBundle}.
 */
import { EvaluationError, type ExportJson, parseExportJson } from '@ae/evaluation';
import { type AeJson, type AutoencoderModel, loadModel, memoryStore } from '@ae/vae';
import { DemoError } from './demo-error.js';
import type { ExportData } from './train-protocol.js';

/** A loaded model with its export metadata and validation examples. */
export interface ExploreBundle {
  /** The `export.json` fields. */
  meta: ExportJson;
  /** Validation examples, `count × h × w × c` values in [0, 1]. */
  examples: Float32Array;
  /** The model, on the page's backend. */
  model: AutoencoderModel;
  /** Where it came from, for the status line. */
  source: string;
}

/** `url` as a folder URL (ending in `/`), resolved against the page. */
export function folderUrl(url: string, base: string): string {
  const absolute = new URL(url.trim(), base);
  if (!absolute.pathname.endsWith('/')) absolute.pathname += '/';
  return absolute.href;
}

async function fetchOk(url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    throw new DemoError(
      'EXPORT_FETCH_FAILED',
      `${url}: ${(error as Error).message}. Check the URL, and that its server allows this page's origin (CORS).`,
    );
  }
  if (!response.ok) {
    throw new DemoError(
      'EXPORT_FETCH_FAILED',
      `${url}: HTTP ${response.status}. Point at the web/ folder written by 'ae export' (it holds export.json).`,
    );
  }
  return response;
}

function toUnit(bytes: Uint8Array, meta: ExportJson, where: string): Float32Array {
  const [h, w, c] = meta.inputShape;
  const expected = meta.examples.count * h * w * c;
  if (bytes.length !== expected) {
    throw new DemoError(
      'EXPORT_BAD_EXAMPLES',
      `${where}: expected ${meta.examples.count} × ${h} × ${w} × ${c} = ${expected} bytes, got ${bytes.length}. Re-create the folder with 'ae export'.`,
    );
  }
  const x = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) x[i] = (bytes[i] as number) / 255;
  return x;
}

/**
 * `export.json` checked by `@ae/evaluation`'s parser, its refusal reported as the page's
 * `EXPORT_BAD_FORMAT` (same message).
 */
function checkedExportJson(raw: unknown, where: string): ExportJson {
  try {
    return parseExportJson(raw, where);
  } catch (error) {
    if (error instanceof EvaluationError) {
      throw new DemoError('EXPORT_BAD_FORMAT', error.message, { cause: error });
    }
    throw error;
  }
}

/**
 * Loads the export folder at `url` (relative URLs resolve against `base`): `export.json`,
 * `examples.bin` and the model in `model/`.
 *
 * @throws DemoError `EXPORT_FETCH_FAILED`, `EXPORT_BAD_FORMAT`, `EXPORT_BAD_EXAMPLES`;
 *   ModelError from `loadModel` for a broken `model/` folder.
 */
export async function loadExportUrl(url: string, base: string): Promise<ExploreBundle> {
  const folder = folderUrl(url, base);
  const jsonUrl = new URL('export.json', folder).href;
  let raw: unknown;
  try {
    raw = await (await fetchOk(jsonUrl)).json();
  } catch (error) {
    if (error instanceof DemoError) throw error;
    throw new DemoError(
      'EXPORT_BAD_FORMAT',
      `${jsonUrl}: not JSON (${(error as Error).message}). Point at the folder written by 'ae export'.`,
    );
  }
  const meta = checkedExportJson(raw, jsonUrl);
  const examplesUrl = new URL(meta.examples.file, folder).href;
  const [bytes, model] = await Promise.all([
    fetchOk(examplesUrl).then(async (r) => new Uint8Array(await r.arrayBuffer())),
    loadModel(new URL('model', folder).href),
  ]);
  try {
    return { meta, examples: toUnit(bytes, meta, examplesUrl), model, source: folder };
  } catch (error) {
    model.dispose();
    throw error;
  }
}

/** Rebuilds a model trained in the page's worker on the page's own backend. */
export async function loadExportData(data: ExportData): Promise<ExploreBundle> {
  const store = memoryStore();
  await store.writeConfig(data.aeJson as AeJson);
  for (const [name, artifacts] of data.networks) store.artifacts.set(name, artifacts);
  const model = await loadModel(store);
  return {
    meta: data.meta,
    examples: toUnit(data.examples, data.meta, 'trained model'),
    model,
    source: `the ${data.meta.model} trained in this page`,
  };
}
