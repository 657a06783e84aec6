/**
 * The launcher's micro-cache and compression (src/lib/server/http/respond.ts) in front of a small
 * stand-in for the app on a real node:http server: what is stored, what never is, single flight,
 * invalidation by writes, expiry on an injected clock, ETags and the negotiated encodings.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MicroCache } from '../../src/lib/server/http/microcache';
import { createAppResponder } from '../../src/lib/server/http/respond';

/** Long enough to compress: a page of about 4 KB. */
const padding = '<p>文明城市 civilized city</p>'.repeat(150);

let clock = 1_000_000;
let renders = 0;
let tokenCounter = 0;
let cache: MicroCache;
let baseUrl: string;
let server: http.Server;

/** The stand-in app, written the way Astro's node adapter writes: writeHead, write, end. */
async function app(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
  renders++;
  const url = new URL(req.url ?? '/', 'http://x');
  const cookie = req.headers.cookie ?? '';
  const session = /session=(\w+)/.exec(cookie)?.[1];
  const lang = /lang=en/.test(cookie) || (!/lang=/.test(cookie) && /^en/.test(req.headers['accept-language'] ?? '')) ? 'en' : 'zh-CN';
  if (url.pathname === '/slow') await new Promise((resolve) => setTimeout(resolve, 50));
  if (req.method === 'POST') {
    res.writeHead(303, { location: '/' });
    res.end();
    return;
  }
  if (url.pathname === '/small') {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<p>small</p>');
    return;
  }
  if (url.pathname === '/photo') {
    res.writeHead(200, { 'content-type': 'image/jpeg' });
    res.end(Buffer.alloc(5000, 7));
    return;
  }
  if (url.pathname === '/form') {
    // A form with a token made for this render: the page says it is private.
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'private, no-store' });
    res.end(`<form><input name="token" value="token-${++tokenCounter}"></form>${padding}`);
    return;
  }
  if (url.pathname === '/visitor-cookie') {
    // A page that hands out a per-visitor token in a cookie and in the page.
    const token = `visitor-${++tokenCounter}`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': [`visitor=${token}; HttpOnly`] });
    res.end(`<input name="token" value="${token}">${padding}`);
    return;
  }
  if (url.pathname === '/missing') {
    res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(`<h1>missing ${renders}</h1>${padding}`);
    return;
  }
  const who = session ? `<p class="who">signed in as ${session}, phone 13800000001</p>` : '<p class="who">anonymous</p>';
  const headers: Record<string, string> = { 'content-type': 'text/html; charset=utf-8' };
  // As the app's middleware does for a logged-in request.
  if (session) headers['cache-control'] = 'private, no-cache';
  res.writeHead(200, headers);
  res.write(`<html lang="${lang}"><body><h1>${url.pathname}${url.search}</h1>${who}<p>render ${renders}</p>`);
  res.write(padding);
  res.end('</body></html>');
}

beforeAll(async () => {
  cache = new MicroCache({ ttlMs: 1000, now: () => clock });
  const respond = createAppResponder({
    handler: app,
    cache,
    onError: (_req, res) => {
      res.statusCode = 500;
      res.end('Internal Server Error');
    },
  });
  server = http.createServer((req, res) => void respond(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

beforeEach(() => {
  cache.invalidate();
  clock += 10_000;
  renders = 0;
});

/** fetch() that asks for no encoding unless told, so bodies read as sent. */
function get(path: string, headers: Record<string, string> = {}, method = 'GET') {
  return fetch(baseUrl + path, { method, headers: { 'accept-encoding': 'identity', ...headers }, redirect: 'manual' });
}

/** Raw node:http GET, to see the encoded bytes fetch() would decode. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(baseUrl + path, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe('the micro-cache', () => {
  it('answers an anonymous page from one render for the TTL, then renders again', async () => {
    const first = await get('/reports');
    const firstBody = await first.text();
    expect(first.headers.get('x-cache')).toBe('MISS');
    const second = await get('/reports');
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.text()).toBe(firstBody);
    expect(renders).toBe(1);
    clock += 1001;
    const third = await get('/reports');
    expect(third.headers.get('x-cache')).toBe('MISS');
    await third.text();
    expect(renders).toBe(2);
  });

  it('renders once for many concurrent misses of the same page', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, () => get('/slow')));
    const bodies = await Promise.all(responses.map((response) => response.text()));
    expect(renders).toBe(1);
    expect(new Set(bodies).size).toBe(1);
    expect(responses.filter((response) => response.headers.get('x-cache') === 'MISS')).toHaveLength(1);
  });

  it('keys pages by path, query and language (cookie first, else Accept-Language)', async () => {
    const zh = await (await get('/reports?page=2')).text();
    const en = await (await get('/reports?page=2', { cookie: 'lang=en' })).text();
    const enByHeader = await (await get('/reports?page=2', { 'accept-language': 'en-GB,en;q=0.8' })).text();
    const other = await (await get('/reports?page=3')).text();
    expect(zh).toContain('lang="zh-CN"');
    expect(en).toContain('lang="en"');
    expect(enByHeader).toContain('lang="en"');
    expect(other).toContain('page=3');
    // zh page 2, en page 2 (cookie), en page 2 (header), zh page 3.
    expect(renders).toBe(4);
    expect((await get('/reports?page=2', { cookie: 'lang=en' })).headers.get('x-cache')).toBe('HIT');
  });

  it('never stores a logged-in render nor serves a stored page to a logged-in visitor', async () => {
    const personal = await get('/reports', { cookie: 'session=alice' });
    expect(await personal.text()).toContain('signed in as alice');
    expect(personal.headers.get('x-cache')).toBeNull();
    expect(cache.size).toBe(0);
    const anonymous = await (await get('/reports')).text();
    expect(anonymous).not.toContain('alice');
    expect(anonymous).not.toContain('13800000001');
    const bob = await get('/reports', { cookie: 'session=bob; lang=zh-CN' });
    const bobBody = await bob.text();
    expect(bobBody).toContain('signed in as bob');
    expect(bobBody).not.toContain('alice');
    expect(bob.headers.get('cache-control')).toBe('private, no-cache');
    expect(renders).toBe(3);
  });

  it('never stores a page whose form carries a token made for the render', async () => {
    const tokens = new Set<string>();
    for (let i = 0; i < 3; i++) {
      const response = await get('/form');
      expect(response.headers.get('x-cache')).not.toBe('HIT');
      tokens.add(/value="(token-\d+)"/.exec(await response.text())![1]!);
    }
    expect(tokens.size).toBe(3);
    expect(cache.size).toBe(0);
  });

  it('never stores a response that sets a cookie', async () => {
    const first = await get('/visitor-cookie');
    const second = await get('/visitor-cookie');
    expect(first.headers.get('set-cookie')).toContain('visitor=');
    expect(await first.text()).not.toBe(await second.text());
    expect(cache.size).toBe(0);
  });

  it('passes requests with cookies it does not know, Authorization or other methods straight to the app', async () => {
    await (await get('/reports', { cookie: 'text-size=large' })).text();
    await (await get('/reports', { authorization: 'Bearer x' })).text();
    await (await get('/reports', { cookie: 'lang=en; lang=zh-CN' })).text();
    expect(cache.size).toBe(0);
    expect(renders).toBe(3);
  });

  it('keeps no error pages', async () => {
    await (await get('/missing')).text();
    await (await get('/missing')).text();
    expect(renders).toBe(2);
  });

  it('forgets every page after a write answered by this process', async () => {
    await (await get('/reports')).text();
    await (await get('/')).text();
    expect(cache.size).toBe(2);
    const posted = await fetch(baseUrl + '/reports', { method: 'POST', redirect: 'manual' });
    await posted.text();
    // The cache empties once the write's response has closed.
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(cache.size).toBe(0);
    expect((await get('/reports')).headers.get('x-cache')).toBe('MISS');
  });

  it('does not keep a render that began before a write', async () => {
    const slow = get('/slow');
    await new Promise((resolve) => setTimeout(resolve, 10));
    await (await fetch(baseUrl + '/reports', { method: 'POST', redirect: 'manual' })).text();
    await (await slow).text();
    expect(cache.size).toBe(0);
  });

  it('answers HEAD from a stored page without a body, and never fills the cache with one', async () => {
    const head = await get('/reports', {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(cache.size).toBe(0);
    await (await get('/reports')).text();
    const stored = await get('/reports', {}, 'HEAD');
    expect(stored.headers.get('x-cache')).toBe('HIT');
    expect(await stored.text()).toBe('');
  });

  it('gives stored pages an ETag, a 304 for it, and cache headers for browsers and CDNs', async () => {
    const first = await get('/reports');
    await first.text();
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate, s-maxage=1');
    expect(first.headers.get('vary')).toBe('Accept-Encoding, Accept-Language, Cookie');
    const again = await get('/reports', { 'if-none-match': etag });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
  });
});

describe("compression of the app's answers", () => {
  it('sends brotli when accepted, gzip otherwise, with Vary and the right length', async () => {
    const plain = await (await get('/reports')).text();
    const br = await rawGet('/reports', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toContain('Accept-Encoding');
    expect(Number(br.headers['content-length'])).toBe(br.body.length);
    expect(br.body.length).toBeLessThan(plain.length / 3);
    expect(brotliDecompressSync(br.body).toString()).toBe(plain);
    expect(br.headers['etag']).toMatch(/-br"$/);
    const gz = await rawGet('/reports', { 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(plain);
  });

  it('compresses logged-in pages too, but not small bodies nor images', async () => {
    const personal = await rawGet('/reports', { 'accept-encoding': 'br', cookie: 'session=alice' });
    expect(personal.headers['content-encoding']).toBe('br');
    expect(brotliDecompressSync(personal.body).toString()).toContain('alice');
    const small = await rawGet('/small', { 'accept-encoding': 'br' });
    expect(small.headers['content-encoding']).toBeUndefined();
    expect(small.body.toString()).toBe('<p>small</p>');
    const photo = await rawGet('/photo', { 'accept-encoding': 'br' });
    expect(photo.headers['content-encoding']).toBeUndefined();
    expect(photo.body.length).toBe(5000);
  });

  it('sends the page as it is to a client that refuses both encodings', async () => {
    const refused = await rawGet('/reports', { 'accept-encoding': 'br;q=0, gzip;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(refused.body.toString()).toContain('<h1>/reports</h1>');
  });
});
