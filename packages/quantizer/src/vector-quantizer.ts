/**
 * A stateful vector quantizer: the codebook and its moving averages as `tf.Variable`s, with
 * EMA learning, dead-code restarts and k-means initialization.
 */
import * as tf from '@tensorflow/tfjs-core';
import { replaceDeadCodes } from './dead-codes.js';
import { checkIndices } from './distances.js';
import { countMovingAverage, emaUpdate } from './ema-update.js';
import { kmeansUnchecked } from './kmeans.js';
import { QuantizerError } from './quantizer-error.js';
import {
  type ResolvedQuantizerOptions,
  resolveQuantizerOptions,
  type VectorQuantizerOptions,
} from './quantizer-options.js';
import {
  adoptQuantizerVariables,
  createQuantizerVariables,
  type QuantizerVariables,
} from './quantizer-variables.js';
import { checkInputs, type QuantizerResult, quantizeUnchecked } from './vector-quantize.js';

/** Options of {@link VectorQuantizer.quantize}. */
export interface QuantizeOptions {
  /**
   * A training step: run the k-means initialization if it is due, then, after quantizing with
   * the current codebook, update the moving averages (EMA codebook, counts) and restart dead
   * codes. Default false (inference: nothing changes).
   */
  training?: boolean;
}

/** Codebook statistics read by {@link VectorQuantizer.stats}. */
export interface QuantizerStats {
  /** Moving-average number of vectors per batch that chose each code (starts at 1). */
  clusterSizes: number[];
  /** Perplexity of `clusterSizes` as a distribution: effective number of codes in use. */
  perplexity: number;
  /** Codes whose count is below `deadCodeThreshold` (0 when restarts are off). */
  deadCodes: number;
}

/**
 * Vector quantizer with a codebook variable. Use `quantize(x, { training: true })` inside your
 * training step (e.g. in `optimizer.minimize`) and add `losses.commitment + losses.codebook`
 * to the loss; include {@link trainableVariables} in the optimized variables.
 *
 * Per step nothing is read back to the CPU: the batch perplexity and usage come back as
 * tensors in every result, and {@link stats} reads the running counts only when called.
 *
 * @example
 * const vq = new VectorQuantizer({ numCodes: 64, codeDim: 8, ema: true, seed: 1 });
 * const { quantized, indices, losses } = vq.quantize(z, { training: true }); // z [B, 8]
 */
export class VectorQuantizer {
  /** The checked options with defaults filled in. */
  readonly options: Readonly<ResolvedQuantizerOptions>;
  /** `[K, D]` codebook. Trainable unless `ema` is on. Read it, don't dispose it. */
  readonly codebook: tf.Variable;
  /** `[K]` moving-average assignment counts (per batch); not trainable. */
  readonly clusterSize: tf.Variable;
  /** `[K, D]` EMA code sums when `ema` is on, else `null`; not trainable. */
  readonly codeSum: tf.Variable | null;
  private readonly initializedFlag: tf.Variable | null;
  private initialized: boolean | undefined;
  private readonly ownsVariables: boolean;
  /**
   * Training updates applied so far; seeds the dead-code restarts. Saved with training
   * checkpoints (restore it to resume exactly).
   */
  updates = 0;
  private disposed = false;

  /**
   * @param options See {@link VectorQuantizerOptions}; checked here.
   * @param variables Advanced: adopt these variables instead of creating new ones (they are
   *   not disposed by {@link dispose}). Shapes must match the options.
   * @throws QuantizerError `QUANTIZER_BAD_OPTION` naming the field and value;
   *   `QUANTIZER_BAD_SHAPE` for adopted variables of the wrong shape.
   */
  constructor(options: VectorQuantizerOptions, variables?: QuantizerVariables) {
    this.options = resolveQuantizerOptions('VectorQuantizer', options);
    const state = variables
      ? adoptQuantizerVariables(this.options, variables)
      : createQuantizerVariables(this.options);
    this.codebook = state.codebook;
    this.clusterSize = state.clusterSize;
    this.codeSum = state.codeSum;
    this.initializedFlag = state.initialized;
    // Without k-means there is nothing to initialize; an adopted flag is read once, on the
    // first training step.
    if (this.options.init !== 'kmeans') this.initialized = true;
    else this.initialized = variables ? undefined : false;
    this.ownsVariables = variables === undefined;
  }

  /** The variables an optimizer should update: `[codebook]`, or none with EMA. */
  get trainableVariables(): tf.Variable[] {
    return this.options.ema ? [] : [this.codebook];
  }

  /**
   * Quantizes `inputs` with the current codebook; see {@link QuantizeOptions} for training.
   *
   * @param inputs Encoder outputs `[..., D]`; not disposed.
   * @returns A {@link QuantizerResult} of new tensors owned by the caller (`tf.dispose(result)`).
   *   With `ema` on, `losses.codebook` is a constant 0.
   * @throws QuantizerError `QUANTIZER_BAD_SHAPE`, `QUANTIZER_TOO_FEW_VECTORS` (k-means
   *   initialization with fewer vectors than codes), `QUANTIZER_DISPOSED`.
   */
  quantize(inputs: tf.Tensor, options: QuantizeOptions = {}): QuantizerResult {
    const where = 'VectorQuantizer.quantize';
    this.assertAlive(where);
    const n = checkInputs(where, inputs, this.options.codeDim);
    const training = options.training === true;
    if (training && !this.isInitialized()) this.initializeUnchecked(where, inputs, n);
    const { commitmentWeight, ema, codeDim } = this.options;
    return tf.tidy(() => {
      // A snapshot: the updates below assign new values without changing this step's codes.
      const codebook = tf.clone(this.codebook);
      const result = quantizeUnchecked(inputs, codebook, commitmentWeight, ema === null);
      if (training) {
        const x = tf.reshape(tf.cast(inputs, 'float32'), [-1, codeDim]) as tf.Tensor2D;
        this.updateUnchecked(x, tf.reshape(result.indices, [-1]) as tf.Tensor1D);
      }
      return result;
    });
  }

  /**
   * One training update without quantizing: EMA of counts (and, with `ema`, of sums and the
   * codebook), then dead-code restarts. `quantize(x, { training: true })` calls it for you.
   *
   * @param inputs Vectors `[..., D]`; not disposed.
   * @param indices int32 codes they chose, `[...]` (same leading shape); not disposed.
   * @returns Nothing; assigns the variables in place (no tensor is left allocated).
   * @throws QuantizerError `QUANTIZER_BAD_SHAPE`, `QUANTIZER_BAD_DTYPE`, `QUANTIZER_DISPOSED`.
   */
  update(inputs: tf.Tensor, indices: tf.Tensor): void {
    const where = 'VectorQuantizer.update';
    this.assertAlive(where);
    const n = checkInputs(where, inputs, this.options.codeDim);
    checkIndices(where, indices, true);
    if (indices.size !== n) {
      throw new QuantizerError(
        'QUANTIZER_BAD_SHAPE',
        `${where}: indices shape [${indices.shape.join(',')}] must hold one index per input vector (${n}).`,
      );
    }
    tf.tidy(() => {
      const x = tf.reshape(tf.cast(inputs, 'float32'), [-1, this.options.codeDim]);
      this.updateUnchecked(x as tf.Tensor2D, tf.reshape(indices, [-1]) as tf.Tensor1D);
    });
  }

  /**
   * Restarts the codes whose count is below `deadCodeThreshold` with random vectors of `inputs`
   * (seeded). A no-op when the threshold is 0. Training steps do this for you.
   *
   * @param inputs Vectors `[..., D]`; not disposed.
   * @returns Nothing; assigns the variables in place.
   */
  restartDeadCodes(inputs: tf.Tensor): void {
    const where = 'VectorQuantizer.restartDeadCodes';
    this.assertAlive(where);
    checkInputs(where, inputs, this.options.codeDim);
    if (this.options.deadCodeThreshold <= 0) return;
    tf.tidy(() => {
      this.restartUnchecked(tf.reshape(tf.cast(inputs, 'float32'), [-1, this.options.codeDim]));
    });
    this.updates++;
  }

  /**
   * Runs the k-means initialization on `inputs` now (whatever `init` says): the codebook
   * becomes the cluster centres, the counts the cluster sizes.
   *
   * @param inputs Vectors `[..., D]`, at least `K` of them; not disposed.
   * @throws QuantizerError `QUANTIZER_TOO_FEW_VECTORS`, `QUANTIZER_BAD_SHAPE`.
   */
  initialize(inputs: tf.Tensor): void {
    const where = 'VectorQuantizer.initialize';
    this.assertAlive(where);
    this.initializeUnchecked(where, inputs, checkInputs(where, inputs, this.options.codeDim));
  }

  /**
   * Reads the running counts (one GPU→CPU read, so call it when you log, not every step).
   *
   * @returns Plain numbers; no tensor is left allocated.
   */
  async stats(): Promise<QuantizerStats> {
    this.assertAlive('VectorQuantizer.stats');
    const clusterSizes = Array.from(await this.clusterSize.data());
    const total = clusterSizes.reduce((s, c) => s + c, 0);
    let entropy = 0;
    for (const c of clusterSizes) if (c > 0) entropy -= (c / total) * Math.log(c / total);
    const threshold = this.options.deadCodeThreshold;
    return {
      clusterSizes,
      perplexity: Math.exp(entropy),
      deadCodes: threshold > 0 ? clusterSizes.filter((c) => c < threshold).length : 0,
    };
  }

  /** Frees the variables this quantizer created (adopted ones are left to their owner). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (!this.ownsVariables) return;
    tf.dispose([this.codebook, this.clusterSize]);
    if (this.codeSum) this.codeSum.dispose();
    if (this.initializedFlag) this.initializedFlag.dispose();
  }

  private updateUnchecked(x: tf.Tensor2D, indices: tf.Tensor1D): void {
    const { ema, countDecay, deadCodeThreshold } = this.options;
    if (ema && this.codeSum) {
      const next = emaUpdate(
        { clusterSize: this.clusterSize as tf.Tensor1D, codeSum: this.codeSum as tf.Tensor2D },
        x,
        indices,
        ema,
      );
      this.clusterSize.assign(next.clusterSize);
      this.codeSum.assign(next.codeSum);
      this.codebook.assign(next.codebook);
    } else {
      this.clusterSize.assign(
        countMovingAverage(this.clusterSize as tf.Tensor1D, indices, countDecay),
      );
    }
    if (deadCodeThreshold > 0) this.restartUnchecked(x);
    this.updates++;
  }

  private restartUnchecked(x: tf.Tensor): void {
    const next = replaceDeadCodes({
      codebook: this.codebook as tf.Tensor2D,
      clusterSize: this.clusterSize as tf.Tensor1D,
      ...(this.codeSum ? { codeSum: this.codeSum as tf.Tensor2D } : {}),
      x: x as tf.Tensor2D,
      threshold: this.options.deadCodeThreshold,
      seed: this.options.seed + 1_000_003 * (this.updates + 1),
    });
    this.codebook.assign(next.codebook);
    this.clusterSize.assign(next.clusterSize);
    if (this.codeSum && next.codeSum) this.codeSum.assign(next.codeSum);
  }

  private initializeUnchecked(where: string, inputs: tf.Tensor, n: number): void {
    const { numCodes: k, codeDim: d, kmeansIterations, seed } = this.options;
    if (n < k) {
      throw new QuantizerError(
        'QUANTIZER_TOO_FEW_VECTORS',
        `${where}: k-means initialization needs at least numCodes = ${k} vectors, got ${n}; ` +
          'make the first training batch larger or call initialize() with more vectors.',
      );
    }
    tf.tidy(() => {
      const x = tf.reshape(tf.cast(inputs, 'float32'), [-1, d]) as tf.Tensor2D;
      const { centres, counts } = kmeansUnchecked(x, k, kmeansIterations, seed);
      this.codebook.assign(centres);
      this.clusterSize.assign(counts);
      if (this.codeSum) this.codeSum.assign(tf.mul(centres, tf.reshape(counts, [k, 1])));
      if (this.initializedFlag) this.initializedFlag.assign(tf.scalar(1));
    });
    this.initialized = true;
  }

  /** Whether the k-means initialization already ran; reads an adopted flag once. */
  private isInitialized(): boolean {
    if (this.initialized === undefined) {
      this.initialized = (this.initializedFlag?.dataSync()[0] ?? 1) > 0;
    }
    return this.initialized;
  }

  private assertAlive(where: string): void {
    if (this.disposed) {
      throw new QuantizerError(
        'QUANTIZER_DISPOSED',
        `${where}: this quantizer was disposed; create a new VectorQuantizer.`,
      );
    }
  }
}
