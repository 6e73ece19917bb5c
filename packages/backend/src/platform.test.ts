import { afterEach, describe, expect, it, vi } from 'vitest';
import { detectPlatform } from './platform.js';

describe('detectPlatform', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("is 'node' under Node.js", () => {
    expect(detectPlatform()).toBe('node');
  });

  it("is 'browser' when a window exists", () => {
    vi.stubGlobal('window', {});
    expect(detectPlatform()).toBe('browser');
  });

  it("is 'browser' when there is no Node process", () => {
    vi.stubGlobal('process', undefined);
    expect(detectPlatform()).toBe('browser');
  });
});
