/**
 * `@ae/trainer/node`: training checkpoints on the file system (Node only).
 */
export {
  type Checkpoint,
  type CheckpointOptions,
  checkpoints,
  readCheckpoint,
} from './checkpoints.js';
