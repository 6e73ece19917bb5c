/**
 * The quantizer as a tfjs-layers layer: the codebook (and the moving averages) are layer
 * weights, so a `tfl.model` containing it saves and loads like any other.
 *
 * Importing this module registers the class for deserialization (a side effect).
 */
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { QuantizerError } from './quantizer-error.js';
import {
  type ResolvedQuantizerOptions,
  resolveQuantizerOptions,
  type VectorQuantizerOptions,
} from './quantizer-options.js';
import type { QuantizerResult } from './vector-quantize.js';
import { type QuantizeOptions, type QuantizerStats, VectorQuantizer } from './vector-quantizer.js';

/** The generic arguments of every tfjs-layers layer (`name`, `inputShape`, `trainable`, …). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tfl.layers.Layer>[0]>;

/**
 * Arguments of {@link VectorQuantizerLayer}: the quantizer options plus the generic layer
 * arguments. `codeDim` may be left out; it is then the last dimension of the input.
 */
export type VectorQuantizerLayerArgs = Omit<VectorQuantizerOptions, 'codeDim'> & {
  /** Dimension `D` of each code; default: the last dimension of the layer's input. */
  codeDim?: number;
} & LayerArgs;

/**
 * A vector-quantization layer for `[batch, ..., D]` inputs.
 *
 * - `apply(x)` / `call` returns the straight-through quantized tensor (the shape of `x`), so
 *   the layer slots between an encoder and a decoder in a functional model. With
 *   `{ training: true }` it also performs a training update (EMA, dead-code restart, k-means
 *   initialization) — do not call both `apply(x, { training: true })` and
 *   `quantize(x, { training: true })` for the same batch.
 * - {@link quantize} returns the full result — `quantized`, `indices`, the codebook and
 *   commitment `losses`, `perplexity`, `usage` — for a custom training step that adds the
 *   losses to its objective. The losses are not registered with `addLoss`, so `model.fit`
 *   does not see them: train with your own loop (e.g. `optimizer.minimize`).
 *
 * Weights: `codebook` `[K, D]` (trainable unless `ema`), `cluster_size` `[K]`, plus
 * `code_sum` `[K, D]` with `ema` and the scalar `initialized` with `init: 'kmeans'`; all are
 * saved with the model, so a loaded model quantizes (and keeps training) identically.
 */
export class VectorQuantizerLayer extends tfl.layers.Layer {
  /** Name under which the class is registered for (de)serialization. */
  static className = 'AeVectorQuantizer';
  private readonly resolved: ResolvedQuantizerOptions;
  private readonly givenCodeDim: number | undefined;
  private core: VectorQuantizer | null = null;

  /**
   * @throws QuantizerError `QUANTIZER_BAD_OPTION` naming the field and value.
   */
  constructor(args: VectorQuantizerLayerArgs) {
    super(args);
    const where = 'VectorQuantizerLayer';
    if (args.codeDim !== undefined) {
      this.resolved = resolveQuantizerOptions(where, args as VectorQuantizerOptions);
    } else {
      this.resolved = resolveQuantizerOptions(where, { ...args, codeDim: 1 });
    }
    this.givenCodeDim = args.codeDim;
  }

  /** Creates the weights for inputs of shape `[..., D]`. Called by tfjs on first use. */
  override build(inputShape: tfl.Shape | tfl.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tfl.Shape;
    const d = shape[shape.length - 1];
    if (typeof d !== 'number' || (this.givenCodeDim !== undefined && d !== this.givenCodeDim)) {
      throw new QuantizerError(
        'QUANTIZER_BAD_SHAPE',
        `VectorQuantizerLayer '${this.name}': input shape ${JSON.stringify(shape)} must end in ` +
          `${this.givenCodeDim ?? 'a known code dimension'}; project the encoder output to codeDim.`,
      );
    }
    const { numCodes: k, ema, init, seed } = this.resolved;
    const codebook = this.addWeight(
      'codebook',
      [k, d],
      'float32',
      tfl.initializers.randomUniform({ minval: -1 / k, maxval: 1 / k, seed }),
      undefined,
      ema === null,
    );
    const clusterSize = this.addWeight(
      'cluster_size',
      [k],
      'float32',
      tfl.initializers.ones(),
      undefined,
      false,
    );
    const codeSum = ema
      ? this.addWeight('code_sum', [k, d], 'float32', tfl.initializers.zeros(), undefined, false)
      : null;
    // EMA sums start as one pseudo-vector at each code, like the standalone quantizer.
    codeSum?.write(codebook.read());
    const initialized =
      init === 'kmeans'
        ? this.addWeight('initialized', [], 'float32', tfl.initializers.zeros(), undefined, false)
        : null;
    this.core = new VectorQuantizer(
      { ...this.publicOptions(), codeDim: d },
      {
        codebook: variableOf(codebook),
        clusterSize: variableOf(clusterSize),
        codeSum: codeSum ? variableOf(codeSum) : null,
        initialized: initialized ? variableOf(initialized) : null,
      },
    );
    this.built = true;
  }

  /** Same shape as the input. */
  override computeOutputShape(inputShape: tfl.Shape | tfl.Shape[]): tfl.Shape | tfl.Shape[] {
    return inputShape;
  }

  /**
   * The straight-through quantized inputs (value: nearest codes; gradient: identity).
   * `kwargs.training` true runs a training update. Returns a new tensor the caller owns.
   */
  override call(inputs: tf.Tensor | tf.Tensor[], kwargs: Record<string, unknown>): tf.Tensor {
    const x = Array.isArray(inputs) ? (inputs[0] as tf.Tensor) : inputs;
    return tf.tidy(() => this.quantize(x, { training: kwargs.training === true }).quantized);
  }

  /**
   * The full quantizer result for `inputs` `[..., D]` (builds the layer on first use).
   *
   * @returns `quantized`, `indices`, `losses`, `perplexity`, `usage`: new tensors owned by the
   *   caller (`tf.dispose(result)`). See `VectorQuantizer.quantize`.
   */
  quantize(inputs: tf.Tensor, options: QuantizeOptions = {}): QuantizerResult {
    return this.quantizer(inputs.shape).quantize(inputs, options);
  }

  /** The EMA / restart update alone; see `VectorQuantizer.update`. Allocates nothing. */
  update(inputs: tf.Tensor, indices: tf.Tensor): void {
    this.quantizer(inputs.shape).update(inputs, indices);
  }

  /** Reads the running code counts (one device read); see `VectorQuantizer.stats`. */
  stats(): Promise<QuantizerStats> {
    return this.quantizer().stats();
  }

  /**
   * The quantizer working on this layer's weights (its `codebook` variable is the layer's
   * `codebook` weight). Builds the layer for `inputShape` if needed. Do not dispose it.
   */
  quantizer(inputShape?: readonly number[]): VectorQuantizer {
    const d = inputShape?.[inputShape.length - 1];
    if (!this.core && d !== undefined) {
      // Build through apply, so the weights get the layer's name scope ('vq/codebook').
      const probe = tf.zeros([1, d]);
      try {
        tf.dispose(this.apply(probe) as tf.Tensor);
      } finally {
        probe.dispose();
      }
    }
    if (!this.core) {
      throw new QuantizerError(
        'QUANTIZER_BAD_SHAPE',
        `VectorQuantizerLayer '${this.name}': not built yet; apply it to an input first.`,
      );
    }
    return this.core;
  }

  /** The constructor arguments, so `tfl.loadLayersModel` can rebuild the layer. */
  override getConfig(): tf.serialization.ConfigDict {
    return { ...this.publicOptions(), ...super.getConfig() };
  }

  private publicOptions(): tf.serialization.ConfigDict & Omit<VectorQuantizerOptions, 'codeDim'> {
    const r = this.resolved;
    return {
      numCodes: r.numCodes,
      ...(this.givenCodeDim !== undefined ? { codeDim: this.givenCodeDim } : {}),
      commitmentWeight: r.commitmentWeight,
      ema: r.ema ? { decay: r.ema.decay, epsilon: r.ema.epsilon } : false,
      deadCodeThreshold: r.deadCodeThreshold,
      init: r.init,
      kmeansIterations: r.kmeansIterations,
      seed: r.seed,
    };
  }
}

/** The `tf.Variable` a layer weight stores its value in (the same object for its lifetime). */
function variableOf(weight: tfl.LayerVariable): tf.Variable {
  const value = weight.read();
  if (!(value instanceof tf.Variable)) {
    throw new QuantizerError(
      'QUANTIZER_BAD_SHAPE',
      `VectorQuantizerLayer: weight ${weight.name} is not backed by a tf.Variable; use matching ` +
        'versions of @tensorflow/tfjs-core and @tensorflow/tfjs-layers.',
    );
  }
  return value;
}

tf.serialization.registerClass(VectorQuantizerLayer);
