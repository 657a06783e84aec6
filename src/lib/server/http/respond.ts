/**
 * How the launcher answers every request that is not a static file: through the micro-cache when
 * the request is anonymous, with the app's text compressed for the client (brotli or gzip, over a
 * kilobyte), ETags and 304s for stored pages, and the cache emptied after each write.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { forgetCachedReads } from '../cache';
import { type AppHandler, type CapturedResponse, captureResponse } from './capture';
import { compressOnce, type Encoding, isCompressibleType, MIN_COMPRESS_BYTES, negotiateEncoding } from './compress';
import { type CacheEntry, encodedBody, MicroCache, STORED_VARY } from './microcache';

export interface AppResponderOptions {
  /** The app; its failures reject the returned promise (after the cache has let go of them) unless onError is given. */
  handler: AppHandler;
  /** The micro-cache; absent or with a TTL of 0, every request renders. */
  cache?: MicroCache;
  /** Compress text answers (on by default). */
  compress?: boolean;
  /** The handler threw or rejected: answer the request. Absent, the error is thrown to the caller. */
  onError?: (req: IncomingMessage, res: ServerResponse, error: unknown) => void;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Holds what is worth touching: text the app wrote without an encoding of its own. */
function worthHolding(_status: number, headers: Record<string, string | string[]>): boolean {
  const type = headers['content-type'];
  return isCompressibleType(typeof type === 'string' ? type : undefined) && headers['content-encoding'] === undefined;
}

export function createAppResponder(options: AppResponderOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const { handler, cache, compress = true, onError } = options;

  async function render(req: IncomingMessage, res: ServerResponse): Promise<CapturedResponse | null> {
    const outcome = await captureResponse(req, res, handler, worthHolding);
    if (outcome.kind === 'captured') return outcome.response;
    if (outcome.kind === 'failed') {
      if (!onError) throw outcome.error;
      onError(req, res, outcome.error);
    }
    return null;
  }

  /** Renders for this request alone and sends it. */
  async function renderAndSend(req: IncomingMessage, res: ServerResponse, cacheStatus: string | null): Promise<void> {
    const response = await render(req, res);
    if (response) await send(req, res, response, null, cacheStatus);
  }

  async function send(req: IncomingMessage, res: ServerResponse, response: CapturedResponse, entry: CacheEntry | null, cacheStatus: string | null): Promise<void> {
    const headers: Record<string, string | string[]> = { ...response.headers };
    const type = headers['content-type'];
    const compressible = compress && isCompressibleType(typeof type === 'string' ? type : undefined) && headers['content-encoding'] === undefined;
    const vary = new Set<string>(varyOf(headers));
    if (compressible && response.body.length >= MIN_COMPRESS_BYTES) vary.add('Accept-Encoding');
    let etag: string | undefined;
    if (entry) {
      for (const name of STORED_VARY) vary.add(name);
      etag = entry.etag;
      // Browsers ask again each time (a 304 when unchanged); a CDN may keep it as long as we do.
      headers['cache-control'] ??= `public, max-age=0, must-revalidate, s-maxage=${Math.max(1, Math.round(cache!.ttlMs / 1000))}`;
    }
    if (vary.size) headers['vary'] = [...vary].join(', ');
    if (cacheStatus) headers['x-cache'] = cacheStatus;

    const encoding = compressible && response.body.length >= MIN_COMPRESS_BYTES ? negotiateEncoding(req.headers['accept-encoding']) : null;
    if (etag && encoding) etag = etag.slice(0, -1) + '-' + encoding + '"';
    if (etag) {
      headers['etag'] = etag;
      if (matchesIfNoneMatch(req.headers['if-none-match'], etag)) {
        delete headers['content-type'];
        delete headers['content-length'];
        res.writeHead(304, headers);
        res.end();
        return;
      }
    }
    let body = response.body;
    if (encoding) {
      body = entry ? await encodedBody(entry, encoding) : compressOnce(body, encoding);
      headers['content-encoding'] = encoding;
    }
    headers['content-length'] = String(body.length);
    if (res.destroyed) return;
    if (response.statusMessage) res.writeHead(response.status, response.statusMessage, headers);
    else res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** A stored page's answer per encoding, headers and body ready: a hit costs a lookup and a write. */
  const prepared = new WeakMap<CacheEntry, Map<string, Promise<{ headers: Record<string, string | string[]>; body: Buffer; etag: string }>>>();

  function prepare(entry: CacheEntry, encoding: Encoding | null) {
    let byEncoding = prepared.get(entry);
    if (!byEncoding) prepared.set(entry, (byEncoding = new Map()));
    const key = encoding ?? 'identity';
    let answer = byEncoding.get(key);
    if (!answer) {
      answer = (async () => {
        const { response } = entry;
        const headers: Record<string, string | string[]> = { ...response.headers };
        const vary = new Set<string>([...varyOf(headers), ...STORED_VARY]);
        headers['vary'] = [...vary].join(', ');
        headers['cache-control'] ??= `public, max-age=0, must-revalidate, s-maxage=${Math.max(1, Math.round(cache!.ttlMs / 1000))}`;
        headers['x-cache'] = 'HIT';
        const etag = encoding ? entry.etag.slice(0, -1) + '-' + encoding + '"' : entry.etag;
        headers['etag'] = etag;
        const body = encoding ? await encodedBody(entry, encoding) : response.body;
        if (encoding) headers['content-encoding'] = encoding;
        headers['content-length'] = String(body.length);
        return { headers, body, etag };
      })();
      byEncoding.set(key, answer);
      answer.catch(() => byEncoding.delete(key));
    }
    return answer;
  }

  /** A stored page: the encoding the client takes, a 304 when it has this one already. */
  async function sendHit(req: IncomingMessage, res: ServerResponse, entry: CacheEntry): Promise<void> {
    const { response } = entry;
    const encoding = compress && entry.response.body.length >= MIN_COMPRESS_BYTES ? negotiateCached(req.headers['accept-encoding']) : null;
    const answer = await prepare(entry, encoding);
    if (res.destroyed) return;
    if (matchesIfNoneMatch(req.headers['if-none-match'], answer.etag)) {
      const { 'content-type': _type, 'content-length': _length, ...rest } = answer.headers;
      (void _type, _length);
      res.writeHead(304, rest);
      res.end();
      return;
    }
    if (response.statusMessage) res.writeHead(response.status, response.statusMessage, answer.headers);
    else res.writeHead(response.status, answer.headers);
    res.end(req.method === 'HEAD' ? undefined : answer.body);
  }

  return async function respond(req, res) {
    // A write: nothing rendered or read before it is served again, from its start (so that no
    // page is served from before it) to the end of its response (its transaction committed, so
    // that no render that saw the old rows is kept).
    if (!SAFE_METHODS.has(req.method ?? 'GET')) {
      const forget = () => {
        cache?.invalidate();
        forgetCachedReads();
      };
      forget();
      res.once('close', forget);
    }
    const key = cache?.keyFor(req) ?? null;
    if (!cache || key === null) return renderAndSend(req, res, null);
    const hit = cache.lookup(key);
    if (hit) return sendHit(req, res, hit);
    // A HEAD is answered from a stored GET but never fills the cache; a key that could not be
    // stored lately goes straight through.
    if (req.method !== 'GET' || cache.isPassing(key)) return renderAndSend(req, res, 'PASS');
    const joined = cache.join(key);
    if ('wait' in joined) {
      const entry = await joined.wait;
      if (entry) return sendHit(req, res, entry);
      return renderAndSend(req, res, 'PASS');
    }
    let entry: CacheEntry | null = null;
    let response: CapturedResponse | null = null;
    try {
      response = await render(req, res);
      entry = response ? cache.entryFor(response) : null;
    } finally {
      joined.flight.publish(entry);
    }
    if (response) await send(req, res, response, entry, entry ? 'MISS' : 'PASS');
  };
}

function varyOf(headers: Record<string, string | string[]>): string[] {
  return String(headers['vary'] ?? '')
    .split(',')
    .map((name) => name.trim())
    .filter(Boolean);
}

/** Accept-Encoding values seen lately and what they negotiate (browsers send a handful of them). */
const negotiated = new Map<string, Encoding | null>();

function negotiateCached(header: string | string[] | undefined): Encoding | null {
  if (typeof header !== 'string') return negotiateEncoding(header);
  let encoding = negotiated.get(header);
  if (encoding === undefined) {
    encoding = negotiateEncoding(header);
    if (negotiated.size >= 100) negotiated.clear();
    negotiated.set(header, encoding);
  }
  return encoding;
}

/** Whether If-None-Match names the validator (weak comparison, as RFC 9110 asks for GET). */
function matchesIfNoneMatch(header: string | string[] | undefined, etag: string): boolean {
  if (!header) return false;
  const wanted = etag.replace(/^W\//, '');
  return String(header)
    .split(',')
    .some((candidate) => {
      const tag = candidate.trim();
      return tag === '*' || tag.replace(/^W\//, '') === wanted;
    });
}

/**
 * The micro-cache and compression as a wrapper of the launcher's app handler
 * (src/server/pipeline.ts): failures reach the launcher's error answer as before.
 */
export function cacheAndCompress(options: Omit<AppResponderOptions, 'handler' | 'onError'>): (next: AppHandler) => AppHandler {
  return (next) => createAppResponder({ ...options, handler: next });
}
