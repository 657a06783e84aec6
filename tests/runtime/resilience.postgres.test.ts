/**
 * The built server on PostgreSQL through a TCP relay the test breaks: a network partition
 * (blackhole), a restart (every connection cut), and a start-up while the database is unreachable;
 * then its SIGTERM drain delay. Photos live in a shared S3 bucket (s3rver).
 * Bounds are fetch deadlines: an answer that does not come in time fails the test.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { startServer, type RunningServer } from '../browser/support/server';
import { adminUrl, createTestDatabase } from '../support/db';
import { S3Storage } from '../../src/lib/server/storage/s3';
import { startTestS3, type TestS3 } from '../support/s3';
import { startTcpRelay, type TcpRelay } from '../support/tcp-relay';

const POOL = 4;
const STATEMENT_MS = 1500;
const METRICS_TOKEN = 'metrics-token-for-the-relay-test';

/** One sample of /metrics (this process has one pid label). */
async function metric(server: RunningServer, name: string): Promise<number> {
  const response = await fetch(new URL('/metrics', server.url), { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  const text = await response.text();
  const line = text.split('\n').find((entry) => entry.startsWith(`${name}{`) || entry.startsWith(`${name} `));
  if (!line) throw new Error(`${name} is not on /metrics:\n${text}`);
  return Number(line.slice(line.lastIndexOf(' ') + 1));
}

function throughRelay(databaseUrl: string, relay: TcpRelay): string {
  const url = new URL(databaseUrl);
  url.hostname = '127.0.0.1';
  url.port = String(relay.port);
  return url.toString();
}

async function setUp(options: { blackholed?: boolean } = {}) {
  await buildIfStale({ quiet: true, log: () => {} });
  const database = await createTestDatabase();
  const target = new URL(adminUrl());
  const relay = await startTcpRelay({ host: target.hostname, port: Number(target.port || 5432) });
  if (options.blackholed) relay.blackhole();
  const s3 = await startTestS3();
  const server = await startServer({
    waitForReady: !options.blackholed,
    env: {
      DATABASE_URL: throughRelay(database.url!, relay),
      APP_SECRET: randomBytes(32).toString('base64url'),
      DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
      DEMO_MODE: 'false',
      PUBLIC_ORIGIN: 'https://wenming.test',
      DATABASE_POOL_SIZE: String(POOL),
      DATABASE_CONNECT_TIMEOUT_MS: '1000',
      DATABASE_STATEMENT_TIMEOUT_MS: String(STATEMENT_MS),
      SHUTDOWN_DELAY_MS: '3000',
      METRICS_TOKEN,
      STORAGE: 's3',
      S3_ENDPOINT: s3.endpoint,
      S3_BUCKET: s3.bucket,
      S3_ACCESS_KEY_ID: s3.accessKeyId,
      S3_SECRET_ACCESS_KEY: s3.secretAccessKey,
    },
  });
  return { database, relay, server, s3 };
}

/** Stops what setUp started, as far as it got. */
async function tearDown(rig: { database?: Database; relay?: TcpRelay; server?: RunningServer; s3?: TestS3 }) {
  await rig.server?.stop('SIGKILL');
  await rig.relay?.close();
  await rig.database?.close();
  await rig.s3?.close();
}

/** GET with a deadline: rejects (failing the test) when no answer comes within `ms`. */
async function get(server: RunningServer, target: string, ms: number) {
  const response = await fetch(new URL(target, server.url), { signal: AbortSignal.timeout(ms) });
  const body = await response.text();
  return { status: response.status, body, retryAfter: response.headers.get('retry-after'), type: response.headers.get('content-type') };
}

/** Asks until the answer is 200, for at most `ms`. */
async function until200(server: RunningServer, target: string, ms: number) {
  await expect.poll(async () => (await get(server, target, 2_000).catch(() => ({ status: 0 }))).status, { timeout: ms, interval: 250 }).toBe(200);
}

describe('the portal on PostgreSQL through a relay that fails', () => {
  let database: Database;
  let relay: TcpRelay;
  let server: RunningServer;
  let s3: TestS3;

  beforeAll(async () => {
    ({ database, relay, server, s3 } = await setUp());
  }, 240_000);

  afterAll(() => tearDown({ database, relay, server, s3 }));

  it('during a network partition answers /readyz 503 within a second and requests 503 with Retry-After, then recovers by itself', async () => {
    expect((await get(server, '/api/v1/city', 5_000)).status).toBe(200);
    relay.blackhole();
    try {
      const ready = await get(server, '/readyz', 1_000);
      expect(ready.status).toBe(503);
      expect(ready.retryAfter).toBe('5');
      // Each request gives up within the statement timeout (plus the client's margin), never hangs.
      const api = await get(server, '/api/v1/city', STATEMENT_MS + 2_500);
      expect(api.status).toBe(503);
      expect(api.retryAfter).toBe('5');
      expect(JSON.parse(api.body)).toMatchObject({ error: { code: 'unavailable' } });
      const page = await get(server, '/reports', STATEMENT_MS + 2_500);
      expect(page.status).toBe(503);
      expect(page.type).toMatch(/^text\/html/);
      expect(page.body).toContain('暂时无法访问');
      expect(page.body).not.toMatch(/at .*\.(m?js|ts):\d+/);
    } finally {
      relay.restore();
    }
    await until200(server, '/readyz', 10_000);
    expect((await get(server, '/api/v1/city', 5_000)).status).toBe(200);
    expect(relay.maxOpen(), 'connections stay within the pool (plus the migration client at start)').toBeLessThanOrEqual(POOL + 1);
    // The pool's metrics saw it: its size, the queries, the ones given up; nothing left waiting.
    expect(await metric(server, 'wenming_db_pool_size')).toBe(POOL);
    expect(await metric(server, 'wenming_db_queries_total')).toBeGreaterThan(0);
    expect(await metric(server, 'wenming_db_timeouts_total')).toBeGreaterThan(0);
    expect(await metric(server, 'wenming_db_pool_waiting')).toBe(0);
    expect(await metric(server, 'wenming_db_pool_in_use')).toBeLessThanOrEqual(POOL);
  }, 60_000);

  it('after PostgreSQL drops every connection (a restart) serves again within seconds without a restart', async () => {
    relay.cut();
    await until200(server, '/readyz', 5_000);
    await until200(server, '/api/v1/city', 5_000);
    expect(relay.maxOpen()).toBeLessThanOrEqual(POOL + 1);
    expect(
      server.logs.some((line) => line.msg === 'unhandled error'),
      server.output(),
    ).toBe(false);
  }, 60_000);

  it('serves a public photo that another instance put in the shared bucket, and never a private one', async () => {
    const other = new S3Storage({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      bucket: s3.bucket,
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      forcePathStyle: true,
    });
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    await other.put('public/reports/0123abcd.jpg', bytes, 'image/jpeg');
    await other.put('private/reports/0123abcd.jpg', bytes, 'image/jpeg');
    other.destroy();
    const photo = await fetch(new URL('/media/reports/0123abcd.jpg', server.url));
    expect(photo.status).toBe(200);
    expect(photo.headers.get('content-type')).toBe('image/jpeg');
    expect(new Uint8Array(await photo.arrayBuffer())).toEqual(bytes);
    for (const target of ['/media/../private/reports/0123abcd.jpg', '/media/%2e%2e/private/reports/0123abcd.jpg', '/media/private/reports/0123abcd.jpg']) {
      const refused = await fetch(new URL(target, server.url));
      await refused.arrayBuffer();
      expect(refused.status, target).toBe(404);
    }
  });

  it('on SIGTERM answers /readyz 503 at once but serves requests through the drain delay, then exits 0', async () => {
    const stopped = server.stop('SIGTERM');
    await server.waitForLog((line) => line.msg === 'not ready: draining before closing', 5_000);
    expect(await get(server, '/readyz', 1_000)).toMatchObject({ status: 503 });
    const during = await fetch(new URL('/api/v1/city', server.url), { signal: AbortSignal.timeout(2_000) });
    await during.arrayBuffer();
    expect(during.status).toBe(200);
    // Keep-alive connections end after each answer, so a proxy holds none when the listener closes.
    expect(during.headers.get('connection')).toBe('close');
    expect((await stopped).code).toBe(0);
    const messages = server.logs.map((line) => line.msg);
    const order = ['not ready: draining before closing', 'shutting down', 'server closed', 'database closed', 'exiting'].map((msg) => messages.indexOf(msg));
    expect(
      order.every((index) => index >= 0),
      server.output(),
    ).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  }, 60_000);
});

describe('a start-up while PostgreSQL is unreachable', () => {
  let database: Database;
  let relay: TcpRelay;
  let server: RunningServer;
  let s3: TestS3;

  beforeAll(async () => {
    ({ database, relay, server, s3 } = await setUp({ blackholed: true }));
  }, 240_000);

  afterAll(() => tearDown({ database, relay, server, s3 }));

  it('answers every /readyz 503 within a second, retries in the background without a connection per probe, and becomes ready by itself', async () => {
    for (let i = 0; i < 8; i++) {
      const ready = await get(server, '/readyz', 1_000);
      expect(ready.status).toBe(503);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await server.waitForLog((line) => line.msg === 'database start-up failed: trying again in the background', 10_000);
    // A few attempts with growing delays, each closing what it opened; not one per probe.
    expect(relay.accepted()).toBeLessThanOrEqual(3);
    expect(relay.open()).toBeLessThanOrEqual(1);
    relay.restore();
    await until200(server, '/readyz', 20_000);
    expect((await get(server, '/api/v1/city', 5_000)).status).toBe(200);
  }, 60_000);
});
