/**
 * The production shape: two instances on one PostgreSQL and one S3 bucket (s3rver), behind nginx
 * (Debian's, installed by `npm run pretest`) running the shipped deploy/nginx.conf with this test's
 * ports. A session from one instance works on the other; a photo uploaded through one is served by
 * the other; failed log-ins count across both by the address nginx saw, whatever X-Forwarded-For a
 * client forges; an instance stopped with SIGTERM loses no read sent through nginx, and none of
 * reads and writes when it is first taken out of the upstream (`down`, reload) as the README says.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { ROOT, startServer, type RunningServer } from '../browser/support/server';
import { download, emptyDatabase, logIn, newSecrets, submitReport, type EmptyDatabase } from '../support/instances';
import { startTestS3, type TestS3 } from '../support/s3';

const NGINX = '/usr/sbin/nginx';

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** deploy/nginx.conf with our instances in the upstream and our port in `listen`; everything else as shipped. */
function templated(listenPort: number, instancePorts: number[], down: number[] = []): string {
  const shipped = readFileSync(path.join(ROOT, 'deploy', 'nginx.conf'), 'utf8');
  const serverLine = /^(\s*)server 127\.0\.0\.1:\d+( [^;]*)?;\n/m;
  const match = serverLine.exec(shipped);
  if (!match) throw new Error('deploy/nginx.conf has no "server 127.0.0.1:<port> …;" line in its upstream');
  const lines = instancePorts.map((port) => `${match[1]}server 127.0.0.1:${port}${match[2] ?? ''}${down.includes(port) ? ' down' : ''};\n`).join('');
  const withUpstream = shipped.replace(new RegExp(serverLine.source, 'gm'), '').replace(/(upstream wenming \{\n(?:\s*#.*\n)*)/, `$1${lines}`);
  if (!/^\s*listen 80;$/m.test(withUpstream)) throw new Error('deploy/nginx.conf has no "listen 80;" line');
  return withUpstream.replace(/^(\s*)listen 80;$/m, `$1listen 127.0.0.1:${listenPort};`);
}

interface Nginx {
  url: string;
  errors(): string;
  /** Rewrites the upstream (instances marked `down` get nothing new) and reloads nginx, as an operator would. */
  reload(instancePorts: number[], down?: number[]): Promise<void>;
  stop(): Promise<void>;
}

/** nginx in the foreground, all its files in a temporary folder, the site included in its http block. */
async function startNginx(instancePorts: number[]): Promise<Nginx> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wenming-nginx-'));
  for (const temp of ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(path.join(dir, temp));
  const port = await freePort();
  writeFileSync(path.join(dir, 'wenming.conf'), templated(port, instancePorts));
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    [
      'daemon off;',
      // As root, workers would run as nobody and could not write the temporary folders.
      ...(process.getuid?.() === 0 ? ['user root;'] : []),
      'worker_processes 1;',
      `pid ${dir}/nginx.pid;`,
      `error_log ${dir}/error.log warn;`,
      'events { worker_connections 256; }',
      'http {',
      `  access_log ${dir}/access.log;`,
      ...['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((temp) => `  ${temp === 'body' ? 'client_body' : temp}_temp_path ${dir}/${temp};`),
      `  include ${dir}/wenming.conf;`,
      '}',
      '',
    ].join('\n'),
  );
  const check = spawnSync(NGINX, ['-t', '-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
  if (check.status !== 0) throw new Error(`nginx -t refused the configuration:\n${check.stderr}`);
  const child: ChildProcess = spawn(NGINX, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const url = `http://127.0.0.1:${port}`;
  const errors = () => stderr + (existsSync(path.join(dir, 'error.log')) ? readFileSync(path.join(dir, 'error.log'), 'utf8') : '');
  const deadline = Date.now() + 10_000;
  for (;;) {
    const up = await fetch(new URL('/healthz', url)).then(
      (response) => response.arrayBuffer().then(() => true),
      () => false,
    );
    if (up) break;
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`nginx did not start:\n${errors()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  /** nginx's worker processes (children of the master, this child). */
  const workers = () => (spawnSync('pgrep', ['-P', String(child.pid)], { encoding: 'utf8' }).stdout ?? '').trim().split('\n').filter(Boolean);
  return {
    url,
    errors,
    async reload(instancePorts, down = []) {
      writeFileSync(path.join(dir, 'wenming.conf'), templated(port, instancePorts, down));
      const old = workers();
      child.kill('SIGHUP');
      // Done when the old worker (finishing what it had in flight) has gone and a new one serves.
      const until = Date.now() + 15_000;
      for (;;) {
        const now = workers();
        if (now.length > 0 && !now.some((pid) => old.includes(pid))) return;
        if (Date.now() > until) throw new Error(`nginx did not reload:\n${errors()}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      // SIGQUIT: graceful; the master takes its worker with it.
      child.kill('SIGQUIT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
      process.off('exit', killOnExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const portOf = (server: RunningServer) => Number(new URL(server.url).port);

/** The paths an instance logged answering, with their status. */
const served = (server: RunningServer, path: string) => server.logs.filter((line) => line.msg === 'request' && line.path === path).map((line) => line.status);

describe('two instances behind nginx', () => {
  let database: EmptyDatabase;
  let s3: TestS3;
  let a: RunningServer;
  let b: RunningServer;
  let c: RunningServer | undefined;
  let env: Record<string, string>;
  let nginx: Nginx;

  beforeAll(async () => {
    if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: run npm run pretest (it installs Debian's nginx)`);
    await buildIfStale({ quiet: true, log: () => {} });
    database = await emptyDatabase('wenming_nginx');
    s3 = await startTestS3();
    env = {
      DATABASE_URL: database.url,
      ...newSecrets(),
      PUBLIC_ORIGIN: 'https://wenming.test',
      DEMO_MODE: 'true',
      TRUST_PROXY: '1',
      SHUTDOWN_DELAY_MS: '1000',
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    };
    // One after the other: the first migrates and seeds, the second finds it done.
    a = await startServer({ env });
    b = await startServer({ env });
    nginx = await startNginx([portOf(a), portOf(b)]);
  }, 300_000);

  afterAll(async () => {
    await nginx?.stop();
    await a?.stop('SIGKILL');
    await b?.stop('SIGKILL');
    await c?.stop('SIGKILL');
    await s3?.close();
    await database?.drop();
  });

  it('keeps a session made on one instance valid on the other', async () => {
    const cookie = await logIn(a.url, 'resident');
    const me = await fetch(new URL('/api/v1/me', b.url), { headers: { cookie } });
    expect(me.status).toBe(200);
    expect(JSON.stringify(await me.json())).toContain('resident');
  });

  it('serves a photo uploaded through one instance from the other, and through nginx', async () => {
    const cookie = await logIn(a.url, 'resident');
    const { status, report } = await submitReport(a.url, cookie, '经由实例A上传的照片');
    expect(status).toBe(201);
    const photo = report.photos[0]!.url;
    const fromA = await download(a.url, photo);
    expect(fromA).toBeInstanceOf(Buffer);
    expect(await download(b.url, photo)).toEqual(fromA);
    for (let i = 0; i < 4; i++) expect(await download(nginx.url, photo)).toEqual(fromA);
  });

  it('passes its request id on, and counts failed log-ins across both instances by the address nginx saw, whatever X-Forwarded-For says', async () => {
    const through = await fetch(new URL('/healthz', nginx.url), { headers: { 'x-forwarded-for': '6.6.6.6' } });
    await through.arrayBuffer();
    // nginx's $request_id (32 hex digits), believed because nginx is the trusted proxy.
    expect(through.headers.get('x-request-id')).toMatch(/^[0-9a-f]{32}$/);

    // Failed log-ins with a new account name each time (no per-account throttle) and a new forged
    // address each time: the per-address allowance (20) is spent all the same, across both instances.
    const attempt = (i: number) =>
      fetch(new URL('/api/v1/session', nginx.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${i}` },
        body: JSON.stringify({ login: `nobody-${i}`, password: 'wrong-password' }),
      }).then(async (response) => {
        await response.arrayBuffer();
        return response.status;
      });
    const statuses = [];
    for (let i = 1; i <= 21; i++) statuses.push(await attempt(i));
    expect(statuses.every((status) => status === 401)).toBe(true);
    expect(await attempt(22)).toBe(429);
    // Both instances answered some of them.
    expect(served(a, '/api/v1/session').filter((status) => status === 401).length).toBeGreaterThan(0);
    expect(served(b, '/api/v1/session').filter((status) => status === 401).length).toBeGreaterThan(0);
  }, 60_000);

  /**
   * Clients asking through nginx in turn, bounded in count and time, until `during` has run: reads
   * (200) and, with `writes`, writes that nginx must not repeat on another instance once sent (a
   * report without a session: 401). A lost request is nginx's 502/504 or no answer (0).
   */
  /**
   * One request on a connection of its own: a browser repeats a request that met a keep-alive
   * connection closed under it (as nginx's reload closes its old worker's), fetch does not.
   */
  function ask(method: string, target: string, body?: string): Promise<number> {
    return new Promise((resolve) => {
      const request = http.request(
        new URL(target, nginx.url),
        { method, agent: false, timeout: 10_000, headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {} },
        (response) => {
          response.resume();
          response.once('end', () => resolve(response.statusCode ?? 0));
          response.once('error', () => resolve(0));
        },
      );
      request.once('timeout', () => request.destroy());
      request.once('error', () => resolve(0));
      request.end(body);
    });
  }

  async function underLoad(during: () => Promise<void>, { writes }: { writes: boolean }) {
    const results: { what: string; status: number }[] = [];
    let done = false;
    const started = Date.now();
    const client = async (n: number) => {
      for (let i = 0; i < 2_000 && Date.now() - started < 30_000; i++) {
        const what = writes && (i + n) % 2 === 1 ? 'write' : 'read';
        const status = await (what === 'read' ? ask('GET', '/api/v1/city') : ask('POST', '/api/v1/reports', 'description=x'));
        results.push({ what, status });
        if (done) break;
      }
    };
    const load = Promise.all(Array.from({ length: 8 }, (_, n) => client(n)));
    await new Promise((resolve) => setTimeout(resolve, 500));
    const before = results.length;
    await during();
    const after = results.length;
    // Some more after it is gone, all on the other instance.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    done = true;
    await load;
    expect(before).toBeGreaterThan(0);
    expect(results.length).toBeGreaterThan(after);
    const failed = results.filter(({ what, status }) => status !== (what === 'read' ? 200 : 401));
    expect(failed, `${failed.length} of ${results.length} requests failed\n${nginx.errors()}`).toEqual([]);
  }

  it('loses no read through nginx while an instance stops on SIGTERM (nginx asks the next one)', async () => {
    let stopped: { code: number | null } | undefined;
    await underLoad(async () => void (stopped = await a.stop('SIGTERM')), { writes: false });
    expect(stopped?.code).toBe(0);
    expect(served(a, '/api/v1/city').length).toBeGreaterThan(0);
    expect(served(b, '/api/v1/city').length).toBeGreaterThan(0);
  }, 90_000);

  it('loses no request, reads or writes, when an instance is taken out of nginx (reload) before its SIGTERM', async () => {
    c = await startServer({ env });
    const instance = c;
    await nginx.reload([portOf(b), portOf(instance)]);
    let stopped: { code: number | null } | undefined;
    await underLoad(
      async () => {
        // The upgrade step the README describes: mark it down, reload, then stop it.
        await nginx.reload([portOf(b), portOf(instance)], [portOf(instance)]);
        stopped = await instance.stop('SIGTERM');
      },
      { writes: true },
    );
    expect(stopped?.code).toBe(0);
    for (const server of [b, instance]) expect(served(server, '/api/v1/reports').length).toBeGreaterThan(0);
  }, 120_000);
});
