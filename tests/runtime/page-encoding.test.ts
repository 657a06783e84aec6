/**
 * A rendered page's text becomes UTF-8 by transcoding its UTF-16 code units (patches/astro: about
 * half the time of TextEncoder on a page with Chinese text, issue 18). The bytes must be exactly
 * TextEncoder's, including a lone surrogate (U+FFFD), which transcode() refuses.
 */
import { experimental_AstroContainer as AstroContainer } from 'astro/container';
import { createComponent, render } from 'astro/runtime/server/index.js';
import { describe, expect, it } from 'vitest';

const pageOf = (text: string) => createComponent(() => render`<!DOCTYPE html><html lang="zh-CN"><body><main>${text}</main></body></html>`);

describe('a rendered page as UTF-8', () => {
  it.each([
    ['Chinese text and markup', '<p>占道经营 · 受理中 2026年12月6日</p>'.repeat(200)],
    ['ASCII only', 'plain text '.repeat(300)],
    ['a character outside the BMP', '好人好事 😀 '.repeat(300)],
    ['a lone surrogate', `${'文明城市 '.repeat(300)}\uD800 end`],
    ['a short page', '短'],
  ])('%s: the same bytes as TextEncoder', async (_name, text) => {
    const container = await AstroContainer.create();
    const response = await container.renderToResponse(pageOf(text));
    const bytes = new Uint8Array(await response.arrayBuffer());
    const expected = new TextEncoder().encode(
      `<!DOCTYPE html><html lang="zh-CN"><body><main>${text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}</main></body></html>`,
    );
    expect(Buffer.from(bytes).toString('utf8')).toBe(Buffer.from(expected).toString('utf8'));
    expect(Buffer.from(bytes).equals(Buffer.from(expected))).toBe(true);
    expect(response.headers.get('content-length')).toBe(String(expected.byteLength));
  });
});
