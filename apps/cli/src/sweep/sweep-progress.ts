/**
 * What `ae sweep` shows on stderr: on a terminal, an overall bar (trials done of all, best
 * metric so far) with one bar per running trial below it; otherwise one line per event
 * (trial started, each epoch, finished or failed) and the overall count on each finish.
 */
import cliProgress from 'cli-progress';
import type { TrialProgress } from './run-trial.js';

/** The events a sweep reports. */
export interface SweepProgress {
  start(id: string, what: string, worker?: string, resumed?: boolean): void;
  progress(id: string, p: TrialProgress): void;
  finish(id: string, what: string, best: string): void;
  fail(id: string, why: string): void;
  stop(): void;
}

/** The display for `total` trials, `done` of them finished already. */
export function sweepProgress(
  total: number,
  done: number,
  o: { quiet?: boolean } = {},
): SweepProgress {
  let finished = done;
  if (o.quiet) {
    const noop = () => {};
    return { start: noop, progress: noop, finish: noop, fail: noop, stop: noop };
  }
  if (!process.stderr.isTTY) {
    const lastEpoch = new Map<string, number>();
    const say = (line: string) => process.stderr.write(`${line}\n`);
    return {
      start(id, what, worker, resumed) {
        say(
          `trial ${id} ${resumed ? 'resumed' : 'started'}${worker ? ` on ${worker}` : ''}: ${what}`,
        );
      },
      progress(id, p) {
        // One line per finished epoch.
        const whole = Math.floor(p.fraction * p.epochs + 1e-9);
        if (whole > (lastEpoch.get(id) ?? 0)) {
          lastEpoch.set(id, whole);
          say(`trial ${id}: epoch ${whole}/${p.epochs}`);
        }
      },
      finish(id, what, best) {
        finished++;
        say(`trial ${id} finished: ${what} [${finished}/${total} trials, best ${best}]`);
      },
      fail(id, why) {
        finished++;
        say(`trial ${id} FAILED: ${why} [${finished}/${total} trials]`);
      },
      stop() {},
    };
  }
  const multi = new cliProgress.MultiBar(
    { stream: process.stderr, hideCursor: true, clearOnComplete: false, etaBuffer: 20 },
    cliProgress.Presets.shades_classic,
  );
  const overall = multi.create(
    total,
    done,
    { best: '…' },
    {
      format: 'sweep {bar} {value}/{total} trials | best {best} | eta {eta_formatted}',
    },
  );
  const bars = new Map<string, cliProgress.SingleBar>();
  return {
    start(id, what, worker, resumed) {
      bars.get(id)?.stop();
      const bar = multi.create(
        100,
        0,
        { epoch: '…' },
        {
          format: `  ${id} {bar} {percentage}% | epoch {epoch} | ${resumed ? 'resumed ' : ''}${worker ? `${worker} ` : ''}${what}`,
        },
      );
      bars.set(id, bar);
    },
    progress(id, p) {
      bars.get(id)?.update(Math.round(p.fraction * 100), { epoch: `${p.epoch}/${p.epochs}` });
    },
    finish(id, what, best) {
      const bar = bars.get(id);
      if (bar) multi.remove(bar);
      bars.delete(id);
      multi.log(`trial ${id} finished: ${what}\n`);
      overall.increment(1, { best });
    },
    fail(id, why) {
      const bar = bars.get(id);
      if (bar) multi.remove(bar);
      bars.delete(id);
      multi.log(`trial ${id} FAILED: ${why}\n`);
      overall.increment(1);
    },
    stop() {
      multi.stop();
    },
  };
}
