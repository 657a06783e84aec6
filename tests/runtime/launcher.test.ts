/**
 * The launcher's own request handling (src/server/http-server.ts and pipeline.ts), in this process,
 * around a fake app that fails on purpose; and the built launcher's cluster primary when its
 * workers cannot start.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { SECURITY_HEADERS } from '../../src/lib/server/http/security-headers.js';
import { createAppServer, type AppServer } from '../../src/server/http-server';
import { wrapHandler, type RequestHandler, type Wrapper } from '../../src/server/pipeline';
import { ROOT } from '../browser/support/server';

const fakeApp: RequestHandler = (req, res) => {
  const target = req.url!.split('?')[0];
  if (target === '/throw') throw new Error('thrown outside Astro');
  if (target === '/reject') return Promise.reject(new Error('rejected outside Astro'));
  if (target === '/midway') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.write('half');
    throw new Error('failed after the headers');
  }
  if (target === '/powered') {
    res.setHeader('X-Powered-By', 'Express');
    res.writeHead(200, { 'x-powered-by': 'PHP' });
    res.end('ok');
    return undefined;
  }
  res.statusCode = 404;
  res.end();
  return undefined;
};

/** Says which wrapper saw the request, to check their order. */
const tag =
  (name: string): Wrapper =>
  (next) =>
  (req, res) => {
    res.setHeader(`x-wrapped-${name}`, String(res.getHeaders()['x-order'] ?? ''));
    res.setHeader('x-order', `${res.getHeader('x-order') ?? ''}${name}`);
    return next(req, res);
  };

describe('the launcher around a failing app', () => {
  let clientDir: string;
  let app: AppServer;
  let url: string;

  beforeAll(async () => {
    clientDir = mkdtempSync(path.join(tmpdir(), 'wenming-launcher-'));
    mkdirSync(path.join(clientDir, '_astro'));
    writeFileSync(path.join(clientDir, '_astro', 'app.abc123.css'), 'body{}');
    app = createAppServer({ handler: wrapHandler(fakeApp, [tag('outer'), tag('inner')]), clientDir, trustProxy: { kind: 'none' } });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    app.server.closeAllConnections();
    await new Promise((resolve) => app.server.close(resolve));
    rmSync(clientDir, { recursive: true, force: true });
  });

  for (const target of ['/throw', '/reject']) {
    it(`answers 500 without a stack trace when the handler fails (${target})`, async () => {
      const response = await fetch(new URL(target, url));
      expect(response.status).toBe(500);
      expect(await response.text()).toBe('Internal Server Error');
      expect(response.headers.get('x-content-type-options')).toBe(SECURITY_HEADERS['X-Content-Type-Options']);
    });
  }

  it("serves the build's files itself, hashed assets cached for good, and sends other paths to the app", async () => {
    const asset = await fetch(new URL('/_astro/app.abc123.css', url));
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('body{}');
    expect(asset.headers.get('content-type')).toMatch(/^text\/css/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('x-content-type-options')).toBe(SECURITY_HEADERS['X-Content-Type-Options']);
    expect(asset.headers.has('x-order'), 'files of the build skip the app wrappers').toBe(false);
    // Not a file of the build: the app answers (the fake one says 404), through the wrappers, first listed outermost.
    const missing = await fetch(new URL('/_astro/app.other.css', url));
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-order')).toBe('outerinner');
    await missing.arrayBuffer();
  });

  it('cuts the connection when the handler fails after sending headers', async () => {
    // A truncated body must not pass for a whole one: the client sees the connection fail.
    await expect(fetch(new URL('/midway', url)).then((response) => response.text())).rejects.toThrow();
  });

  it('removes any X-Powered-By, however it was set', async () => {
    const response = await fetch(new URL('/powered', url));
    expect(response.status).toBe(200);
    expect(response.headers.has('x-powered-by')).toBe(false);
  });
});

describe('the built launcher with WEB_CONCURRENCY=2 when its workers cannot listen', () => {
  it('stops with exit code 1 instead of starting workers again and again', async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    // The port is taken: every worker fails before listening.
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server', 'entry.mjs')], {
        cwd: ROOT,
        env: {
          ...process.env,
          WEB_CONCURRENCY: '2',
          DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none',
          APP_SECRET: 'test-secret',
          DATA_ENCRYPTION_KEY: '0'.repeat(64),
          PUBLIC_ORIGIN: 'https://wenming.test',
          PORT: String(port),
          HOST: '127.0.0.1',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk) => (stdout += chunk));
      child.stderr.on('data', (chunk) => (stderr += chunk));
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      clearTimeout(timer);
      expect(code, stdout + stderr).toBe(1);
      expect(stderr).toContain('a worker could not start: stopping');
      expect(stdout).toContain('"msg":"exiting","code":1');
    } finally {
      blocker.close();
    }
  }, 240_000);

  it('refuses to start with a clear line when a setting is invalid', async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'server', 'entry.mjs')], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', WEB_CONCURRENCY: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(output).toMatch(/invalid settings/);
    expect(output).toContain('PORT');
    expect(output).toContain('WEB_CONCURRENCY');
  }, 240_000);
});
