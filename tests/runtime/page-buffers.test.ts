/**
 * How many bytes outside V8's heap a page costs on its way out. Every ArrayBuffer's memory counts
 * towards V8's external memory, and enough of it set off a full collection about every second
 * under load, stalling every request in flight (issue 18). A rendered page (one Uint8Array from
 * Astro's TextEncoder) is now held as it is rather than copied twice, and a signed-in page is
 * compressed into buffers of about its compressed size rather than zlib's 16 KB.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import v8 from 'node:v8';
import vm from 'node:vm';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureResponse, type CapturedResponse } from '../../src/lib/server/http/capture';
import { compressOnce } from '../../src/lib/server/http/compress';

/** A page of the size and make-up of /reports/mine (14 KB of HTML, Chinese and markup), different each time. */
function page(seed: number): Uint8Array {
  const parts: string[] = [];
  for (let i = 0; parts.join('').length < 6_000; i++) {
    parts.push(
      `<li class="card report-card"><a href="/reports/${seed * 100 + i}">#${seed * 100 + i} 占道经营 ${(seed * 7919 + i * 104_729) % 100_000}</a><p class="muted">2026年12月${(i % 28) + 1}日 · 受理中</p></li>`,
    );
  }
  return new TextEncoder().encode(`<!doctype html><html lang="zh-CN"><body><ul>${parts.join('')}</ul></body></html>`);
}

describe('a rendered page on its way out', () => {
  let server: http.Server;
  let baseUrl: string;
  const captured: { written: Uint8Array[]; response: CapturedResponse }[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const written = req.url === '/two' ? [page(1), page(2)] : [page(3)];
      void captureResponse(
        req,
        res,
        (_req, response) => {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
          for (const chunk of written.slice(0, -1)) response.write(chunk);
          response.end(written.at(-1));
        },
        () => true,
      ).then((outcome) => {
        if (outcome.kind !== 'captured') throw new Error(outcome.kind);
        captured.push({ written, response: outcome.response });
        res.writeHead(200, { 'content-length': outcome.response.body.length });
        res.end(outcome.response.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('is held as the bytes the app wrote, not a copy of them', async () => {
    const body = Buffer.from(await (await fetch(`${baseUrl}/one`)).arrayBuffer());
    const { written, response } = captured.at(-1)!;
    expect(body.equals(Buffer.from(written[0]!))).toBe(true);
    expect(response.body.buffer, 'the captured body shares the written Uint8Array’s memory').toBe(written[0]!.buffer);
  });

  it('written in two pieces, comes out whole and in order', async () => {
    const body = Buffer.from(await (await fetch(`${baseUrl}/two`)).arrayBuffer());
    const { written } = captured.at(-1)!;
    expect(body.equals(Buffer.concat(written.map((chunk) => Buffer.from(chunk))))).toBe(true);
  });

  it('compressed for one request, takes about its compressed size in new buffers, not 16 KB', () => {
    const pages = Array.from({ length: 100 }, (_, i) => Buffer.from(page(i + 10)));
    for (const encoding of ['br', 'gzip'] as const) {
      let compressedBytes = 0;
      const before = process.memoryUsage().arrayBuffers;
      const outputs = pages.map((body) => compressOnce(body, encoding));
      const grown = process.memoryUsage().arrayBuffers - before;
      for (const [i, output] of outputs.entries()) {
        compressedBytes += output.length;
        expect((encoding === 'br' ? brotliDecompressSync(output) : gunzipSync(output)).equals(pages[i]!)).toBe(true);
      }
      // zlib's default 16 KB output buffer per call made this ~16,400 bytes a page.
      expect(grown / pages.length, `${encoding}: ${grown} bytes of new buffers for ${compressedBytes} compressed bytes`).toBeLessThan(8_192);
    }
  });

  it('compressed for one request, leaves no buffer of its own alive through a scavenge', () => {
    v8.setFlagsFromString('--expose-gc');
    const gc = vm.runInNewContext('gc') as (options?: { type: 'minor'; execution: 'sync' }) => void;
    const scavenge = () => {
      gc({ type: 'minor', execution: 'sync' });
      gc({ type: 'minor', execution: 'sync' });
    };
    const pages = Array.from({ length: 200 }, (_, i) => Buffer.from(page(i + 500)));
    // A full collection first, so that nothing left by earlier tests is freed during the measurement.
    gc();
    scavenge();
    const before = process.memoryUsage().arrayBuffers;
    let compressedBytes = 0;
    for (const body of pages) for (const encoding of ['br', 'gzip'] as const) compressedBytes += compressOnce(body, encoding).length;
    scavenge();
    const kept = process.memoryUsage().arrayBuffers - before;
    // brotliCompressSync and gzipSync leave their engine, and its output buffer, to the next full GC:
    // ~4-16 KB a call.
    expect(kept / (2 * pages.length), `${kept} bytes kept after ${2 * pages.length} calls (${compressedBytes} bytes out)`).toBeLessThan(1_024);
  });
});
