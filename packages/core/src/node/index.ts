/**
 * `@ae/core/node`: crash-safe file writes shared by every package that writes to disk
 * (saved models, checkpoints, exports, pictures). Node only.
 */
export {
  recoverDir,
  replaceDirAtomic,
  replaceEntriesAtomic,
  tempPathFor,
  writeFileAtomic,
} from './atomic.js';
