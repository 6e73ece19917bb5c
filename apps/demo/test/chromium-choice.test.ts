import { accessSync, constants } from 'node:fs';
import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  ChromiumChoiceError,
  chooseChromium,
  LAUNCH_ARGS,
  type PackagedChromium,
} from './chromium-choice.js';

const packaged = (path: string): (() => Promise<PackagedChromium>) => {
  return async () => ({ executablePath: async () => path });
};

describe('chooseChromium', () => {
  it('takes the system browser when it is executable, without loading the package', async () => {
    const seen: string[] = [];
    const choice = await chooseChromium({
      systemPath: '/opt/chromium',
      isExecutable: (p) => {
        seen.push(p);
        return true;
      },
      loadPackaged: () => Promise.reject(new Error('must not be loaded')),
    });
    expect(seen).toEqual(['/opt/chromium']);
    expect(choice).toEqual({
      source: 'system',
      executablePath: '/opt/chromium',
      args: [...LAUNCH_ARGS],
    });
  });

  it('falls back to the npm package when the system browser is missing', async () => {
    const choice = await chooseChromium({
      isExecutable: () => false,
      loadPackaged: packaged('/tmp/chromium'),
    });
    expect(choice).toEqual({
      source: 'npm',
      executablePath: '/tmp/chromium',
      args: [...LAUNCH_ARGS],
    });
    expect(choice.args).toContain('--no-sandbox');
    expect(choice.args.some((a) => a.includes('SharedArrayBuffer'))).toBe(false);
  });

  it('says what to install when neither browser can be had', async () => {
    const failing = chooseChromium({
      systemPath: '/nowhere/chromium',
      isExecutable: () => false,
      loadPackaged: () => Promise.reject(new Error('unsupported platform')),
    });
    await expect(failing).rejects.toBeInstanceOf(ChromiumChoiceError);
    await expect(failing).rejects.toMatchObject({
      code: 'NO_CHROMIUM',
      message: expect.stringMatching(
        /\/nowhere\/chromium is missing.*unsupported platform.*apt-get install -y chromium/,
      ),
    });
  });

  it('on this machine: gives an executable browser that starts headless', async () => {
    const choice = await chooseChromium();
    expect(() => accessSync(choice.executablePath, constants.X_OK)).not.toThrow();
    const browser = await chromium.launch({
      executablePath: choice.executablePath,
      args: choice.args,
    });
    try {
      const page = await browser.newPage();
      await page.setContent('<p id="p">ready</p>');
      expect(await page.textContent('#p')).toBe('ready');
      expect(browser.version()).toMatch(/^\d+\./);
    } finally {
      await browser.close();
    }
  });
});
