import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import * as tfl from '@tensorflow/tfjs-layers';
import { beforeAll, describe, expect, it } from 'vitest';
import { SeededDropout } from './seeded-dropout.js';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

async function values(t: tf.Tensor): Promise<number[]> {
  const v = Array.from(await t.data());
  t.dispose();
  return v;
}

describe('SeededDropout', () => {
  const x = () => tf.add(tf.randomUniform([40, 100], 0, 1, 'float32', 3), 0.5);

  it('is the identity at inference', async () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 1 });
    const input = x();
    expect(await values(layer.apply(input) as tf.Tensor)).toEqual(await values(tf.clone(input)));
    input.dispose();
  });

  it('zeroes a fraction `rate` in training and scales the rest by 1 / (1 − rate)', async () => {
    const rate = 0.3;
    const layer = new SeededDropout({ rate, seed: 1 });
    const input = x();
    const xs = Array.from(await input.data());
    const ys = await values(layer.apply(input, { training: true }) as tf.Tensor);
    let zeros = 0;
    ys.forEach((y, i) => {
      if (y === 0) zeros++;
      else expect(y).toBeCloseTo((xs[i] as number) / (1 - rate), 5);
    });
    // 4000 draws: the standard deviation of the fraction is 0.0072.
    expect(Math.abs(zeros / ys.length - rate)).toBeLessThan(0.03);
    input.dispose();
  });

  it('draws a new mask at each call, and the same sequence for the same seed', async () => {
    const input = x();
    const masks = async (seed: number) => {
      const layer = new SeededDropout({ rate: 0.5, seed });
      const out: number[][] = [];
      for (let i = 0; i < 3; i++) {
        out.push(
          (await values(layer.apply(input, { training: true }) as tf.Tensor)).map((v) =>
            v === 0 ? 0 : 1,
          ),
        );
      }
      return out;
    };
    const a = await masks(7);
    expect(a[0]).not.toEqual(a[1]);
    expect(a[1]).not.toEqual(a[2]);
    expect(await masks(7)).toEqual(a);
    expect((await masks(8))[0]).not.toEqual(a[0]);
    input.dispose();
  });

  it('passes the gradient mask / (1 − rate) back, with the mask of the forward pass', async () => {
    const input = x();
    const grad = tf.grad((t: tf.Tensor) =>
      tf.sum(new SeededDropout({ rate: 0.25, seed: 4 }).apply(t, { training: true }) as tf.Tensor),
    )(input);
    const forward = await values(
      new SeededDropout({ rate: 0.25, seed: 4 }).apply(input, { training: true }) as tf.Tensor,
    );
    const xs = Array.from(await input.data());
    const g = await values(grad);
    g.forEach((gi, i) => {
      expect(gi).toBeCloseTo(forward[i] === 0 ? 0 : 1 / 0.75, 5);
      expect(forward[i]).toBeCloseTo(gi * (xs[i] as number), 5);
    });
    input.dispose();
  });

  it('survives a save / load round trip with its rate and seed', async () => {
    const inp = tfl.input({ shape: [3] });
    const out = new SeededDropout({ rate: 0.2, seed: 9, name: 'drop' }).apply(inp);
    const model = tfl.model({ inputs: inp, outputs: out as tfl.SymbolicTensor });
    let saved: tf.io.ModelArtifacts | undefined;
    await model.save(
      tf.io.withSaveHandler(async (artifacts) => {
        saved = artifacts;
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const loaded = await tfl.loadLayersModel(tf.io.fromMemory(saved as tf.io.ModelArtifacts));
    const layer = loaded.getLayer('drop');
    expect(layer).toBeInstanceOf(SeededDropout);
    expect(layer.getConfig()).toMatchObject({ rate: 0.2, seed: 9 });
    model.dispose();
    loaded.dispose();
  });

  it('does not leak tensors in training or inference calls', () => {
    const layer = new SeededDropout({ rate: 0.5, seed: 1 });
    const input = x();
    tf.dispose(layer.apply(input, { training: true }) as tf.Tensor);
    const before = tf.memory().numTensors;
    for (let i = 0; i < 20; i++) {
      tf.dispose(layer.apply(input, { training: true }) as tf.Tensor);
      tf.dispose(layer.apply(input) as tf.Tensor); // tfjs-layers returns a copy of `input`
    }
    expect(tf.memory().numTensors).toBe(before);
    input.dispose();
  });
});
