import type { EpochLogs, TrainerCallback } from '@ae/trainer';
import { writeFileAtomic } from '@ae/vae/node';

/**
 * A trainer callback that keeps `path` as JSON Lines, one object per finished
 * epoch with every loss term. The file is rewritten atomically after each epoch,
 * so it is always complete.
 */
export function metricsFile(path: string): TrainerCallback {
  const lines: string[] = [];
  return {
    async onEpochEnd(_epoch: number, logs: EpochLogs) {
      lines.push(JSON.stringify(logs));
      await writeFileAtomic(path, `${lines.join('\n')}\n`);
    },
  };
}
