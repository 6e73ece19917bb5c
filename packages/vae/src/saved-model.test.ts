/**
 * The saved-model format 2 on disk: checksums and finite weights verified on load, clear
 * errors for damaged files, ae.json valid against the JSON Schema of `@ae/core`, and a save
 * that a kill at any file operation cannot turn into a mix of two models.
 */
import '@tensorflow/tfjs-backend-cpu';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import * as fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AeJson, AutoencoderModel } from '@ae/core';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Autoencoder } from './autoencoder.js';
import { ConditionalVAE } from './conditional-vae.js';
import { loadModel } from './load-model.js';
import type { ModelError } from './model-error.js';
import { VAE } from './vae.js';
import { VQVAE } from './vqvae.js';

/** From operation number `killAt` on, every write-side file operation fails, as in a dead process. */
const fault = vi.hoisted(() => ({ killAt: -1, count: 0 }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const guard =
    <A extends unknown[], R>(f: (...a: A) => Promise<R>) =>
    async (...a: A): Promise<R> => {
      fault.count += 1;
      if (fault.killAt >= 0 && fault.count > fault.killAt) throw new Error('killed');
      return f(...a);
    };
  return {
    ...real,
    rename: guard(real.rename),
    rm: guard(real.rm),
    mkdir: guard(real.mkdir),
    writeFile: guard(real.writeFile),
  };
});

beforeAll(async () => {
  await tf.setBackend('cpu');
});

const shape = [4, 4, 1];
const fresh = () => fsp.mkdtemp(join(tmpdir(), 'ae-saved-'));
const makeVae = (seed: number) => new VAE({ inputShape: shape, latentDim: 2, hidden: [8], seed });
const readJson = async (p: string) => JSON.parse(await fsp.readFile(p, 'utf8'));
const writeJson = (p: string, v: unknown) => fsp.writeFile(p, JSON.stringify(v));
const errorOf = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a ModelError');
    },
    (e) => e as ModelError,
  );

/** Saves a small VAE into a fresh folder; returns the folder. */
async function savedVae(seed = 1): Promise<string> {
  const dir = await fresh();
  const vae = makeVae(seed);
  await vae.save(dir);
  vae.dispose();
  return dir;
}

/** Reconstructions of a fixed batch, to tell two models apart. */
async function outputsOf(model: AutoencoderModel): Promise<number[]> {
  const x = tf.fill([2, ...shape], 0.3);
  const y = model.reconstruct(x);
  const v = Array.from(await y.data());
  tf.dispose([x, y]);
  return v;
}

describe('ae.json format 2', () => {
  it('validates against the JSON Schema of @ae/core for every family', async () => {
    const schemaPath = createRequire(import.meta.url).resolve(
      '@ae/core/schema/ae-json-2.schema.json',
    );
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    const validate = ajv.compile(await readJson(schemaPath));
    const vq = new VQVAE({ inputShape: shape, filters: [4], codeDim: 3, numCodes: 4, seed: 1 });
    const vqFitted = new VQVAE({ inputShape: shape, filters: [4], codeDim: 3, numCodes: 4 });
    await vqFitted.fitPrior(tf.fill([3, ...shape], 0.5));
    const models: AutoencoderModel[] = [
      makeVae(1),
      new VAE({ inputShape: [6], latentDim: 2, hidden: [4], likelihood: 'gaussian' }),
      new ConditionalVAE({ inputShape: shape, latentDim: 2, hidden: [8], numClasses: 3 }),
      new Autoencoder({ inputShape: shape, latentDim: 3, hidden: [8] }),
      new Autoencoder({ inputShape: [28, 28, 1], preset: 'keras-conv-ae' }),
      vq,
      vqFitted,
    ];
    const kinds = new Set<string>();
    for (const m of models) {
      const dir = await fresh();
      await m.save(dir, { dataset: { name: 'toy', shape: m.inputShape, classNames: ['a'] } });
      const aeJson = (await readJson(join(dir, 'ae.json'))) as AeJson;
      const ok = validate(aeJson);
      expect(ok, `${m.family}: ${ajv.errorsText(validate.errors)}`).toBe(true);
      expect(aeJson.formatVersion).toBe(2);
      // The checksum is that of the file on disk.
      for (const net of aeJson.networks) {
        const bytes = await fsp.readFile(join(dir, net, 'weights.bin'));
        expect(aeJson.weights?.[net]).toEqual({
          sha256: createHash('sha256').update(bytes).digest('hex'),
          bytes: bytes.byteLength,
        });
      }
      kinds.add(`${aeJson.family}:${aeJson.io?.prior.kind}`);
      m.dispose();
    }
    expect([...kinds].sort()).toEqual([
      'ae:none',
      'cvae:standard-normal',
      'vae:standard-normal',
      'vq-vae:categorical',
      'vq-vae:none',
    ]);
    // The schema refuses what it should: a missing checksum, a bad digest.
    const good = (await readJson(join(await savedVae(), 'ae.json'))) as AeJson;
    expect(validate({ ...good, weights: {} })).toBe(true); // per-name presence is the loader's check
    expect(validate({ ...good, weights: { encoder: { sha256: 'xyz', bytes: 1 } } })).toBe(false);
    const { io: _io, ...noIo } = good;
    expect(validate(noIo)).toBe(false);
  });

  it('tells a reader with plain tfjs what goes in and comes out', async () => {
    const dir = await savedVae();
    const { io } = (await readJson(join(dir, 'ae.json'))) as Required<AeJson>;
    expect(io.input).toMatchObject({ shape, dtype: 'float32', range: [0, 1] });
    expect(io.networks.encoder?.outputs.map((o) => [o.name, o.shape])).toEqual([
      ['mean', [null, 2]],
      ['logVariance', [null, 2]],
    ]);
    expect(io.networks.decoder?.outputs[0]).toMatchObject({
      name: 'logits',
      shape: [null, ...shape],
    });
    expect(io.networks.decoder?.outputs[0]?.description).toMatch(/apply a sigmoid/);
    expect(io.prior).toMatchObject({ kind: 'standard-normal', dim: 2 });
    // And it is true: with tfjs alone (the files as they are), sigmoid(decoder(mean)) is
    // what reconstruct returns.
    const plain = async (net: string) => {
      const json = await readJson(join(dir, net, 'model.json'));
      const bytes = await fsp.readFile(join(dir, net, 'weights.bin'));
      return tfl.loadLayersModel(
        tf.io.fromMemory({
          modelTopology: json.modelTopology,
          weightSpecs: json.weightsManifest[0].weights,
          weightData: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
        }),
      );
    };
    const encoder = await plain('encoder');
    const decoder = await plain('decoder');
    const vae = (await loadModel(dir)) as VAE;
    const x = tf.fill([1, ...shape], 0.3);
    const [mean] = encoder.predict(x) as tf.Tensor[];
    const manual = tf.sigmoid(decoder.predict(mean as tf.Tensor) as tf.Tensor);
    const viaModel = vae.reconstruct(x);
    expect(Array.from(await manual.data())).toEqual(Array.from(await viaModel.data()));
    tf.dispose([x, mean, manual, viaModel]);
    vae.dispose();
    encoder.dispose();
    decoder.dispose();
  });

  it('still loads format 1 (no checksums, no io)', async () => {
    const dir = await savedVae(4);
    const before = await loadModel(dir);
    const aeJson = await readJson(join(dir, 'ae.json'));
    const { weights: _w, io: _io, ...v1 } = aeJson;
    await writeJson(join(dir, 'ae.json'), { ...v1, formatVersion: 1 });
    const after = await loadModel(dir);
    expect(await outputsOf(after)).toEqual(await outputsOf(before));
    before.dispose();
    after.dispose();
  });
});

describe('damaged saved models', () => {
  it('a changed weights file: MODEL_CHECKSUM_MISMATCH naming the file', async () => {
    const dir = await savedVae();
    const file = join(dir, 'decoder', 'weights.bin');
    const bytes = await fsp.readFile(file);
    bytes[10] = (bytes[10] ?? 0) ^ 1;
    await fsp.writeFile(file, bytes);
    const e = await errorOf(loadModel(dir));
    expect(e.code).toBe('MODEL_CHECKSUM_MISMATCH');
    expect(e.message).toMatch(
      new RegExp(
        `^${dir}/decoder/weights.bin: SHA-256 [0-9a-f]{16}… \\(${bytes.length} bytes\\) differs from [0-9a-f]{16}… \\(${bytes.length} bytes\\) recorded in ae.json; the weights of network "decoder" changed after saving \\(a damaged copy, or files of two different saves\\)\\. Save the model again, or restore the folder from a copy\\.$`,
      ),
    );
  });

  for (const version of [1, 2]) {
    it(`NaN or Infinity in the weights (format ${version}): MODEL_NON_FINITE_WEIGHTS naming network and weight`, async () => {
      const dir = await savedVae();
      const file = join(dir, 'encoder', 'weights.bin');
      const bytes = await fsp.readFile(file);
      const floats = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
      floats[3] = Number.NaN;
      floats[5] = Number.POSITIVE_INFINITY;
      await fsp.writeFile(file, bytes);
      // A checksum that matches the new bytes: only the finiteness check can catch it.
      const aeJson = await readJson(join(dir, 'ae.json'));
      aeJson.weights.encoder.sha256 = createHash('sha256').update(bytes).digest('hex');
      if (version === 1) {
        aeJson.formatVersion = 1;
        delete aeJson.weights;
        delete aeJson.io;
      }
      await writeJson(join(dir, 'ae.json'), aeJson);
      const spec = (await readJson(join(dir, 'encoder', 'model.json'))).weightsManifest[0]
        .weights[0];
      const e = await errorOf(loadModel(dir));
      expect(e.code).toBe('MODEL_NON_FINITE_WEIGHTS');
      expect(e.message).toBe(
        `${dir}/encoder/weights.bin: weight "${spec.name}" of network "encoder" holds NaN at index 3 (2 of its ${spec.shape[0] * spec.shape[1]} values are not finite); such a model computes only NaN. Load an earlier checkpoint, or train again with a lower learning rate.`,
      );
    });
  }

  it('a truncated weights file: MODEL_BAD_SAVED_NETWORK with both sizes, not a tfjs shape error', async () => {
    const dir = await savedVae();
    const file = join(dir, 'encoder', 'weights.bin');
    const bytes = await fsp.readFile(file);
    await fsp.writeFile(file, bytes.subarray(0, 249));
    const e = await errorOf(loadModel(dir));
    expect(e.code).toBe('MODEL_BAD_SAVED_NETWORK');
    expect(e.message).toMatch(
      new RegExp(
        `^${dir}/encoder/weights.bin: 249 bytes, but model.json of network "encoder" describes \\d+ values in \\d+ weights \\(${bytes.length} bytes\\); the file is truncated or belongs to another save\\.`,
      ),
    );
  });

  it('a corrupt model.json or ae.json: a typed error naming the file, not "Unexpected end of JSON input" alone', async () => {
    const dir = await savedVae();
    const modelJson = join(dir, 'decoder', 'model.json');
    const text = await fsp.readFile(modelJson, 'utf8');
    await fsp.writeFile(modelJson, text.slice(0, 100));
    const e = await errorOf(loadModel(dir));
    expect(e.code).toBe('MODEL_BAD_SAVED_NETWORK');
    expect(e.message).toMatch(
      new RegExp(
        `^${dir}/decoder/model.json: model.json of network "decoder" is not valid JSON \\(.+\\)\\. The file is damaged: save the model again, or restore the folder from a copy\\.$`,
      ),
    );
    await fsp.writeFile(modelJson, '{"format":"layers-model"}');
    expect((await errorOf(loadModel(dir))).message).toBe(
      `${modelJson}: model.json of network "decoder" has no "modelTopology" object and "weightsManifest" array; it is not a tfjs layers model. Save the model again, or restore the folder from a copy.`,
    );
    await fsp.writeFile(join(dir, 'ae.json'), '');
    const c = await errorOf(loadModel(dir));
    expect(c.code).toBe('MODEL_BAD_SAVED_CONFIG');
    expect(c.message).toBe(
      `${dir}/ae.json: ae.json is not valid JSON (Unexpected end of JSON input; the file is empty). The file is damaged: save the model again, or restore the folder from a copy.`,
    );
  });
});

describe('saving as one unit', () => {
  it('a kill at any file operation of a save leaves the old model or the new one, and never a mix', async () => {
    const oldModel = makeVae(1);
    const newModel = makeVae(2);
    const oldOut = await outputsOf(oldModel);
    const newOut = await outputsOf(newModel);
    expect(newOut).not.toEqual(oldOut);
    const probe = await fresh();
    await oldModel.save(probe);
    fault.count = 0;
    await newModel.save(probe);
    const total = fault.count;
    const seen = new Set<string>();
    for (let k = 0; k <= total; k++) {
      const dir = await fresh();
      await oldModel.save(dir);
      await fsp.writeFile(join(dir, 'metrics.jsonl'), 'keep');
      fault.count = 0;
      fault.killAt = k;
      const finished = await newModel.save(dir).then(
        () => true,
        () => false,
      );
      fault.killAt = -1;
      expect(finished).toBe(k === total);
      // The next start loads what is there (recovering first).
      const loaded = await loadModel(dir);
      const out = await outputsOf(loaded);
      loaded.dispose();
      const which = JSON.stringify(out) === JSON.stringify(oldOut) ? 'old' : 'new';
      if (which === 'new') expect(out).toEqual(newOut);
      if (finished) expect(which).toBe('new');
      seen.add(which);
      expect((await fsp.readdir(dir)).sort()).toEqual([
        'ae.json',
        'decoder',
        'encoder',
        'metrics.jsonl',
      ]);
    }
    expect([...seen].sort()).toEqual(['new', 'old']);
    oldModel.dispose();
    newModel.dispose();
  });

  it('a disk that fails while writing the new model leaves the old one whole', async () => {
    const dir = await fresh();
    const a = makeVae(1);
    await a.save(dir);
    const before = await fsp.readFile(join(dir, 'encoder', 'weights.bin'));
    fault.count = 0;
    fault.killAt = 4; // inside the staging folder
    await expect(makeVae(2).save(dir)).rejects.toThrow('killed');
    fault.killAt = -1;
    expect(await fsp.readFile(join(dir, 'encoder', 'weights.bin'))).toEqual(before);
    const loaded = await loadModel(dir);
    expect(await outputsOf(loaded)).toEqual(await outputsOf(a));
    loaded.dispose();
    a.dispose();
  });

  it('the next save removes what a killed save left', async () => {
    const dir = await fresh();
    const a = makeVae(1);
    fault.count = 0;
    fault.killAt = 6;
    await expect(a.save(dir)).rejects.toThrow('killed');
    fault.killAt = -1;
    expect((await fsp.readdir(dir)).some((n) => n.startsWith('.ae-model.tmp-'))).toBe(true);
    await a.save(dir);
    expect((await fsp.readdir(dir)).sort()).toEqual(['ae.json', 'decoder', 'encoder']);
    expect(existsSync(join(dir, 'ae.json'))).toBe(true);
    a.dispose();
  });
});
