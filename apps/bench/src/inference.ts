/**
 * Inference benchmark: encoding and anomaly-scoring throughput of the five benchmark
 * networks on the MNIST test images, on every tfjs backend present and on the PyTorch
 * peer, each measurement a fresh child process, rounds alternating (see
 * network-training.ts for the runtimes and the shared environment variables).
 */
import {
  formatInt,
  formatRate,
  formatRatio,
  type Measurement,
  median,
  quickMode,
} from './bench-utils.js';
import { measure, prepareRuntimes, type Runtime, type Runtimes } from './network-training.js';
import { type BenchNetworkSpec, type NetworkName, selectedNetworks } from './networks.js';
import { type PeerCheck, peerLines } from './peer.js';

const BATCH = 1000;
const ROUNDS = 2;
/** Seconds of timed work per child that the example counts aim at. */
const TARGET_SECONDS = 2;
const MODES = ['encode', 'score'] as const;
type InferenceMode = (typeof MODES)[number];

type Rates = Record<NetworkName, number>;

/**
 * Rough samples/s on a quiet 2-core machine, used only to size each child's timed span (about
 * {@link TARGET_SECONDS}); PyTorch on 2 cores and tfjs-node are taken as 1.7× PyTorch on 1.
 */
const EXPECTED: Record<InferenceMode, Record<string, Rates>> = {
  encode: {
    'torch-1': {
      'dense-ae-32': 1_300_000,
      'keras-conv-ae': 3_000,
      'bottleneck-conv-ae': 33_000,
      'bottleneck-conv-vae': 40_000,
      'mlp-vae': 115_000,
    },
    wasm: {
      'dense-ae-32': 400_000,
      'keras-conv-ae': 8_000,
      'bottleneck-conv-ae': 30_000,
      'bottleneck-conv-vae': 30_000,
      'mlp-vae': 47_000,
    },
    cpu: {
      'dense-ae-32': 10_000,
      'keras-conv-ae': 310,
      'bottleneck-conv-ae': 1_400,
      'bottleneck-conv-vae': 1_800,
      'mlp-vae': 1_600,
    },
  },
  score: {
    'torch-1': {
      'dense-ae-32': 200_000,
      'keras-conv-ae': 1_600,
      'bottleneck-conv-ae': 14_000,
      'bottleneck-conv-vae': 13_000,
      'mlp-vae': 60_000,
    },
    wasm: {
      'dense-ae-32': 140_000,
      'keras-conv-ae': 2_700,
      'bottleneck-conv-ae': 4_300,
      'bottleneck-conv-vae': 5_800,
      'mlp-vae': 21_000,
    },
    cpu: {
      'dense-ae-32': 5_500,
      'keras-conv-ae': 136,
      'bottleneck-conv-ae': 650,
      'bottleneck-conv-vae': 600,
      'mlp-vae': 750,
    },
  },
};

/** Timed examples and warm-up batches of one (runtime, network, mode) child. */
export function inferenceBudget(
  rt: Runtime,
  network: NetworkName,
  mode: InferenceMode,
): { examples: number; warmup: number } {
  const own = EXPECTED[mode][rt.id];
  const rate = own ? own[network] : (EXPECTED[mode]['torch-1'] as Rates)[network] * 1.7;
  // A batch that takes over a second (tfjs cpu convolutions) is not worth a warm-up.
  const warmup = BATCH / rate > 1 ? 0 : 1;
  if (quickMode()) return { examples: BATCH, warmup };
  return { examples: Math.max(1, Math.floor((rate * TARGET_SECONDS) / BATCH)) * BATCH, warmup };
}

interface Cell {
  network: BenchNetworkSpec;
  runtime: Runtime;
  runs: Record<InferenceMode, Measurement[]>;
}

/** Runs the rounds and returns the BENCHMARKS.md section. */
export async function benchInference(): Promise<string[]> {
  const networks = selectedNetworks();
  const { runtimes, checks } = await prepareRuntimes();
  const cells: Cell[] = networks.flatMap((network) =>
    runtimes.list.map((runtime) => ({ network, runtime, runs: { encode: [], score: [] } })),
  );
  const failures: string[] = [];
  const rounds = quickMode() ? 1 : ROUNDS;
  for (let round = 1; round <= rounds; round++) {
    for (const cell of cells) {
      for (const mode of MODES) {
        const what = `${round}/${rounds} ${cell.network.name} ${mode} ${cell.runtime.label}`;
        try {
          const m = await measure(cell.runtime, {
            network: cell.network.name,
            mode,
            batch: BATCH,
            split: 'test',
            ...inferenceBudget(cell.runtime, cell.network.name, mode),
          });
          cell.runs[mode].push(m);
          process.stderr.write(`inference ${what}: ${formatRate(m.samplesPerSecond)} samples/s\n`);
        } catch (error) {
          failures.push(`${what}: ${(error as Error).message}`);
          process.stderr.write(`inference ${what}: FAILED ${(error as Error).message}\n`);
        }
      }
    }
  }
  return inferenceSection(networks, runtimes, checks, cells, failures, rounds);
}

function inferenceSection(
  networks: readonly BenchNetworkSpec[],
  runtimes: Runtimes,
  checks: PeerCheck[] | undefined,
  cells: Cell[],
  failures: string[],
  rounds: number,
): string[] {
  const rate = (c: Cell | undefined, mode: InferenceMode) =>
    median(c?.runs[mode].map((m) => m.samplesPerSecond) ?? []);
  const find = (net: string, id: string | undefined) =>
    cells.find((c) => c.network.name === net && c.runtime.id === id);
  const rows: string[] = [];
  for (const network of networks) {
    cells
      .filter((c) => c.network === network)
      .forEach((c, i) => {
        const base = c.runtime.baseline ? find(network.name, c.runtime.baseline) : undefined;
        const columns = MODES.map((mode) => {
          const r = rate(c, mode);
          const examples = c.runs[mode][0]?.examples ?? Number.NaN;
          const all = c.runs[mode].map((m) => formatRate(m.samplesPerSecond)).join(', ');
          const ratio = formatRatio(r / rate(base, mode)); // '—' without a baseline
          return `${formatRate(r)} | ${formatInt(examples)} | ${all} | ${ratio}`;
        });
        rows.push(
          `| ${i === 0 ? network.name : ''} | ${c.runtime.label} | ${columns.join(' | ')} |`,
        );
      });
  }
  return [
    '## Inference throughput: encoding and anomaly scores',
    '',
    `The same five networks (untrained weights; the work does not depend on the values) on the 10,000 MNIST test images in batches of ${BATCH}. ` +
      '**encode**: `model.encode(x)` (the posterior mean for the VAEs), each batch read back to JS. ' +
      "**score**: anomaly scores Σ(x − x̂)² per example with `@ae/evaluation`'s `reconstructionErrors` (reconstruction from the posterior mean). " +
      'The peer does the same under `torch.no_grad()`. Each number is a fresh child process: load the test set, build the network, one untimed batch (none where a batch takes over a second), ' +
      `then time the listed number of examples (passing over the test set again when there are more than 10,000). ${rounds} round${rounds === 1 ? '' : 's'} alternating over all (network, runtime, mode); medians reported, all rounds listed. ` +
      'Ratios compare with PyTorch on the same number of threads (1 for tfjs wasm and cpu).',
    '',
    ...peerLines(runtimes.skipped, runtimes.peer, checks),
    '',
    '| network | runtime | encode samples/s (median) | examples | rounds | ÷ PyTorch | score samples/s (median) | examples | rounds | ÷ PyTorch |',
    '| --- | --- | ---: | ---: | --- | ---: | ---: | ---: | --- | ---: |',
    ...rows,
    '',
    ...(failures.length > 0 ? ['Failed runs:', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ];
}
