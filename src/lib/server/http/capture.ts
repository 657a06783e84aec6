/**
 * Runs the app's Node handler against the real response while keeping what it writes, so that the
 * launcher can compress it, remember it (microcache.ts) or hand it to requests waiting for the same
 * page. Astro writes a page whole (writeHead, a write or a few, end); anything the launcher does not
 * want to touch (a streamed CSV export, a photo, a body already encoded) passes straight through as
 * soon as its head is known.
 */
import type { IncomingMessage, OutgoingHttpHeader, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** A whole response as the app wrote it, header names in lower case. */
export interface CapturedResponse {
  status: number;
  statusMessage?: string;
  headers: Record<string, string | string[]>;
  body: Buffer;
}

export type AppHandler = (req: IncomingMessage, res: ServerResponse) => unknown;

/**
 * Per-connection and per-request headers: never kept with a body that may go to another request.
 * (X-Request-Id is the launcher's, added to every response as it is sent.)
 */
const NOT_KEPT = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'date', 'x-request-id']);

/** Above this much, a response stops being held and streams on as it is. */
export const MAX_CAPTURE_BYTES = 4 * 1024 * 1024;

export type CaptureOutcome =
  /** Held whole: the caller sends it (the response has not been written). */
  | { kind: 'captured'; response: CapturedResponse }
  /** Written to the client as it came (not worth holding, or the handler failed or the client left). */
  | { kind: 'passed' }
  /** The handler threw or rejected; nothing of a held response was sent. */
  | { kind: 'failed'; error: unknown };

/** Where a response being captured keeps its capture (see `capturedWriteHead` and the two below). */
const CAPTURE = Symbol('wenming.capture');

type Loose = (this: ServerResponse, ...args: unknown[]) => unknown;
type CapturingResponse = ServerResponse & { [CAPTURE]?: Capture };

/*
 * The response's writeHead, write and end while it is captured: the same three functions for every
 * request, which find the request's capture on the response. A function made per request and set
 * on the response (a closure over the request's state) made V8's scavenger keep the whole request
 * (its rows, its rendered page) alive until the next full GC, and full GCs then came every second
 * or so under load, each stalling every request in flight (tests/runtime/gc-survival.test.ts).
 */
function capturedWriteHead(this: CapturingResponse, ...args: unknown[]): unknown {
  return this[CAPTURE]!.writeHead(args[0] as number, args[1] as string | OutgoingHttpHeaders, args[2] as OutgoingHttpHeaders);
}
function capturedWrite(this: CapturingResponse, ...args: unknown[]): unknown {
  return this[CAPTURE]!.write(args[0], args[1], args[2]);
}
function capturedEnd(this: CapturingResponse, ...args: unknown[]): unknown {
  return this[CAPTURE]!.end(args[0], args[1], args[2]);
}

/** One response being captured: what the app wrote so far, and whether it is held or passed on. */
class Capture {
  mode: 'undecided' | 'hold' | 'pass' = 'undecided';
  status = 200;
  statusMessage: string | undefined;
  headers: Record<string, string | string[]> = {};
  readonly chunks: Buffer[] = [];
  size = 0;
  settled = false;
  /** The response's own functions, put back when the capture ends (or passes the response on). */
  readonly original: { writeHead: Loose; write: Loose; end: Loose };

  constructor(
    readonly res: CapturingResponse,
    readonly hold: (status: number, headers: Record<string, string | string[]>) => boolean,
    readonly settle: (outcome: CaptureOutcome) => void,
  ) {
    this.original = { writeHead: res.writeHead as unknown as Loose, write: res.write as unknown as Loose, end: res.end as unknown as Loose };
  }

  restore(): void {
    Object.assign(this.res, this.original);
  }

  finish(outcome: CaptureOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.restore();
    this.settle(outcome);
  }

  decide(statusCode: number, reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], maybeHeaders?: OutgoingHttpHeaders | OutgoingHttpHeader[]): void {
    if (this.mode !== 'undecided') return;
    const res = this.res;
    this.status = statusCode;
    this.statusMessage = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : res.statusMessage || undefined;
    const given = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    this.headers = mergeHeaders(res.getHeaders(), given);
    if (this.hold(this.status, this.headers)) {
      this.mode = 'hold';
      return;
    }
    this.mode = 'pass';
    this.restore();
    if (typeof reasonOrHeaders === 'string') this.original.writeHead.call(res, statusCode, reasonOrHeaders, maybeHeaders);
    else this.original.writeHead.call(res, statusCode, reasonOrHeaders);
  }

  /** Too big to hold: what was held goes out now, and the rest streams. */
  spill(): void {
    this.mode = 'pass';
    this.restore();
    this.original.writeHead.call(this.res, this.status, this.statusMessage, this.headers);
    for (const chunk of this.chunks) this.original.write.call(this.res, chunk);
    this.chunks.length = 0;
  }

  writeHead(statusCode: number, reason?: string | OutgoingHttpHeaders, more?: OutgoingHttpHeaders): ServerResponse {
    this.decide(statusCode, reason, more);
    return this.res;
  }

  write(chunk: unknown, encodingOrCallback?: unknown, maybeCallback?: unknown): unknown {
    if (this.mode === 'undecided') this.decide(this.res.statusCode);
    const callback = (typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback) as ((error?: Error | null) => void) | undefined;
    const encoding = typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : undefined;
    if (this.mode === 'pass') return this.original.write.call(this.res, chunk, encoding, callback);
    const buffer = toBuffer(chunk, encoding);
    this.chunks.push(buffer);
    this.size += buffer.length;
    if (callback) process.nextTick(callback);
    if (this.size > MAX_CAPTURE_BYTES) {
      this.spill();
      this.finish({ kind: 'passed' });
    }
    return true;
  }

  end(chunk?: unknown, encodingOrCallback?: unknown, maybeCallback?: unknown): unknown {
    if (this.mode === 'undecided') this.decide(this.res.statusCode);
    if (this.mode === 'pass') return this.original.end.call(this.res, chunk, encodingOrCallback, maybeCallback);
    const callback = [chunk, encodingOrCallback, maybeCallback].find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      this.chunks.push(toBuffer(chunk, typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : undefined));
    }
    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(this.headers)) if (!NOT_KEPT.has(name)) kept[name] = value;
    this.finish({
      kind: 'captured',
      response: { status: this.status, statusMessage: this.statusMessage, headers: kept, body: this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks) },
    });
    if (callback) this.res.once('finish', callback);
    return this.res;
  }
}

/**
 * A written chunk as a Buffer, without copying bytes already in memory (a page is one Uint8Array
 * from Astro's TextEncoder): a writer must not change a chunk once written, as with node:http
 * itself. Each copy was another page-sized buffer outside V8's heap, and that churn is what set off
 * V8's full collections under load.
 */
function toBuffer(chunk: unknown, encoding?: BufferEncoding): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, encoding ?? 'utf8');
  const bytes = chunk as Uint8Array;
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/**
 * Calls `handler(req, res)` and holds its response when `hold(status, headers)` says so at
 * writeHead; otherwise the response goes out untouched. Resolves when the handler has ended its
 * response or given up.
 */
export function captureResponse(
  req: IncomingMessage,
  res: ServerResponse,
  handler: AppHandler,
  hold: (status: number, headers: Record<string, string | string[]>) => boolean,
): Promise<CaptureOutcome> {
  let settle!: (outcome: CaptureOutcome) => void;
  const done = new Promise<CaptureOutcome>((resolve) => (settle = resolve));
  const capture = new Capture(res, hold, settle);
  (res as CapturingResponse)[CAPTURE] = capture;
  res.writeHead = capturedWriteHead as unknown as typeof res.writeHead;
  res.write = capturedWrite as unknown as typeof res.write;
  res.end = capturedEnd as unknown as typeof res.end;

  // The client went away before the handler ended (or the handler destroyed the response).
  res.once('close', () => capture.finish({ kind: 'passed' }));
  const failed = (error: unknown) => {
    // Whatever was held is dropped: the caller's error path answers (or ends) the response.
    if (!capture.settled) capture.finish({ kind: 'failed', error });
  };
  try {
    void Promise.resolve(handler(req, res)).then(() => {
      // Returned without ending what it held: send that much rather than hang.
      if (capture.mode === 'hold' && !capture.settled) {
        capture.spill();
        capture.original.end.call(res);
        capture.finish({ kind: 'passed' });
      }
    }, failed);
  } catch (error) {
    failed(error);
  }
  return done;
}

/** The headers set with setHeader, overlaid with writeHead's own (an object or a flat array). */
function mergeHeaders(set: OutgoingHttpHeaders, given: OutgoingHttpHeaders | OutgoingHttpHeader[] | undefined): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  const put = (name: string, value: OutgoingHttpHeader | undefined) => {
    if (value === undefined) return;
    out[name.toLowerCase()] = Array.isArray(value) ? value.map(String) : String(value);
  };
  for (const [name, value] of Object.entries(set)) put(name, value);
  if (Array.isArray(given)) {
    if (Array.isArray(given[0])) for (const pair of given as unknown as [string, OutgoingHttpHeader][]) put(pair[0], pair[1]);
    else for (let i = 0; i + 1 < given.length; i += 2) put(String(given[i]), given[i + 1]);
  } else if (given) {
    for (const [name, value] of Object.entries(given)) put(name, value);
  }
  return out;
}
