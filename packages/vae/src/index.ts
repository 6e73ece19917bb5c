export {
  AE_JSON_FORMAT_VERSION,
  type AeJson,
  type AeJsonIo,
  type AeJsonWeights,
  type AutoencoderModel,
  type CodebookModel,
  type ConditionOptions,
  canFitPrior,
  canSample,
  type ElboModel,
  type EstimateOptions,
  hasCodebook,
  hasElbo,
  hasLogLikelihood,
  isConditional,
  type LikelihoodModel,
  type LossTerms,
  type LossTermsOptions,
  type ModelBatch,
  type ModelStore,
  type PriorFittingModel,
  type SampleOptions,
  type SamplingModel,
  type SaveExtra,
  type TrainableModel,
} from '@ae/core';
export { makeAeJson, parseAeJson } from './ae-json.js';
export {
  Autoencoder,
  type AutoencoderNetworks,
  type Completeness,
} from './autoencoder.js';
export {
  AUTOENCODER_LIKELIHOODS,
  AUTOENCODER_PRESETS,
  type AutoencoderConfig,
  type AutoencoderLikelihood,
  type AutoencoderOptions,
  type AutoencoderPresetName,
  type DenoisingConfig,
  resolveAutoencoderConfig,
  type SparsityConfig,
} from './autoencoder-config.js';
export {
  buildDecoder,
  buildEncoder,
  buildPreset,
  type PresetNetworks,
} from './build-preset.js';
export { buildRecipe } from './build-recipe.js';
export {
  CategoricalPrior,
  type CategoricalPriorArgs,
  type CategoricalPriorJSON,
  fitCategoricalPrior,
  type PriorBatch,
} from './categorical-prior.js';
export { ConditionalVAE } from './conditional-vae.js';
export { GaussianLatentModel } from './gaussian-latent-model.js';
export { checkBatch, checkFinite, checkInput, interpolateCodes } from './interpolate.js';
export { FAMILIES, loadModel } from './load-model.js';
export { ModelError, type ModelErrorCode } from './model-error.js';
export {
  type IoDescription,
  type LoadedModel,
  loadSaved,
  requireNetworks,
  saveModel,
  type TensorMeaning,
} from './model-io.js';
export { type MemoryStore, memoryStore } from './model-store.js';
export {
  type DecoderSpec,
  type EncoderSpec,
  isPresetName,
  PRESETS,
  type PresetInfo,
  type PresetName,
  type PresetOptions,
  type PresetSpec,
  presetSpec,
} from './presets.js';
export type { ModelRandomState } from './random-state.js';
export {
  isRecipeName,
  type NoiseOption,
  RECIPE_NAMES,
  RECIPES,
  type Recipe,
  type RecipeCapabilities,
  type RecipeData,
  type RecipeName,
  type RecipeOptionName,
  type RecipeOptions,
  recipe,
  recipeOptions,
  unusedOptions,
} from './recipes.js';
export { resolveStore } from './resolve-store.js';
export { isModelUrl, URL_SCHEMES, urlStore } from './url-store.js';
export { type Posterior, VAE, type VAENetworks } from './vae.js';
export {
  type CapacityConfig,
  type ConditionalVAEConfig,
  type ConditionalVAEOptions,
  resolveConditionalVAEConfig,
  resolveVAEConfig,
  VAE_LIKELIHOODS,
  type VAEConfig,
  type VAELikelihood,
  type VAEOptions,
} from './vae-config.js';
export { VERSION } from './version.js';
export { type FitPriorOptions, VQVAE } from './vqvae.js';
export {
  resolveVQVAEConfig,
  VQVAE_ARCHITECTURES,
  VQVAE_LIKELIHOODS,
  VQVAE_PRESETS,
  type VQVAEArchitecture,
  type VQVAEConfig,
  type VQVAEInit,
  type VQVAELikelihood,
  type VQVAEOptions,
  type VQVAEPresetName,
} from './vqvae-config.js';
export type { VQVAENetworks } from './vqvae-networks.js';
