/**
 * Encoding negotiation and the build's precompressed static files (src/lib/server/http/compress.ts).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { compressOnce, isCompressibleType, negotiateEncoding, precompressDirectory, precompressedVariant, windowBits } from '../../src/lib/server/http/compress';

describe('encoding negotiation', () => {
  it('prefers brotli, honours quality values and refusals, and reads *', () => {
    expect(negotiateEncoding('gzip, deflate, br, zstd')).toBe('br');
    expect(negotiateEncoding('gzip, deflate')).toBe('gzip');
    expect(negotiateEncoding('br;q=0.5, gzip;q=0.9')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip')).toBe('gzip');
    expect(negotiateEncoding('br;q=0, gzip;q=0')).toBeNull();
    expect(negotiateEncoding('*')).toBe('br');
    expect(negotiateEncoding('*, br;q=0')).toBe('gzip');
    expect(negotiateEncoding('identity')).toBeNull();
    expect(negotiateEncoding(undefined)).toBeNull();
    expect(negotiateEncoding('')).toBeNull();
  });

  it('compresses text the app writes and leaves images and CSV exports alone', () => {
    expect(isCompressibleType('text/html; charset=utf-8')).toBe(true);
    expect(isCompressibleType('application/json')).toBe(true);
    expect(isCompressibleType('application/geo+json')).toBe(true);
    expect(isCompressibleType('application/atom+xml')).toBe(true);
    expect(isCompressibleType('image/jpeg')).toBe(false);
    expect(isCompressibleType('text/csv; charset=utf-8')).toBe(false);
    expect(isCompressibleType(undefined)).toBe(false);
  });
});

describe('a body compressed for one request', () => {
  it('takes a brotli window that holds the whole body and comes back byte for byte', () => {
    expect(windowBits(0)).toBe(10);
    expect(windowBits(1008)).toBe(10);
    expect(windowBits(1009)).toBe(11);
    expect(windowBits(14_078)).toBe(14);
    expect(windowBits(100 * 2 ** 20)).toBe(24);
    for (const size of [1, 1_000, 1_009, 14_078, 70_000, 600_000]) {
      // Text that repeats from far back, so a window too small for the body would show in the bytes.
      const body = Buffer.from(Array.from({ length: size }, (_, i) => String.fromCharCode(65 + (((i * 7919) % 53) % 26))).join(''));
      expect(brotliDecompressSync(compressOnce(body, 'br')).equals(body)).toBe(true);
      expect(gunzipSync(compressOnce(body, 'gzip')).equals(body)).toBe(true);
    }
  });
});

describe('precompressed static files', () => {
  it('writes .br and .gz copies of text files over a kilobyte and picks the one a client takes', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'wenming-precompress-'));
    try {
      const script = 'export const greeting = "文明城市";\n'.repeat(200);
      writeFileSync(path.join(dir, 'app.js'), script);
      writeFileSync(path.join(dir, 'tiny.css'), 'a{}');
      writeFileSync(path.join(dir, 'photo.png'), Buffer.alloc(4096, 1));
      const totals = await precompressDirectory(dir);
      expect(totals.files).toBe(2);
      expect(brotliDecompressSync(readFileSync(path.join(dir, 'app.js.br'))).toString()).toBe(script);
      expect(gunzipSync(readFileSync(path.join(dir, 'app.js.gz'))).toString()).toBe(script);
      const files = new Set(['/app.js', '/app.js.br', '/app.js.gz', '/tiny.css', '/photo.png']);
      expect(precompressedVariant(files, '/app.js', 'gzip, br')).toEqual({ path: '/app.js.br', encoding: 'br' });
      expect(precompressedVariant(files, '/app.js', 'gzip')).toEqual({ path: '/app.js.gz', encoding: 'gzip' });
      expect(precompressedVariant(files, '/app.js', undefined)).toBeNull();
      expect(precompressedVariant(files, '/tiny.css', 'br')).toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
