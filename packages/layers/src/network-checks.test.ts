import { NUMBER_RULE_TEXT } from '@ae/core';
import { describe, expect, it } from 'vitest';
import { ACTIVATIONS, checkActivation } from './activation.js';
import {
  badArgument,
  checkImageShape,
  checkOneOf,
  checkPositiveInt,
  checkRate,
  checkWidths,
} from './network-checks.js';
import { NetworkError } from './network-error.js';

/** The error `call` throws, which must be a `NETWORK_BAD_ARGUMENT`. */
function refusal(call: () => unknown): NetworkError {
  try {
    call();
  } catch (e) {
    expect(e).toBeInstanceOf(NetworkError);
    expect((e as NetworkError).code).toBe('NETWORK_BAD_ARGUMENT');
    return e as NetworkError;
  }
  throw new Error('the check accepted a bad value');
}

describe('the argument checks', () => {
  it('return accepted values unchanged', () => {
    expect(checkPositiveInt('net', 'units', 3)).toBe(3);
    expect(checkWidths('net', 'hidden', [])).toEqual([]);
    expect(checkWidths('net', 'hidden', [512, 1])).toEqual([512, 1]);
    expect(checkRate('net', 'dropout', 0)).toBe(0);
    expect(checkRate('net', 'dropout', 0.999)).toBe(0.999);
    expect(checkOneOf('net', 'padding', 'valid', ['same', 'valid'])).toBe('valid');
    expect(checkImageShape('net', 'inputShape', [28, 28, 1])).toEqual([28, 28, 1]);
    for (const a of ACTIVATIONS) expect(checkActivation('net', 'activation', a)).toBe(a);
  });

  it("word the number rules as @ae/core does: the network, the field, the rule's text and the value", () => {
    const positive = NUMBER_RULE_TEXT['positive-integer'];
    for (const bad of [0, -2, 1.5, Number.NaN, '3', undefined, 2 ** 53]) {
      const e = refusal(() => checkPositiveInt('denseEncoder', 'latentDim', bad));
      expect(e.message).toMatch(new RegExp(`^denseEncoder: latentDim must be ${positive}, got `));
    }
    expect(refusal(() => checkPositiveInt('net', 'units', 0)).message).toBe(
      'net: units must be an integer ≥ 1, got 0.',
    );
    expect(refusal(() => checkPositiveInt('net', 'units', Number.NaN)).message).toBe(
      'net: units must be an integer ≥ 1, got NaN.',
    );
    for (const bad of [1, -0.1, Number.POSITIVE_INFINITY, '0.2']) {
      const e = refusal(() => checkRate('net', 'dropout', bad));
      expect(e.message).toMatch(/^net: dropout must be a number in \[0, 1\) such as 0\.2, got /);
    }
  });

  it('name the element of a list that fails', () => {
    expect(refusal(() => checkWidths('net', 'hidden', [3, -1])).message).toBe(
      'net: hidden[1] must be an integer ≥ 1, got -1.',
    );
    expect(refusal(() => checkWidths('net', 'hidden', 512)).message).toBe(
      'net: hidden must be an array of layer widths such as [512, 256], got 512.',
    );
    expect(refusal(() => checkImageShape('net', 'inputShape', [28, 28])).message).toBe(
      'net: inputShape must be [height, width, channels] such as [28, 28, 1], got [28,28].',
    );
    expect(refusal(() => checkImageShape('net', 'inputShape', [28, 0, 1])).message).toBe(
      'net: inputShape[1] must be an integer ≥ 1, got 0.',
    );
  });

  it('list the accepted names, quoted, with "or" for two', () => {
    expect(refusal(() => checkOneOf('net', 'padding', 'full', ['same', 'valid'])).message).toBe(
      `net: padding must be 'same' or 'valid', got "full".`,
    );
    expect(refusal(() => checkOneOf('net', 'mode', 3, ['a', 'b', 'c'])).message).toBe(
      `net: mode must be one of 'a', 'b', 'c', got 3.`,
    );
    expect(refusal(() => checkActivation('net', 'activation', 'gelu')).message).toBe(
      `net: activation must be one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}, got "gelu".`,
    );
  });

  it('badArgument throws the same sentence for checks of your own', () => {
    expect(refusal(() => badArgument('myNet', 'pool', '2 or left out', 3)).message).toBe(
      'myNet: pool must be 2 or left out, got 3.',
    );
  });
});
