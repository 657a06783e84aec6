/**
 * Compression for the launcher: brotli or gzip chosen from the request's Accept-Encoding, for the
 * text the app writes (HTML, JSON, XML, SVG...) when there is at least a kilobyte of it, and the
 * build's static files compressed once at build time (`precompressDirectory`, run by the
 * `wenming:precompress` integration in astro.config.mjs) so that serving them costs no CPU.
 */
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { BrotliCompress, brotliCompress, brotliCompressSync, constants, Gzip, gzip, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip';

/** Below this many bytes a compressed body saves less than it costs (and may even grow). */
export const MIN_COMPRESS_BYTES = 1024;

/** File name endings of the precompressed copies beside each static file. */
export const ENCODING_SUFFIX: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/**
 * The encoding to answer with: brotli when the client takes it, else gzip, else none. Quality
 * values are honoured (`q=0` refuses; the higher q wins, brotli on a tie); `*` stands for any
 * encoding not named.
 */
export function negotiateEncoding(acceptEncoding: string | string[] | undefined): Encoding | null {
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  if (!header) return null;
  const q = new Map<string, number>();
  for (const part of header.split(',')) {
    const [token, ...params] = part.trim().toLowerCase().split(';');
    if (!token) continue;
    let weight = 1;
    for (const param of params) {
      const [name, value] = param.trim().split('=');
      if (name === 'q') weight = Number(value);
    }
    if (!Number.isFinite(weight)) weight = 0;
    // The first mention counts (a repeated token does not override it).
    if (!q.has(token)) q.set(token, weight);
  }
  const weightOf = (encoding: Encoding) => q.get(encoding) ?? q.get(encoding === 'gzip' ? 'x-gzip' : '') ?? q.get('*') ?? 0;
  const br = weightOf('br');
  const gz = weightOf('gzip');
  if (br <= 0 && gz <= 0) return null;
  return br >= gz ? 'br' : 'gzip';
}

/** Media types worth compressing: text the app writes. CSV exports and calendars stream as they are. */
export function isCompressibleType(contentType: string | undefined): boolean {
  if (!contentType) return false;
  const type = contentType.split(';')[0]!.trim().toLowerCase();
  return (
    type === 'text/html' ||
    type === 'text/plain' ||
    type === 'text/css' ||
    type === 'text/javascript' ||
    type === 'text/xml' ||
    type === 'application/javascript' ||
    type === 'application/json' ||
    type === 'application/xml' ||
    type === 'image/svg+xml' ||
    type.endsWith('+json') ||
    type.endsWith('+xml')
  );
}

/**
 * One body compressed for a body kept and sent many times: `dynamic` (the default) for a page in the
 * micro-cache, brotli quality 5 or gzip level 6, about a millisecond on a page; `build` for the
 * build's files, the maximum. Runs on libuv's thread pool, so the event loop goes on serving
 * meanwhile. A body made for one request goes through `compressOnce` instead.
 */
export function compressBody(body: Buffer, encoding: Encoding, effort: 'dynamic' | 'build' = 'dynamic'): Promise<Buffer> {
  if (encoding === 'br') {
    return brotli(body, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: effort === 'build' ? constants.BROTLI_MAX_QUALITY : 5,
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      },
    });
  }
  return gzipAsync(body, { level: effort === 'build' ? 9 : 6 });
}

/** The smallest brotli window (2^bits - 16 bytes, 10 to 24 bits) that holds the whole body. */
export function windowBits(length: number): number {
  let bits = constants.BROTLI_MIN_WINDOW_BITS;
  while (bits < constants.BROTLI_MAX_WINDOW_BITS && (1 << bits) - 16 < length) bits++;
  return bits;
}

/** Below half of Buffer.poolSize (8 KB), so that Buffer.allocUnsafe takes it from the shared pool. */
const ONCE_CHUNK_BYTES = 4032;

/** What compressOnce uses of a zlib engine: the one-shot path Node's own *Sync functions take. */
interface OneShotEngine {
  _processChunk?: (chunk: Buffer, flushFlag: number) => Buffer;
  _finishFlushFlag: number;
  _outBuffer?: Buffer;
}

/**
 * A body made for one request (a signed-in page, never stored): brotli quality 1 or gzip level 1,
 * compressed at once on the event loop. On a 40 KB page that is about 0.06-0.09 ms of CPU and
 * 10-20% more bytes than quality 4 (0.25-0.5 ms); handing so small a job to the thread pool
 * (a zlib stream, callbacks) cost the event loop more than the compression itself. The brotli
 * window is the body's size rather than the default 4 MB (the same bytes out, less to set up:
 * 65 -> 46 us on a 14 KB page in Node 24).
 *
 * Memory: each call makes a zlib engine, as brotliCompressSync and gzipSync do, and V8's scavenger
 * keeps an engine alive until the next full GC (its native handle is held by a weak reference
 * that only a full GC clears), and with it the engine's output buffer. With zlib's 16 KB output
 * buffer that was 16 KB outside V8's heap per page, enough to set off a full collection every
 * second or two under load (issue 18). So the engine is made here, runs the same one-shot path
 * (`_processChunk`, which the *Sync functions call), and lets go of its buffer at once; the
 * buffers are ONCE_CHUNK_BYTES, small enough for Node's shared pool, rather than 16 KB.
 */
export function compressOnce(body: Buffer, encoding: Encoding): Buffer {
  const brotliOptions = {
    chunkSize: ONCE_CHUNK_BYTES,
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
      [constants.BROTLI_PARAM_LGWIN]: windowBits(body.length),
    },
  };
  const gzipOptions = { level: 1, chunkSize: ONCE_CHUNK_BYTES };
  const engine = (encoding === 'br' ? new BrotliCompress(brotliOptions) : new Gzip(gzipOptions)) as unknown as OneShotEngine;
  // A Node without the one-shot path: the public functions, at the old cost in memory.
  if (typeof engine._processChunk !== 'function') return encoding === 'br' ? brotliCompressSync(body, brotliOptions) : gzipSync(body, gzipOptions);
  const compressed = engine._processChunk(body, engine._finishFlushFlag);
  engine._outBuffer = undefined;
  return compressed;
}

/**
 * Static files compressed at build time, by their ending, with the type their compressed copies are
 * sent with. Images and fonts are compressed already.
 */
const PRECOMPRESSED_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

/** The Content-Type of a precompressed file's copies (named .br / .gz, they would pass for something else). */
export function precompressedType(pathname: string): string {
  return PRECOMPRESSED_TYPES[path.extname(pathname).toLowerCase()] ?? 'application/octet-stream';
}

/**
 * Writes `file.br` and `file.gz` beside every compressible file of at least MIN_COMPRESS_BYTES
 * under `dir`, keeping only the copies that come out smaller. Returns how many files it wrote.
 */
export async function precompressDirectory(dir: string): Promise<{ files: number; bytes: number; brotliBytes: number }> {
  const totals = { files: 0, bytes: 0, brotliBytes: 0 };
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  await Promise.all(
    entries
      .filter((entry) => entry.isFile() && path.extname(entry.name).toLowerCase() in PRECOMPRESSED_TYPES)
      .map(async (entry) => {
        const file = path.join(entry.parentPath, entry.name);
        if ((await stat(file)).size < MIN_COMPRESS_BYTES) return;
        const body = await readFile(file);
        for (const encoding of ['br', 'gzip'] as const) {
          const compressed = await compressBody(body, encoding, 'build');
          if (compressed.length >= body.length) continue;
          await writeFile(file + ENCODING_SUFFIX[encoding], compressed);
          totals.files++;
          if (encoding === 'br') {
            totals.bytes += body.length;
            totals.brotliBytes += compressed.length;
          }
        }
      }),
  );
  return totals;
}

/**
 * Which precompressed copy of a static file to send, if any: `staticFiles` is the set of the
 * build's files (paths from the client folder's root), `pathname` the one asked for.
 */
export function precompressedVariant(
  staticFiles: ReadonlySet<string>,
  pathname: string,
  acceptEncoding: string | string[] | undefined,
): { path: string; encoding: Encoding } | null {
  const hasBr = staticFiles.has(pathname + ENCODING_SUFFIX.br);
  const hasGz = staticFiles.has(pathname + ENCODING_SUFFIX.gzip);
  if (!hasBr && !hasGz) return null;
  const header = Array.isArray(acceptEncoding) ? acceptEncoding.join(',') : acceptEncoding;
  const preferred = negotiateEncoding(header);
  if (preferred === 'br' && hasBr) return { path: pathname + ENCODING_SUFFIX.br, encoding: 'br' };
  // A client that takes brotli but not gzip gets the file as it is when there is no .br.
  if (hasGz && negotiateEncoding(removeBr(header)) === 'gzip') return { path: pathname + ENCODING_SUFFIX.gzip, encoding: 'gzip' };
  return null;
}

function removeBr(header: string | undefined): string | undefined {
  return header
    ?.split(',')
    .filter((part) => part.trim().toLowerCase().split(';')[0] !== 'br')
    .join(',');
}

/** Whether the build's static file has compressed copies, so that its answer must say Vary: Accept-Encoding. */
export function hasPrecompressedVariants(staticFiles: ReadonlySet<string>, pathname: string): boolean {
  return staticFiles.has(pathname + ENCODING_SUFFIX.br) || staticFiles.has(pathname + ENCODING_SUFFIX.gzip);
}
