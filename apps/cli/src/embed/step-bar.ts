import cliProgress from 'cli-progress';

/** A progress bar of a computation with a known number of steps. */
export interface StepBar {
  /** `done` of the total steps are finished. */
  update(done: number): void;
  /** Removes the bar (call once, also on failure). */
  stop(): void;
}

/**
 * A progress bar on stderr (stdout stays free for `--json`) for `total` steps named
 * `label`, e.g. `t-SNE 120/1000 iterations`. Without a terminal it prints a line every
 * few seconds instead.
 */
export function stepBar(label: string, unit: string, total: number): StepBar {
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: `${label} {bar} {value}/{total} ${unit} | eta {eta_formatted}`,
      noTTYOutput: true,
      notTTYSchedule: 5000,
      hideCursor: true,
      etaBuffer: 50,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0);
  return {
    update: (done) => bar.update(done),
    stop: () => bar.stop(),
  };
}
