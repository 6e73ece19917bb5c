/**
 * Row: denoising autoencoder: PSNR of noisy and of denoised test images at two levels of
 * Gaussian noise, each with a model trained at that level. Training runs `ae train`, the
 * table's PSNR comes from `@ae/evaluation`, the pictures from `ae denoise`.
 */
import { createRng, gaussianNoise, subset } from '@ae/datasets';
import { runAe } from './ae-command.js';
import {
  commandBlock,
  duration,
  fixed,
  freshRun,
  picture,
  RUNS,
  type TrainJson,
} from './row-kit.js';
import { DATA_SEED, denoisingPsnr, testImages } from './run-scores.js';

const LEVELS = [0.3, 0.5];
const EPOCHS = 10;
const COUNT = 1000;

/** Runs the row and returns its EVALUATION.md section. */
export async function denoisingRow(): Promise<string[]> {
  // COUNT test images spread evenly over the test set, as `ae denoise --count` picks them.
  const test = await testImages('mnist');
  const clean = subset(
    test,
    Array.from({ length: COUNT }, (_, i) => Math.floor((i * test.count) / COUNT)),
  );
  const commands: string[] = [];
  const rows: string[] = [];
  const pictures: string[] = [];
  for (const level of LEVELS) {
    const noise = `gaussian:${level}`;
    const out = freshRun(`${RUNS}/dae-${level}`);
    const trained = await runAe<TrainJson>([
      'train',
      '--model',
      'dae',
      '--noise',
      noise,
      '--epochs',
      String(EPOCHS),
      '--out',
      out,
    ]);
    // The same corruption `ae denoise` applies: Gaussian noise clipped to [0, 1], seed 0.
    const noisy = gaussianNoise({ std: level, clip: true })(clean.x, createRng(DATA_SEED));
    const p = await denoisingPsnr(out, clean, noisy);
    const drawn = await runAe<{ files: { image: string } }>([
      'denoise',
      '--model-dir',
      out,
      '--noise',
      noise,
      '--count',
      String(COUNT),
    ]);
    commands.push(trained.command, drawn.command);
    rows.push(
      `| ${level} | ${clean.count} | ${fixed(p.noisy, 2)} | ${fixed(p.denoised, 2)} | +${fixed(p.denoised - p.noisy, 2)} | ${duration(trained.seconds)} |`,
    );
    pictures.push(
      `σ = ${level}:`,
      '',
      picture(drawn.json.files.image, `denoise-${level}`, `noisy, denoised, clean (σ = ${level})`),
      '',
    );
  }
  return [
    '## Denoising autoencoder: PSNR before and after',
    '',
    `The dense denoising autoencoder (\`dae\`: 784-512-(32)-512-784) trained ${EPOCHS} epochs on the`,
    '60,000 training images, each seen with fresh Gaussian noise of the given standard deviation',
    '(pixels clipped to [0, 1]); it learns to output the clean image. PSNR = 10·log10(1 / MSE) per',
    `image, averaged over ${COUNT.toLocaleString('en-US')} test images spread evenly over the test set, corrupted with the same kind of noise (seed 0).`,
    'The table’s PSNR comes from `@ae/evaluation` (`meanPsnr`, and `reconstructionErrors` of the noisy',
    'images); the `ae denoise` commands below print the same numbers and draw the pictures.',
    '',
    ...commandBlock(commands),
    '',
    '| noise σ | test images | PSNR noisy (dB) | PSNR denoised (dB) | gain | training time |',
    '| ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    'Rows of each picture: noisy input, reconstruction, clean image.',
    '',
    ...pictures,
  ];
}
