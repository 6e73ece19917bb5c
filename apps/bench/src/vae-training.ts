/**
 * Training benchmark: throughput of the dense VAE on every tfjs backend installed,
 * measured side by side in one process.
 *
 * Rounds alternate between backends so that load from other processes on a shared
 * machine hits all of them alike; the median of the rounds is reported.
 */
import { type BackendName, initBackend } from '@ae/backend';
import { limit } from '@ae/datasets';
import { loadMnist } from '@ae/datasets/node';
import { Trainer } from '@ae/trainer';
import { VAE } from '@ae/vae';

const ROUNDS = 3;
const BATCH = 128;
/** Examples per timed epoch, by backend: cpu is slow, so it gets fewer. */
const EXAMPLES: Record<string, number> = { tensorflow: 12_800, wasm: 6_400, cpu: 1_280 };
const NETWORK = { inputShape: [28, 28, 1], latentDim: 16, hidden: [512] };

interface Row {
  backend: BackendName;
  rates: number[];
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

async function measure(
  backend: BackendName,
  train: Awaited<ReturnType<typeof loadMnist>>,
): Promise<number> {
  await initBackend({ prefer: backend });
  const vae = new VAE({ ...NETWORK, seed: 1 });
  const data = limit(train, EXAMPLES[backend] ?? 1280);
  // Warm-up: kernels compile / allocate on the first steps.
  await new Trainer(vae, { epochs: 1, batchSize: BATCH, seed: 1 }).fit(limit(data, 2 * BATCH));
  const { history } = await new Trainer(vae, { epochs: 1, batchSize: BATCH, seed: 2 }).fit(data);
  vae.dispose();
  return history[0]?.samplesPerSecond ?? Number.NaN;
}

/** Runs the rounds and returns the BENCHMARKS.md section. */
export async function benchVaeTraining(): Promise<string[]> {
  const candidates: BackendName[] = ['tensorflow', 'wasm', 'cpu'];
  const present: BackendName[] = [];
  for (const b of candidates) {
    try {
      await initBackend({ prefer: b });
      present.push(b);
    } catch (error) {
      process.stderr.write(`skipping ${b}: ${(error as Error).message.split('\n')[0]}\n`);
    }
  }
  const train = await loadMnist({ split: 'train' });
  const rows: Row[] = present.map((backend) => ({ backend, rates: [] }));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const row of rows) {
      const rate = await measure(row.backend, train);
      row.rates.push(rate);
      process.stderr.write(
        `round ${round}/${ROUNDS} ${row.backend}: ${rate.toFixed(0)} samples/s\n`,
      );
    }
  }

  const base = rows.find((r) => r.backend === 'cpu');
  return [
    '## Training throughput: dense VAE on MNIST',
    '',
    `VAE 784-${NETWORK.hidden.join('-')}-(${NETWORK.latentDim})-${[...NETWORK.hidden].reverse().join('-')}-784, Bernoulli likelihood, Adam,`,
    `batch ${BATCH}, \`@ae/trainer\` (\`optimizer.minimize\`), one timed epoch per round after a warm-up.`,
    '',
    '| backend | examples per round | samples/s (median) | rounds | vs cpu |',
    '| --- | ---: | ---: | --- | ---: |',
    ...rows.map((r) => {
      const m = median(r.rates);
      const ratio = base ? `${(m / median(base.rates)).toFixed(1)}×` : 'n/a';
      return `| ${r.backend} | ${EXAMPLES[r.backend]} | ${m.toFixed(0)} | ${r.rates.map((x) => x.toFixed(0)).join(', ')} | ${ratio} |`;
    }),
    '',
  ];
}
