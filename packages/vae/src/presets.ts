import {
  type ConvDecoderArgs,
  type ConvDecoderLayer,
  convDecoderShapes,
  type DenseDecoderArgs,
} from '@ae/decoders';
import {
  type ConvEncoderArgs,
  type ConvEncoderHead,
  type ConvEncoderLayer,
  convEncoderShapes,
  type DenseEncoderArgs,
} from '@ae/encoders';
import { checkImageShape, NetworkError } from '@ae/layers';

/** Names of the ready-made encoder/decoder pairs. */
export type PresetName =
  | 'keras-conv-ae'
  | 'dense-ae-32'
  | 'torch-conv-ae'
  | 'torch-conv-vae'
  | 'keras-conv-vae'
  | 'bottleneck-conv-ae'
  | 'bottleneck-conv-vae';

/**
 * How the tutorial a preset comes from trains it: defaults a user can ask for
 * (`ae train --preset torch-conv-ae --tutorial`), not applied otherwise.
 */
export interface TutorialRecipe {
  /** The tutorial, e.g. `'PyTorch conv autoencoder tutorial'`. */
  source: string;
  /** The model recipe that trains the preset (`ae train --model`). */
  model: 'ae' | 'conv-ae' | 'vae';
  /** Examples per step. */
  batchSize: number;
  /** Passes over the training set. */
  epochs: number;
  /** The optimizer (with its default betas). */
  optimizer: 'adam';
  /** Its learning rate. */
  learningRate: number;
  /**
   * The reconstruction loss over an example's pixels: `'mean'` (binary cross-entropy
   * averaged, PyTorch's `BCELoss()` / Keras' `binary_crossentropy`) or `'sum'` (summed,
   * plus the KL term for the VAEs).
   */
  reduction: 'sum' | 'mean';
}

/** A preset's name, one-line description and the kind of code its encoder outputs. */
export interface PresetInfo {
  /** Name to pass to `presetSpec` / `buildPreset` (e.g. from a `--preset` flag). */
  name: PresetName;
  /** One line for help texts. */
  description: string;
  /** `'gaussian'`: a VAE pair; `'deterministic'` or `'feature-map'`: a plain autoencoder. */
  head: ConvEncoderHead;
  /** The training recipe of the tutorial it copies; absent for the presets without one. */
  tutorial?: TutorialRecipe;
}

const adam = { optimizer: 'adam', learningRate: 1e-3 } as const;

/** Every preset, in the order help texts list them. */
export const PRESETS: readonly PresetInfo[] = [
  {
    name: 'dense-ae-32',
    description: 'Dense autoencoder: flatten → dense 32 (relu) code → dense to the image.',
    head: 'deterministic',
    tutorial: {
      source: 'Keras dense autoencoder tutorial (784-32-784)',
      model: 'ae',
      batchSize: 256,
      epochs: 50,
      ...adam,
      reduction: 'mean',
    },
  },
  {
    name: 'keras-conv-ae',
    description:
      'Pooled conv autoencoder: conv 32 → pool → conv 16 → pool (7×7×16 code); conv 16 → up → conv 32 → up → conv.',
    head: 'feature-map',
    tutorial: {
      source: 'Keras conv autoencoder tutorial',
      model: 'conv-ae',
      batchSize: 256,
      epochs: 10,
      ...adam,
      reduction: 'mean',
    },
  },
  {
    name: 'torch-conv-ae',
    description:
      'PyTorch tutorial conv autoencoder: conv 16 /2 → conv 32 /2 → conv 64 (7×7×64 code); transposed convs back.',
    head: 'feature-map',
    tutorial: {
      source: 'PyTorch conv autoencoder tutorial',
      model: 'conv-ae',
      batchSize: 128,
      epochs: 5,
      ...adam,
      reduction: 'mean',
    },
  },
  {
    name: 'torch-conv-vae',
    description:
      'PyTorch tutorial conv VAE: torch-conv-ae convs → flatten 3136 → Gaussian latent 128; linear 3136 → transposed convs.',
    head: 'gaussian',
    tutorial: {
      source: 'PyTorch conv VAE tutorial',
      model: 'vae',
      batchSize: 128,
      epochs: 5,
      ...adam,
      reduction: 'sum',
    },
  },
  {
    name: 'keras-conv-vae',
    description:
      'Conv VAE: conv 32 /2 → conv 64 /2 → dense 16 → Gaussian latent 2; dense 7·7·64 → transposed convs 64, 32, out.',
    head: 'gaussian',
    tutorial: {
      source: 'Keras conv VAE tutorial',
      model: 'vae',
      batchSize: 128,
      epochs: 10,
      ...adam,
      reduction: 'sum',
    },
  },
  {
    name: 'bottleneck-conv-ae',
    description:
      'Strided conv autoencoder: conv 16 /2 → conv 32 /2 → conv 64 7×7 valid (1×1×64 code); mirrored transposed convs.',
    head: 'feature-map',
  },
  {
    name: 'bottleneck-conv-vae',
    description:
      'Strided conv VAE: the bottleneck-conv-ae convs → Gaussian latent 128; dense 64 → 1×1×64 → transposed convs.',
    head: 'gaussian',
  },
];

/**
 * A tutorial recipe in one line, e.g. `--model conv-ae, batch 128, 5 epochs, Adam 1e-3,
 * BCE mean over pixels (PyTorch conv autoencoder tutorial)`.
 */
export function tutorialText(t: TutorialRecipe): string {
  const loss = t.reduction === 'mean' ? 'BCE mean over pixels' : 'BCE summed over pixels';
  const kl = t.model === 'vae' ? ' + KL' : '';
  return `--model ${t.model}, batch ${t.batchSize}, ${t.epochs} epochs, Adam ${t.learningRate}, ${loss}${kl} (${t.source})`;
}

/** True when `value` names a preset. */
export function isPresetName(value: unknown): value is PresetName {
  return PRESETS.some((p) => p.name === value);
}

/** Options of {@link presetSpec} and `buildPreset`. */
export interface PresetOptions {
  /** Shape of one image `[h, w, c]`; default `[28, 28, 1]` (what the presets were made for). */
  inputShape?: readonly number[];
  /** Seed of the encoder's initializers; the decoder uses `seed + 1000`. Default 0. */
  seed?: number;
  /** Number of classes of a conditional pair (vector-code presets only). */
  numClasses?: number;
}

/** Which builder an encoder spec is for, with its arguments. */
export type EncoderSpec =
  | { type: 'dense'; args: DenseEncoderArgs }
  | { type: 'conv'; args: ConvEncoderArgs };

/** Which builder a decoder spec is for, with its arguments. */
export type DecoderSpec =
  | { type: 'dense'; args: DenseDecoderArgs }
  | { type: 'conv'; args: ConvDecoderArgs };

/** A preset as plain arguments (JSON-serializable), before any layer is built. */
export interface PresetSpec extends PresetInfo {
  /** Builder and arguments of the encoder. */
  encoder: EncoderSpec;
  /** Builder and arguments of the decoder (outputs logits). */
  decoder: DecoderSpec;
}

const STRIDED: ConvEncoderLayer[] = [
  { filters: 16, kernelSize: 3, strides: 2, padding: 'same' },
  { filters: 32, kernelSize: 3, strides: 2, padding: 'same' },
];

function stridedDecoder(channels: number): ConvDecoderLayer[] {
  return [
    { filters: 32, kernelSize: 7, strides: 1, padding: 'valid', mode: 'transpose' },
    { filters: 16, kernelSize: 3, strides: 2, padding: 'same', mode: 'transpose' },
    { filters: channels, kernelSize: 3, strides: 2, padding: 'same', mode: 'transpose' },
  ];
}

/**
 * The arguments of a preset's encoder and decoder. The decoders output logits where the
 * original notebooks end in a sigmoid: the sigmoid belongs to the model's `decode` and the
 * loss (binary cross-entropy with logits). Sizes are checked here (errors name the layer),
 * so a preset that does not fit `inputShape` fails before any layer is built.
 */
export function presetSpec(name: PresetName, options: PresetOptions = {}): PresetSpec {
  const spec = unchecked(name, options);
  // Size errors surface here, before any layer exists.
  if (spec.encoder.type === 'conv') convEncoderShapes(spec.encoder.args);
  if (spec.decoder.type === 'conv') convDecoderShapes(spec.decoder.args);
  return spec;
}

function unchecked(name: PresetName, options: PresetOptions): PresetSpec {
  const info = PRESETS.find((p) => p.name === name);
  if (info === undefined) {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `presetSpec: unknown preset ${JSON.stringify(name)}; use one of ${PRESETS.map((p) => p.name).join(', ')}.`,
    );
  }
  const inputShape = checkImageShape(name, 'inputShape', options.inputShape ?? [28, 28, 1]);
  const [h, w, c] = inputShape;
  const seed = options.seed ?? 0;
  const dseed = seed + 1000;
  const numClasses = options.numClasses;
  if (numClasses !== undefined && info.head === 'feature-map') {
    throw new NetworkError(
      'NETWORK_BAD_ARGUMENT',
      `presetSpec: preset '${name}' has a feature-map code and cannot take numClasses (${JSON.stringify(numClasses)}); use a vector-code preset such as 'keras-conv-vae' or 'dense-ae-32'.`,
    );
  }
  const cond = numClasses === undefined ? {} : { numClasses };
  const base = { ...info };
  switch (name) {
    case 'dense-ae-32':
      return {
        ...base,
        encoder: {
          type: 'dense',
          args: {
            inputShape,
            hidden: [],
            latentDim: 32,
            head: 'deterministic',
            codeActivation: 'relu',
            seed,
            ...cond,
          },
        },
        decoder: {
          type: 'dense',
          args: { latentDim: 32, hidden: [], outputShape: inputShape, seed: dseed, ...cond },
        },
      };
    case 'keras-conv-ae': {
      const encoder: ConvEncoderArgs = {
        inputShape,
        layers: [
          { filters: 32, kernelSize: 3, padding: 'same', pool: 2 },
          { filters: 16, kernelSize: 3, padding: 'same', pool: 2 },
        ],
        head: 'feature-map',
        seed,
      };
      const layers: ConvDecoderLayer[] = [
        { filters: 16, kernelSize: 3, mode: 'conv' },
        { filters: 32, kernelSize: 3, mode: 'upsample' },
        { filters: c, kernelSize: 3, mode: 'upsample' },
      ];
      const code = convEncoderShapes(encoder).code;
      return {
        ...base,
        encoder: { type: 'conv', args: encoder },
        decoder: {
          type: 'conv',
          args: { inputShape: code, layers, outputShape: inputShape, seed: dseed },
        },
      };
    }
    case 'torch-conv-ae':
    case 'torch-conv-vae': {
      const encoderLayers = [
        ...STRIDED,
        { filters: 64, kernelSize: 3, strides: 1, padding: 'same' } as const,
      ];
      const vae = name === 'torch-conv-vae';
      const encoder: ConvEncoderArgs = vae
        ? { inputShape, layers: encoderLayers, head: 'gaussian', latentDim: 128, seed, ...cond }
        : { inputShape, layers: encoderLayers, head: 'feature-map', seed };
      const code = convEncoderShapes(encoder).layers[encoderLayers.length - 1] as number[];
      const layers: ConvDecoderLayer[] = [
        { filters: 32, kernelSize: 3, strides: 1, padding: 'same', mode: 'transpose' },
        { filters: 16, kernelSize: 3, strides: 2, padding: 'same', mode: 'transpose' },
        { filters: c, kernelSize: 3, strides: 2, padding: 'same', mode: 'transpose' },
      ];
      const decoder: ConvDecoderArgs = vae
        ? {
            latentDim: 128,
            startShape: code,
            // Linear(128 → 3136), then the reshape: no activation in between.
            projectionActivation: 'linear',
            layers,
            outputShape: inputShape,
            seed: dseed,
            ...cond,
          }
        : { inputShape: code, layers, outputShape: inputShape, seed: dseed };
      return {
        ...base,
        encoder: { type: 'conv', args: encoder },
        decoder: { type: 'conv', args: decoder },
      };
    }
    case 'bottleneck-conv-ae':
    case 'bottleneck-conv-vae': {
      const layers = [
        ...STRIDED,
        { filters: 64, kernelSize: 7, strides: 1, padding: 'valid' } as const,
      ];
      const vae = name === 'bottleneck-conv-vae';
      const encoder: ConvEncoderArgs = vae
        ? { inputShape, layers, head: 'gaussian', latentDim: 128, seed, ...cond }
        : { inputShape, layers, head: 'feature-map', seed };
      const last = convEncoderShapes(encoder).layers[layers.length - 1] as number[];
      const decLayers = stridedDecoder(c);
      const decoder: ConvDecoderArgs = vae
        ? {
            latentDim: 128,
            startShape: last,
            layers: decLayers,
            outputShape: inputShape,
            seed: dseed,
            ...cond,
          }
        : { inputShape: last, layers: decLayers, outputShape: inputShape, seed: dseed };
      return {
        ...base,
        encoder: { type: 'conv', args: encoder },
        decoder: { type: 'conv', args: decoder },
      };
    }
    case 'keras-conv-vae': {
      const encoder: ConvEncoderArgs = {
        inputShape,
        layers: [
          { filters: 32, kernelSize: 3, strides: 2, padding: 'same' },
          { filters: 64, kernelSize: 3, strides: 2, padding: 'same' },
        ],
        dense: [16],
        head: 'gaussian',
        latentDim: 2,
        seed,
        ...cond,
      };
      const decoder: ConvDecoderArgs = {
        latentDim: 2,
        startShape: [Math.ceil(h / 4), Math.ceil(w / 4), 64],
        layers: [
          { filters: 64, kernelSize: 3, strides: 2, padding: 'same', mode: 'transpose' },
          { filters: 32, kernelSize: 3, strides: 2, padding: 'same', mode: 'transpose' },
          { filters: c, kernelSize: 3, strides: 1, padding: 'same', mode: 'transpose' },
        ],
        outputShape: inputShape,
        seed: dseed,
        ...cond,
      };
      return {
        ...base,
        encoder: { type: 'conv', args: encoder },
        decoder: { type: 'conv', args: decoder },
      };
    }
  }
}
