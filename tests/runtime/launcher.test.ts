/**
 * The launcher's own error handling, against a fake build whose handler fails on purpose: a copy of
 * scripts/serve.mjs in a temporary tree next to a dist/server/entry.mjs written here.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_HEADERS } from '../../src/lib/server/http/security-headers.js';
import { ROOT, startServer, type RunningServer } from '../browser/support/server';

const FAKE_ENTRY = `
export function handler(req, res) {
  const path = req.url.split('?')[0];
  if (path === '/readyz') { res.setHeader('Content-Type', 'application/json'); res.end('{"status":"ready"}'); return; }
  if (path === '/throw') throw new Error('thrown outside Astro');
  if (path === '/reject') return Promise.reject(new Error('rejected outside Astro'));
  if (path === '/midway') { res.writeHead(200, { 'Content-Type': 'text/plain' }); res.write('half'); throw new Error('failed after the headers'); }
  if (path === '/powered') { res.setHeader('X-Powered-By', 'Express'); res.writeHead(200, { 'x-powered-by': 'PHP' }); res.end('ok'); return; }
  res.statusCode = 404;
  res.end();
}
`;

describe('the launcher around a failing build', () => {
  let tree: string;
  let server: RunningServer;

  beforeAll(async () => {
    tree = mkdtempSync(path.join(tmpdir(), 'wenming-launcher-'));
    for (const file of ['scripts/serve.mjs', 'src/lib/server/http/security-headers.js']) {
      mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
      cpSync(path.join(ROOT, file), path.join(tree, file));
    }
    symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
    mkdirSync(path.join(tree, 'dist', 'server'), { recursive: true });
    writeFileSync(path.join(tree, 'dist', 'server', 'entry.mjs'), FAKE_ENTRY);
    mkdirSync(path.join(tree, 'dist', 'client', '_astro'), { recursive: true });
    writeFileSync(path.join(tree, 'dist', 'client', '_astro', 'app.abc123.css'), 'body{}');
    server = await startServer({ script: path.join(tree, 'scripts', 'serve.mjs') });
  });

  afterAll(async () => {
    await server?.stop('SIGKILL');
    rmSync(tree, { recursive: true, force: true });
  });

  for (const target of ['/throw', '/reject']) {
    it(`answers 500 without a stack trace when the handler fails (${target}), and logs the stack`, async () => {
      const response = await fetch(new URL(target, server.url));
      expect(response.status).toBe(500);
      const body = await response.text();
      expect(body).toBe('Internal Server Error');
      expect(response.headers.get('x-content-type-options')).toBe(SECURITY_HEADERS['X-Content-Type-Options']);
      const line = await server.waitForLog((entry) => entry.msg === 'unhandled error' && entry.path === target);
      expect(String(line.stack)).toContain('outside Astro');
    });
  }

  it('serves the build\'s files itself, hashed assets cached for good, and sends other paths to the app', async () => {
    const asset = await fetch(new URL('/_astro/app.abc123.css', server.url));
    expect(asset.status).toBe(200);
    expect(await asset.text()).toBe('body{}');
    expect(asset.headers.get('content-type')).toMatch(/^text\/css/);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(asset.headers.get('x-content-type-options')).toBe(SECURITY_HEADERS['X-Content-Type-Options']);
    // Not a file of the build: the app answers (the fake one says 404).
    const missing = await fetch(new URL('/_astro/app.other.css', server.url));
    expect(missing.status).toBe(404);
    await missing.arrayBuffer();
  });

  it('cuts the connection when the handler fails after sending headers', async () => {
    // A truncated body must not pass for a whole one: the client sees the connection fail.
    await expect(fetch(new URL('/midway', server.url)).then((response) => response.text())).rejects.toThrow();
  });

  it('removes any X-Powered-By, however it was set', async () => {
    const response = await fetch(new URL('/powered', server.url));
    expect(response.status).toBe(200);
    expect(response.headers.has('x-powered-by')).toBe(false);
  });

  it('exits 0 on SIGTERM, saying no database was open', async () => {
    const { code } = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(server.logs.map((line) => line.msg)).toContain('database was never opened');
  });
});

describe('the launcher with WEB_CONCURRENCY=2 around a build that cannot load', () => {
  it('stops with exit code 1 instead of starting workers again and again', () => {
    const tree = mkdtempSync(path.join(tmpdir(), 'wenming-launcher-broken-'));
    try {
      for (const file of ['scripts/serve.mjs', 'src/lib/server/http/security-headers.js']) {
        mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
        cpSync(path.join(ROOT, file), path.join(tree, file));
      }
      symlinkSync(path.join(ROOT, 'node_modules'), path.join(tree, 'node_modules'));
      mkdirSync(path.join(tree, 'dist', 'server'), { recursive: true });
      mkdirSync(path.join(tree, 'dist', 'client'), { recursive: true });
      writeFileSync(path.join(tree, 'dist', 'server', 'entry.mjs'), "throw new Error('a broken build');\n");
      const run = spawnSync(process.execPath, [path.join(tree, 'scripts', 'serve.mjs')], {
        cwd: tree,
        env: { ...process.env, WEB_CONCURRENCY: '2', DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none', PORT: '0', HOST: '127.0.0.1' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status, run.stdout + run.stderr).toBe(1);
      expect(run.stderr).toContain('a worker could not start: stopping');
      expect(run.stdout).toContain('"msg":"exiting","code":1');
    } finally {
      rmSync(tree, { recursive: true, force: true });
    }
  }, 60_000);
});
