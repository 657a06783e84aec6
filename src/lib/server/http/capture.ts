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
  // Loosely typed: they are called with the arguments the app gave.
  type Loose = (this: ServerResponse, ...args: unknown[]) => unknown;
  const original = { writeHead: res.writeHead as unknown as Loose, write: res.write as unknown as Loose, end: res.end as unknown as Loose };
  const restore = () => Object.assign(res, original);
  let mode: 'undecided' | 'hold' | 'pass' = 'undecided';
  let status = 200;
  let statusMessage: string | undefined;
  let headers: Record<string, string | string[]> = {};
  const chunks: Buffer[] = [];
  let size = 0;
  let settle!: (outcome: CaptureOutcome) => void;
  const done = new Promise<CaptureOutcome>((resolve) => (settle = resolve));
  let settled = false;
  const finish = (outcome: CaptureOutcome) => {
    if (settled) return;
    settled = true;
    restore();
    settle(outcome);
  };

  const decide = (statusCode: number, reasonOrHeaders?: string | OutgoingHttpHeaders | OutgoingHttpHeader[], maybeHeaders?: OutgoingHttpHeaders | OutgoingHttpHeader[]) => {
    if (mode !== 'undecided') return;
    status = statusCode;
    statusMessage = typeof reasonOrHeaders === 'string' ? reasonOrHeaders : res.statusMessage || undefined;
    const given = typeof reasonOrHeaders === 'string' ? maybeHeaders : reasonOrHeaders;
    headers = mergeHeaders(res.getHeaders(), given);
    if (hold(status, headers)) {
      mode = 'hold';
      return;
    }
    mode = 'pass';
    restore();
    if (typeof reasonOrHeaders === 'string') original.writeHead.call(res, statusCode, reasonOrHeaders, maybeHeaders);
    else original.writeHead.call(res, statusCode, reasonOrHeaders);
  };

  const toBuffer = (chunk: unknown, encoding?: BufferEncoding) =>
    Buffer.isBuffer(chunk) ? chunk : typeof chunk === 'string' ? Buffer.from(chunk, encoding ?? 'utf8') : Buffer.from(chunk as Uint8Array);

  /** Too big to hold: what was held goes out now, and the rest streams. */
  const spill = () => {
    mode = 'pass';
    restore();
    original.writeHead.call(res, status, statusMessage, headers);
    for (const chunk of chunks) original.write.call(res, chunk);
    chunks.length = 0;
  };

  res.writeHead = function (statusCode: number, reason?: unknown, more?: unknown) {
    decide(statusCode, reason as string | OutgoingHttpHeaders, more as OutgoingHttpHeaders);
    return res;
  } as typeof res.writeHead;

  res.write = function (chunk: unknown, encodingOrCallback?: unknown, maybeCallback?: unknown) {
    if (mode === 'undecided') decide(res.statusCode);
    const callback = (typeof encodingOrCallback === 'function' ? encodingOrCallback : maybeCallback) as ((error?: Error | null) => void) | undefined;
    const encoding = typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : undefined;
    if (mode === 'pass') return original.write.call(res, chunk, encoding, callback);
    const buffer = toBuffer(chunk, encoding);
    chunks.push(buffer);
    size += buffer.length;
    if (callback) process.nextTick(callback);
    if (size > MAX_CAPTURE_BYTES) {
      spill();
      finish({ kind: 'passed' });
    }
    return true;
  } as typeof res.write;

  res.end = function (chunk?: unknown, encodingOrCallback?: unknown, maybeCallback?: unknown) {
    if (mode === 'undecided') decide(res.statusCode);
    if (mode === 'pass') return original.end.call(res, chunk, encodingOrCallback, maybeCallback);
    const callback = [chunk, encodingOrCallback, maybeCallback].find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (chunk !== undefined && chunk !== null && typeof chunk !== 'function') {
      const buffer = toBuffer(chunk, typeof encodingOrCallback === 'string' ? (encodingOrCallback as BufferEncoding) : undefined);
      chunks.push(buffer);
    }
    const kept: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(headers)) if (!NOT_KEPT.has(name)) kept[name] = value;
    finish({ kind: 'captured', response: { status, statusMessage, headers: kept, body: Buffer.concat(chunks) } });
    if (callback) res.once('finish', callback);
    return res;
  } as typeof res.end;

  // The client went away before the handler ended (or the handler destroyed the response).
  res.once('close', () => finish({ kind: 'passed' }));
  const failed = (error: unknown) => {
    // Whatever was held is dropped: the caller's error path answers (or ends) the response.
    if (!settled) finish({ kind: 'failed', error });
  };
  try {
    void Promise.resolve(handler(req, res)).then(() => {
      // Returned without ending what it held: send that much rather than hang.
      if (mode === 'hold' && !settled) {
        spill();
        original.end.call(res);
        finish({ kind: 'passed' });
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
