/**
 * The micro-cache: for about a second, each process answers anonymous GET and HEAD requests for the
 * same page from one render, so that a crowd arriving at the same few pages costs one render per
 * page per second instead of one per visitor.
 *
 * What may be stored (everything else goes to the app as before):
 * - requests: GET or HEAD, no Authorization header, and no cookie but those a page may vary on
 *   (`VARY_COOKIES`, the language; a session cookie, or any cookie we do not know, means no cache);
 * - responses: 200, a text type, no Set-Cookie, no `Cache-Control` private / no-store / no-cache
 *   (pages with per-visitor content, such as a form carrying a per-render token, say so), no Vary
 *   beyond what the key covers.
 * The key is the path and query, the language the request negotiates (cookie, else
 * Accept-Language) and the value of every cookie in `VARY_COOKIES`. Concurrent misses for a key wait
 * for the first render (single flight); a write answered by this process (any other method) empties
 * the cache once its response is out, and a render that began before a write is not kept. Other
 * instances see the write within the TTL. A response that may not be stored makes its key pass
 * straight to the app for one TTL, so that requests do not queue behind renders they cannot share.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { negotiateLocale } from '../../../i18n/negotiate';
import type { CapturedResponse } from './capture';
import { compressBody, type Encoding, isCompressibleType } from './compress';

/** Cookies a page may vary on, so they go into the key (any other cookie turns the cache off). */
export const VARY_COOKIES = ['lang', 'textsize'] as const;

/** The request headers a stored page varies on, for caches in front of us. */
export const STORED_VARY = ['Accept-Encoding', 'Accept-Language', 'Cookie'];

export interface MicroCacheOptions {
  /** How long a render is served, in ms; 0 turns the cache off. */
  ttlMs: number;
  /** Most pages kept at once (expired ones are dropped first, then the oldest). */
  maxEntries?: number;
  /** Largest body kept. */
  maxBodyBytes?: number;
  now?: () => number;
}

export interface CacheEntry {
  response: CapturedResponse;
  /** Strong validator of the body as stored (encoded copies add their suffix). */
  etag: string;
  storedAt: number;
  expiresAt: number;
  /** Compressed copies, made on first demand. */
  encoded: Map<Encoding, Promise<Buffer>>;
}

/** What the first request for a key gets: it renders and then publishes what others may share. */
export interface Flight {
  publish(entry: CacheEntry | null): void;
}

export class MicroCache {
  readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly maxBodyBytes: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, CacheEntry>();
  /** Keys whose last response could not be stored, until when. */
  private readonly passing = new Map<string, number>();
  private readonly flights = new Map<string, Promise<CacheEntry | null>>();
  /** Bumped by every write; a render begun under an older generation is not stored. */
  private generation = 0;

  constructor(options: MicroCacheOptions) {
    this.ttlMs = Math.max(0, options.ttlMs);
    this.maxEntries = options.maxEntries ?? 500;
    this.maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.ttlMs > 0;
  }

  /** The key for a request that may be answered from the cache, or null when it may not. */
  keyFor(req: IncomingMessage): string | null {
    if (!this.enabled) return null;
    if (req.method !== 'GET' && req.method !== 'HEAD') return null;
    if (req.headers.authorization) return null;
    const cookies = parseCookies(req.headers.cookie);
    if (cookies === null) return null;
    for (const name of cookies.keys()) if (!(VARY_COOKIES as readonly string[]).includes(name)) return null;
    const acceptLanguage = req.headers['accept-language'];
    const locale = negotiateLocale(cookies.get('lang'), typeof acceptLanguage === 'string' ? acceptLanguage : null);
    const varied = VARY_COOKIES.map((name) => cookies.get(name) ?? '').join('\u0001');
    return `${locale}\u0000${varied}\u0000${req.url ?? '/'}`;
  }

  /** A fresh stored answer for the key. */
  lookup(key: string): CacheEntry | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  /** Whether the key's last response could not be stored (so requests go straight to the app). */
  isPassing(key: string): boolean {
    const until = this.passing.get(key);
    if (until === undefined) return false;
    if (until > this.now()) return true;
    this.passing.delete(key);
    return false;
  }

  /**
   * Joins the render under way for the key, or starts one: `{ wait }` for a follower (null: the
   * render could not be shared, so render yourself), `{ flight }` for the first, which must publish.
   */
  join(key: string): { wait: Promise<CacheEntry | null> } | { flight: Flight } {
    const pending = this.flights.get(key);
    if (pending) return { wait: pending };
    let resolve!: (entry: CacheEntry | null) => void;
    this.flights.set(key, new Promise<CacheEntry | null>((r) => (resolve = r)));
    const generation = this.generation;
    return {
      flight: {
        publish: (entry) => {
          this.flights.delete(key);
          if (entry && generation !== this.generation) entry = null;
          if (entry) this.store(key, entry);
          else this.passing.set(key, this.now() + this.ttlMs);
          resolve(entry);
        },
      },
    };
  }

  /** A response as a cache entry when it may be shared with every anonymous visitor, else null. */
  entryFor(response: CapturedResponse): CacheEntry | null {
    if (!storable(response, this.maxBodyBytes)) return null;
    const storedAt = this.now();
    const etag = '"' + createHash('sha1').update(response.body).digest('base64url').slice(0, 22) + '"';
    return { response, etag, storedAt, expiresAt: storedAt + this.ttlMs, encoded: new Map() };
  }

  /** A write in this process: nothing rendered before it is served again. */
  invalidate(): void {
    this.generation++;
    this.entries.clear();
    this.passing.clear();
  }

  /** How many answers are stored; for tests and metrics. */
  get size(): number {
    return this.entries.size;
  }

  private store(key: string, entry: CacheEntry): void {
    if (this.entries.size >= this.maxEntries) {
      const now = this.now();
      for (const [oldKey, old] of this.entries) if (old.expiresAt <= now) this.entries.delete(oldKey);
      // Still full: drop the oldest (a Map iterates in insertion order).
      while (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value!);
    }
    if (this.passing.size >= this.maxEntries) this.passing.clear();
    this.entries.delete(key);
    this.entries.set(key, entry);
  }
}

/** The encoded copy of a stored body, made once per entry. */
export function encodedBody(entry: CacheEntry, encoding: Encoding): Promise<Buffer> {
  let body = entry.encoded.get(encoding);
  if (!body) {
    body = compressBody(entry.response.body, encoding);
    entry.encoded.set(encoding, body);
    body.catch(() => entry.encoded.delete(encoding));
  }
  return body;
}

const UNSHAREABLE = /(^|,)\s*(private|no-store|no-cache)\b/i;

/** The rules for a response every anonymous visitor may get (see the file's comment). */
export function storable(response: CapturedResponse, maxBodyBytes = Infinity): boolean {
  const { status, headers, body } = response;
  if (status !== 200) return false;
  if (headers['set-cookie'] !== undefined) return false;
  if (headers['content-encoding'] !== undefined) return false;
  const contentType = headers['content-type'];
  if (!isCompressibleType(typeof contentType === 'string' ? contentType : undefined)) return false;
  const cacheControl = headers['cache-control'];
  if (cacheControl !== undefined && UNSHAREABLE.test(String(cacheControl))) return false;
  const vary = headers['vary'];
  if (vary !== undefined) {
    const allowed = STORED_VARY.map((name) => name.toLowerCase());
    for (const name of String(vary).split(',')) if (!allowed.includes(name.trim().toLowerCase())) return false;
  }
  return body.length <= maxBodyBytes;
}

/** Cookie names and values; null when the header cannot be read (then nothing is cached). */
function parseCookies(header: string | string[] | undefined): Map<string, string> | null {
  const cookies = new Map<string, string>();
  if (header === undefined) return cookies;
  for (const part of (Array.isArray(header) ? header.join(';') : header).split(';')) {
    const trimmed = part.trim();
    if (!trimmed) continue;
    const eq = trimmed.indexOf('=');
    if (eq <= 0) return null;
    const name = trimmed.slice(0, eq).trim();
    if (cookies.has(name)) return null;
    cookies.set(name, trimmed.slice(eq + 1).trim());
  }
  return cookies;
}
