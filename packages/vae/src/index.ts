export { AE_JSON_FORMAT_VERSION, type AeJson, makeAeJson, parseAeJson } from './ae-json.js';
export { FAMILIES, loadModel } from './load-model.js';
export type { AutoencoderModel, LossTerms, LossTermsOptions, ModelBatch } from './model.js';
export { ModelError, type ModelErrorCode } from './model-error.js';
export { type MemoryStore, type ModelStore, memoryStore } from './model-store.js';
export { type Posterior, VAE, type VAENetworks } from './vae.js';
export { resolveVAEConfig, type VAEConfig, type VAEOptions } from './vae-config.js';
export { VERSION } from './version.js';
