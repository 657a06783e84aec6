/**
 * What an instance acknowledged survives its sudden death: a report answered 201 (and the session
 * that filed it) is there after `kill -9` and a restart, on the embedded PGlite and on PostgreSQL.
 * Then a DATA_ENCRYPTION_KEY rotation as the README describes it, on PostgreSQL: the new key with
 * the previous one beside it, `reencrypt`, the previous key removed; ID numbers read at each step.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { decryptIdNumber } from '../../src/lib/server/volunteers/secrets';
import { startServer, type RunningServer } from '../browser/support/server';
import { download, emptyDatabase, logIn, newSecrets, revealOwnIdNumber, runBuildCommand, submitReport, type EmptyDatabase } from '../support/instances';

beforeAll(async () => {
  await buildIfStale({ quiet: true, log: () => {} });
}, 240_000);

describe.each(['pglite', 'postgres'] as const)('kill -9 on %s', (driver) => {
  let dataDir: string;
  let database: EmptyDatabase | undefined;
  let env: Record<string, string>;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'wenming-durability-'));
    env = { DEMO_MODE: 'true', SHUTDOWN_DELAY_MS: '0' };
    if (driver === 'postgres') {
      database = await emptyDatabase();
      env = { ...env, DATABASE_URL: database.url, PUBLIC_ORIGIN: 'https://wenming.test', ...newSecrets() };
    }
  });

  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loses no acknowledged write', async () => {
    const first = await startServer({ dataDir, env });
    servers.push(first);
    const cookie = await logIn(first.url, 'resident');
    const filed = [];
    for (let i = 0; i < 3; i++) {
      const { status, report } = await submitReport(first.url, cookie, `第${i}次举报：消防通道被堵`);
      expect(status).toBe(201);
      filed.push(report);
    }
    // Killed right after the last answer: nothing flushed on the way out.
    const killed = await first.stop('SIGKILL');
    expect(killed.signal).toBe('SIGKILL');

    const second = await startServer({ dataDir, env });
    servers.push(second);
    for (const report of filed) {
      const response = await fetch(new URL(`/api/v1/reports/${report.id}`, second.url), { headers: { cookie } });
      expect(response.status).toBe(200);
      expect((await response.json()).report.id).toBe(report.id);
      expect(await download(second.url, report.photos[0]!.url)).toBeInstanceOf(Buffer);
    }
    // The session (written at log-in) survived too.
    const me = await fetch(new URL('/api/v1/me', second.url), { headers: { cookie } });
    expect(me.status).toBe(200);
    await me.arrayBuffer();
    expect((await second.stop('SIGTERM')).code).toBe(0);
  }, 240_000);
});

describe('rotating DATA_ENCRYPTION_KEY on PostgreSQL', () => {
  let database: EmptyDatabase;
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    database = await emptyDatabase();
  });

  afterAll(async () => {
    for (const server of servers) await server.stop('SIGKILL');
    await database?.drop();
  });

  it('reads ID numbers with the new key beside the old, re-encrypts them, and reads them with the new key alone', async () => {
    const { APP_SECRET, DATA_ENCRYPTION_KEY: oldKey } = newSecrets();
    const newKey = randomBytes(32).toString('base64');
    const base = { DATABASE_URL: database.url, PUBLIC_ORIGIN: 'https://wenming.test', DEMO_MODE: 'true', SHUTDOWN_DELAY_MS: '0', APP_SECRET };

    const before = await startServer({ env: { ...base, DATA_ENCRYPTION_KEY: oldKey } });
    servers.push(before);
    const original = await revealOwnIdNumber(before.url, await logIn(before.url, 'volunteer'));
    expect(original.status).toBe(200);
    expect(original.idNumber).toMatch(/^\d{17}[\dX]$/);
    expect((await before.stop('SIGTERM')).code).toBe(0);

    // Every instance gets the new key and keeps the old one as the previous.
    const rotating = { ...base, DATA_ENCRYPTION_KEY: newKey, DATA_ENCRYPTION_KEY_PREVIOUS: oldKey };
    const during = await startServer({ env: rotating });
    servers.push(during);
    const cookie = await logIn(during.url, 'volunteer');
    expect(await revealOwnIdNumber(during.url, cookie)).toEqual(original);

    const run = await runBuildCommand(['reencrypt'], rotating);
    expect(run.code, run.output).toBe(0);
    const line = run.output.split('\n').find((text) => text.includes('"msg":"re-encrypted"'));
    expect(JSON.parse(line!)).toMatchObject({ reencrypted: expect.any(Number), alreadyCurrent: 0 });
    expect(JSON.parse(line!).reencrypted).toBeGreaterThan(0);
    // A second run (after an interruption, say) finds nothing left to do.
    const again = await runBuildCommand(['reencrypt'], rotating);
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/"msg":"re-encrypted".*"reencrypted":0/);
    expect(await revealOwnIdNumber(during.url, cookie)).toEqual(original);
    expect((await during.stop('SIGTERM')).code).toBe(0);

    // Every stored ID number now opens with the new key alone.
    const sql = postgres(database.url, { max: 1, onnotice: () => {} });
    try {
      const rows = await sql<{ cipher: string }[]>`select id_number_cipher as cipher from volunteers`;
      expect(rows.length).toBeGreaterThan(0);
      const keys = { encryptionKey: Buffer.from(newKey, 'base64'), secret: APP_SECRET };
      for (const row of rows) expect(() => decryptIdNumber(keys, row.cipher)).not.toThrow();
    } finally {
      await sql.end();
    }

    const after = await startServer({ env: { ...base, DATA_ENCRYPTION_KEY: newKey } });
    servers.push(after);
    expect(await revealOwnIdNumber(after.url, cookie)).toEqual(original);
    expect((await after.stop('SIGTERM')).code).toBe(0);

    // An instance still holding only the old key refuses to become ready.
    const stale = await startServer({ env: { ...base, DATA_ENCRYPTION_KEY: oldKey }, waitForReady: false });
    servers.push(stale);
    await stale.waitForLog((entry) => entry.msg === 'database start-up failed: trying again in the background', 30_000);
    expect(stale.output()).toContain('DATA_ENCRYPTION_KEY does not match the fingerprint');
    const ready = await fetch(new URL('/readyz', stale.url));
    await ready.arrayBuffer();
    expect(ready.status).toBe(503);
  }, 300_000);
});
