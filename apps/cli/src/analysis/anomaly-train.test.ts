import { describe, expect, it } from 'vitest';
import { ANOMALY_CONV_PRESET, anomalyPreset, copyWarning } from './anomaly-train.js';

describe('ae anomaly model choice', () => {
  it('trains conv-ae with the bottlenecked preset unless --preset says otherwise', () => {
    expect(ANOMALY_CONV_PRESET).toBe('bottleneck-conv-ae');
    expect(anomalyPreset({ model: 'conv-ae' })).toBe('bottleneck-conv-ae');
    expect(anomalyPreset({ model: 'conv-ae', preset: 'keras-conv-ae' })).toBe('keras-conv-ae');
    expect(anomalyPreset({ model: 'ae' })).toBeUndefined();
    expect(anomalyPreset({ model: 'vae', preset: 'torch-conv-vae' })).toBe('torch-conv-vae');
  });

  it('warns when the code holds as many numbers as an example, or more', () => {
    const image = [28, 28, 1];
    expect(copyWarning({ latentDim: 64, inputShape: image })).toBeUndefined();
    expect(copyWarning({ latentDim: 783, inputShape: image })).toBeUndefined();
    expect(copyWarning({ latentDim: 784, inputShape: image })).toMatch(
      /^warning: the model's code holds 784 numbers for 784-number examples, so it can copy anomalies too/,
    );
    expect(copyWarning({ latentDim: 3136, inputShape: image })).toMatch(/holds 3136 numbers/);
    expect(copyWarning({ latentDim: 3, inputShape: [3] })).toMatch(/holds 3 numbers for 3-number/);
  });
});
