/**
 * `pnpm bench`: every benchmark of the project, written to BENCHMARKS.md.
 *
 * `pnpm bench -- --only <section>` (data, training, inference, overhead, profile) runs one
 * section and replaces only that section of BENCHMARKS.md, keeping the others' previous results.
 */
import { join } from 'node:path';
import { benchDataLoading } from './data-loading.js';
import { benchInference } from './inference.js';
import { benchKernelProfile } from './kernel-profile.js';
import { machineLines, onlyArgument, REPO_ROOT, writeDocument } from './markdown-doc.js';
import { benchNetworkTraining } from './network-training.js';
import { benchTrainerOverhead } from './trainer-overhead.js';

const SECTIONS: Record<string, () => string[] | Promise<string[]>> = {
  training: benchNetworkTraining,
  inference: benchInference,
  overhead: benchTrainerOverhead,
  profile: benchKernelProfile,
  data: benchDataLoading,
};

async function main(): Promise<void> {
  const only = onlyArgument(Object.keys(SECTIONS));
  const names = only === undefined ? Object.keys(SECTIONS) : [only];
  const fresh: string[] = [];
  for (const name of names) fresh.push(...(await (SECTIONS[name] as () => Promise<string[]>)()));
  const file = join(REPO_ROOT, 'BENCHMARKS.md');
  const text = await writeDocument(
    file,
    [
      '# Benchmarks',
      '',
      'Regenerate with `pnpm bench` (or `npx -y pnpm@10.34.9 bench`); one section with',
      '`pnpm bench -- --only <section>`. Numbers are from one run on the machine below; where things',
      'are compared, they are measured side by side in the same run, and ratios compare those. Medians',
      'over repeated rounds are reported. The benchmarks never run in CI.',
      '',
      ...machineLines(),
    ],
    fresh,
    only,
  );
  process.stdout.write(`${text}\nwrote ${file}\n`);
}

try {
  await main();
} catch (error) {
  // One line for a bad argument or a failed command; the detail is in the output above.
  process.stderr.write(`bench: ${(error as Error).message}\n`);
  process.exit(1);
}
