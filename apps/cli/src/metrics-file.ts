import { writeFileAtomic } from '@ae/core/node';
import type { EpochLogs, TrainerCallback } from '@ae/trainer';

/**
 * A trainer callback that keeps `path` as JSON Lines, one object per finished
 * epoch with every loss term (after `earlier`, the epochs a resumed run restored). The file is rewritten atomically after each epoch,
 * so it is always complete.
 */
export function metricsFile(path: string, earlier: readonly EpochLogs[] = []): TrainerCallback {
  // A resumed run starts with the epochs before its checkpoint.
  const lines: string[] = earlier.map((logs) => JSON.stringify(logs));
  return {
    async onEpochEnd(_epoch: number, logs: EpochLogs) {
      lines.push(JSON.stringify(logs));
      await writeFileAtomic(path, `${lines.join('\n')}\n`);
    },
  };
}
