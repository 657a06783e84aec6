/**
 * The production server (dist/server/entry.mjs: the launcher built with the app) against a real build, on this project's driver:
 * PGlite in a temporary DATA_DIR, or a fresh PostgreSQL database cloned from the run's template.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { FALLBACK_CSP, SECURITY_HEADERS } from '../../src/lib/server/http/security-headers.js';
import { ROOT, startServer, type RunningServer } from '../browser/support/server';
import { createTestDatabase, testDriver } from '../support/db';

const CLIENT_DIR = path.join(ROOT, 'dist', 'client');

function expectSecurityHeaders(response: Response, what: string) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
    expect(response.headers.get(name), `${name} on ${what}`).toBe(value);
  }
  expect(response.headers.get('content-security-policy'), `CSP on ${what}`).toBeTruthy();
  expect(response.headers.has('x-powered-by'), `X-Powered-By on ${what}`).toBe(false);
}

/** Sends raw bytes and returns the raw answer: for requests fetch() refuses to send. */
function rawRequest(url: string, request: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: hostname, port: Number(port) }, () => socket.end(request));
    let answer = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk) => (answer += chunk));
    socket.once('end', () => resolve(answer));
    socket.once('error', reject);
  });
}

/** A GET through node:http: the bytes as sent (fetch() would decode them). */
function rawGet(base: string, target: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    http
      .get(new URL(target, base), { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      })
      .on('error', reject);
  });
}

describe(`the production server on ${testDriver}`, () => {
  let server: RunningServer;
  let database: Database | undefined;
  // A response big enough to outlast the socket buffers while the client does not read it (the
  // SIGTERM test); put beside the build before the start, since the server lists the build's files once.
  const bigFile = `runtime-test-${process.pid}-${testDriver}.bin`;
  const bigFileSize = 64 * 1024 * 1024;

  beforeAll(async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    writeFileSync(path.join(CLIENT_DIR, bigFile), Buffer.alloc(bigFileSize, 1));
    const env: Record<string, string> = {};
    if (testDriver === 'postgres') {
      database = await createTestDatabase();
      Object.assign(env, {
        DATABASE_URL: database.url!,
        APP_SECRET: randomBytes(32).toString('base64url'),
        DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        PUBLIC_ORIGIN: 'https://wenming.test',
      });
    }
    server = await startServer({ env });
  }, 240_000);

  afterAll(async () => {
    await server?.stop('SIGKILL');
    await database?.close();
    rmSync(path.join(CLIENT_DIR, bigFile), { force: true });
  });

  it('answers /healthz and, once the database is open, /readyz', async () => {
    const health = await fetch(new URL('/healthz', server.url));
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(new URL('/readyz', server.url));
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('puts the security headers on pages, static assets, JSON and 404s, and no X-Powered-By', async () => {
    const asset = readdirSync(path.join(CLIENT_DIR, '_astro')).find((name) => /\.(js|css)$/.test(name));
    expect(asset, 'a built asset under dist/client/_astro').toBeTruthy();
    const targets = {
      'the home page': '/',
      'a static asset': `/_astro/${asset}`,
      'a JSON endpoint': '/healthz',
      'a missing page': '/no-such-page-here',
    };
    for (const [what, target] of Object.entries(targets)) {
      const response = await fetch(new URL(target, server.url), { redirect: 'manual' });
      await response.arrayBuffer();
      if (what === 'a missing page') expect(response.status).toBe(404);
      else if (what !== 'the home page') expect(response.status).toBe(200);
      expectSecurityHeaders(response, what);
      const csp = response.headers.get('content-security-policy')!;
      // HTML keeps Astro's policy with its script hashes; everything else gets the strict fallback.
      if (response.headers.get('content-type')?.startsWith('text/html')) {
        expect(csp, `Astro's CSP on ${what}`).toMatch(/script-src[^;]*'sha256-/);
      } else {
        expect(csp, `fallback CSP on ${what}`).toBe(FALLBACK_CSP);
      }
    }
  });

  it('puts them even on the 400 answered to a malformed URL', async () => {
    const answer = await rawRequest(server.url, 'GET /%E0%A4%A HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400/);
    expect(answer.toLowerCase()).toContain('x-content-type-options: nosniff');
    expect(answer.toLowerCase()).toContain("content-security-policy: default-src 'none'");
  });

  it('gives every response a request id, ignores ids sent by clients, and logs one line per request', async () => {
    const response = await fetch(new URL('/healthz?probe=1', server.url), { headers: { 'X-Request-Id': 'from-the-client' } });
    const id = response.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const line = await server.waitForLog((entry) => entry.msg === 'request' && entry.requestId === id);
    expect(line).toMatchObject({ level: 'info', method: 'GET', path: '/healthz', status: 200 });
    expect(typeof line.ms).toBe('number');
    expect(typeof line.time).toBe('string');
  });

  it('answers anonymous pages from the micro-cache but never stores or serves a logged-in render', async () => {
    const page = '/reports?micro-cache-test=1';
    const first = await fetch(new URL(page, server.url));
    const anonymous = await first.text();
    const second = await fetch(new URL(page, server.url));
    expect(second.headers.get('x-cache')).toBe('HIT');
    expect(await second.text()).toBe(anonymous);
    expect(anonymous).not.toContain('href="/reports/mine"');

    const login = await fetch(new URL('/api/v1/session', server.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ login: 'resident', password: 'wenming2026' }),
    });
    const cookie = login.headers
      .getSetCookie()
      .find((c) => c.startsWith('session='))!
      .split(';')[0]!;
    await login.arrayBuffer();
    const personal = await fetch(new URL(page, server.url), { headers: { cookie } });
    const personalBody = await personal.text();
    expect(personal.headers.get('x-cache')).toBeNull();
    expect(personal.headers.get('cache-control')).toBe('private, no-cache');
    expect(personalBody).toContain('href="/reports/mine"');

    // The login was a write: the cache forgot the page; the next anonymous render is anonymous again.
    const after = await fetch(new URL(page, server.url));
    expect(after.headers.get('x-cache')).toBe('MISS');
    expect(await after.text()).not.toContain('href="/reports/mine"');

    // The report form carries a key made for each render: never stored, never the same twice.
    const keys = [];
    for (let i = 0; i < 2; i++) {
      const form = await fetch(new URL('/reports/new', server.url), { headers: { cookie } });
      expect(form.headers.get('cache-control')).toBe('private, no-store');
      keys.push(/name="clientKey" value="([^"]+)"/.exec(await form.text())?.[1]);
    }
    expect(keys[0]).toBeTruthy();
    expect(keys[0]).not.toBe(keys[1]);
  });

  it('compresses pages and JSON for clients that take it, and sends static files precompressed at build time', async () => {
    const page = await rawGet(server.url, '/', { 'accept-encoding': 'gzip, br' });
    expect(page.headers['content-encoding']).toBe('br');
    expect(page.headers['vary']).toContain('Accept-Encoding');
    const json = await rawGet(server.url, '/api/v1/categories', { 'accept-encoding': 'gzip' });
    expect(json.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(json.body).toString())).toEqual(expect.any(Array));
    const script = readdirSync(path.join(CLIENT_DIR, '_astro')).find((name) => name.endsWith('.js') && readdirSync(path.join(CLIENT_DIR, '_astro')).includes(`${name}.br`))!;
    const asset = await rawGet(server.url, `/_astro/${script}`, { 'accept-encoding': 'br' });
    expect(asset.headers['content-encoding']).toBe('br');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.body.equals(readFileSync(path.join(CLIENT_DIR, '_astro', `${script}.br`)))).toBe(true);
    const plain = await rawGet(server.url, `/_astro/${script}`, {});
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it('on SIGTERM finishes the request in flight, refuses new ones, closes the database and exits 0', async () => {
    const name = bigFile;
    const size = bigFileSize;
    const bodyControl: { resume?: () => void } = {};
    const body = new Promise<number>((resolve, reject) => {
      http
        .get(new URL(`/${name}`, server.url), (response) => {
          response.pause();
          let received = 0;
          response.on('data', (chunk: Buffer) => (received += chunk.length));
          response.once('end', () => resolve(received));
          response.once('error', reject);
          // Resumed once the server has started draining (below).
          bodyControl.resume = () => response.resume();
        })
        .once('error', reject);
    });
    await expect.poll(() => bodyControl.resume, { timeout: 10_000 }).toBeTruthy();

    const stopped = server.stop('SIGTERM');
    // The download is still going: the server counts it in flight.
    expect(await server.waitForLog((line) => line.msg === 'shutting down')).toMatchObject({ inFlight: 1 });
    await expect(fetch(new URL('/healthz', server.url))).rejects.toThrow();
    bodyControl.resume!();

    expect(await body).toBe(size);
    expect((await stopped).code).toBe(0);
    const messages = server.logs.map((line) => line.msg);
    const requestLine = server.logs.find((line) => line.msg === 'request' && line.path === `/${name}`);
    expect(requestLine).toMatchObject({ status: 200 });
    expect(requestLine).not.toHaveProperty('aborted');
    const order = ['shutting down', 'server closed', 'database closed', 'exiting'].map((msg) => messages.indexOf(msg));
    expect(
      order.every((index) => index >= 0),
      server.output(),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(server.logs.indexOf(requestLine!)).toBeLessThan(messages.indexOf('server closed'));
  }, 60_000);
});

describe(`the production server with WEB_CONCURRENCY=2 on ${testDriver}`, () => {
  let database: Database | undefined;

  afterAll(async () => {
    await database?.close();
  });

  it(
    testDriver === 'postgres'
      ? 'serves from two processes sharing the port, and on SIGTERM drains both and exits 0'
      : 'runs one process and says why: PGlite belongs to one process',
    async () => {
      await buildIfStale({ quiet: true, log: () => {} });
      const env: Record<string, string> = { WEB_CONCURRENCY: '2' };
      if (testDriver === 'postgres') {
        database = await createTestDatabase();
        Object.assign(env, {
          DATABASE_URL: database.url!,
          APP_SECRET: randomBytes(32).toString('base64url'),
          DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
          PUBLIC_ORIGIN: 'https://wenming.test',
        });
      }
      const server = await startServer({ env });
      try {
        // New connections are handed to the workers in turn.
        for (let i = 0; i < 8; i++) {
          const response = await fetch(new URL('/', server.url), { headers: { connection: 'close' } });
          expect(response.status).toBe(200);
          await response.arrayBuffer();
        }
        const pids = new Set(server.logs.filter((line) => line.msg === 'request' && line.path === '/').map((line) => line.pid));
        if (testDriver === 'postgres') {
          expect(pids.size, server.output()).toBe(2);
        } else {
          expect(server.logs.some((line) => line.level === 'warn' && String(line.msg).startsWith('WEB_CONCURRENCY needs DATABASE_URL'))).toBe(true);
          expect([...pids]).toEqual([undefined]);
        }
      } finally {
        const { code } = await server.stop('SIGTERM');
        expect(code).toBe(0);
      }
      const exits = server.logs.filter((line) => line.msg === 'exiting');
      expect(exits.length, server.output()).toBe(testDriver === 'postgres' ? 3 : 1);
      if (testDriver === 'postgres') expect(server.logs.filter((line) => line.msg === 'database closed')).toHaveLength(2);
    },
    240_000,
  );
});
