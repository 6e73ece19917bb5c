import type { Logs, TrainerCallback } from '@ae/trainer';
import cliProgress from 'cli-progress';

const fmt = (v: number | undefined) =>
  v === undefined ? '…' : v >= 100 ? v.toFixed(1) : v.toFixed(3);

/**
 * A trainer callback that draws a progress bar on stderr (stdout stays free for
 * `--json`). Without a terminal it prints a line every few seconds instead.
 */
export function progressBar(options: { quiet?: boolean } = {}): TrainerCallback & { stop(): void } {
  let bar: cliProgress.SingleBar | undefined;
  let epochs = 0;
  let perEpoch = 0;
  let started = 0;
  let seen = 0;
  let last: Logs | undefined;
  return {
    /** Takes the bar off the screen (and its timer off the event loop) when training fails. */
    stop() {
      bar?.stop();
      bar = undefined;
    },
    onTrainBegin(info) {
      epochs = info.epochs;
      perEpoch = info.batchesPerEpoch;
    },
    onEpochBegin(epoch) {
      if (options.quiet) return;
      started = performance.now();
      seen = 0;
      bar = new cliProgress.SingleBar(
        {
          stream: process.stderr,
          format: `epoch ${epoch}/${epochs} {bar} {value}/{total} batches | loss {loss} | {rate} samples/s | eta {eta_formatted}`,
          noTTYOutput: true,
          notTTYSchedule: 5000,
          hideCursor: true,
          etaBuffer: 20,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(perEpoch, 0, { loss: '…', rate: '…' });
    },
    onBatchEnd(info, logs) {
      if (!bar) return;
      seen += info.size;
      if (logs) last = logs;
      const rate = seen / ((performance.now() - started) / 1000);
      bar.update(info.batch + 1, { loss: fmt(last?.total), rate: Math.round(rate) });
    },
    onEpochEnd(epoch, logs) {
      bar?.stop();
      bar = undefined;
      if (options.quiet) return;
      const parts = Object.entries(logs)
        .filter(([k]) => !['epoch', 'step', 'seconds', 'samplesPerSecond'].includes(k))
        .map(([k, v]) => `${k} ${fmt(v)}`);
      process.stderr.write(
        `epoch ${epoch}/${epochs}: ${parts.join(', ')} (${logs.seconds.toFixed(1)} s, ${Math.round(logs.samplesPerSecond)} samples/s)\n`,
      );
    },
  };
}
