/**
 * `@ae/core/node`: crash-safe file writes shared by every package that writes to disk
 * (saved models, checkpoints, exports, pictures). Node only.
 */
export { replaceDirAtomic, tempPathFor, writeFileAtomic } from './atomic.js';
