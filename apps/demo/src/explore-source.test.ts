import { afterEach, describe, expect, it, vi } from 'vitest';
import { DemoError } from './demo-error.js';
import { loadExportUrl } from './explore-source.js';

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Serves `json` as every URL's body. */
function serve(json: unknown): void {
  vi.stubGlobal('fetch', async () => new Response(JSON.stringify(json), { status: 200 }));
}

describe('loadExportUrl', () => {
  it('reports an export.json the parser refuses as EXPORT_BAD_FORMAT, naming the field', async () => {
    serve({ format: 'ae-export', formatVersion: 1, inputShape: [28, 28] });
    const error = await loadExportUrl('web/', 'https://example.org/demo/').catch((e) => e);
    expect(error).toBeInstanceOf(DemoError);
    expect((error as DemoError).code).toBe('EXPORT_BAD_FORMAT');
    expect((error as DemoError).message).toBe(
      "https://example.org/demo/web/export.json: inputShape must be [height, width, channels] of positive integers, got [28,28]. Re-create the folder with 'ae export'.",
    );
  });

  it('reports a newer format version with what to do', async () => {
    serve({ format: 'ae-export', formatVersion: 99 });
    const error = (await loadExportUrl('https://x.test/m', 'https://example.org/').catch(
      (e) => e,
    )) as DemoError;
    expect(error.code).toBe('EXPORT_BAD_FORMAT');
    expect(error.message).toContain('formatVersion must be at most 1 (update the page), got 99.');
  });
});
