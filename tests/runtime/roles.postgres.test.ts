/**
 * Production start-up on PostgreSQL: `npm run migrate` (the build's `migrate` command) with the
 * owner's credentials, then an instance as a least-privilege role (no DDL) that does not migrate at
 * start; and an instance whose APP_SECRET differs from the first one's, which refuses to be ready.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildIfStale } from '../../scripts/build-if-stale.mjs';
import { ROOT, startServer } from '../browser/support/server';
import { adminUrl, databaseUrl } from '../support/db';

const name = `wenming_roles_${randomBytes(4).toString('hex')}`;
const role = `${name}_app`;
const secrets = { APP_SECRET: randomBytes(32).toString('base64url'), DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'), PUBLIC_ORIGIN: 'https://wenming.test' };

function asRole(url: string, user: string): string {
  const parsed = new URL(url);
  parsed.username = user;
  parsed.password = 'app-password';
  return parsed.toString();
}

describe('a production start-up on PostgreSQL', () => {
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });

  beforeAll(async () => {
    await buildIfStale({ quiet: true, log: () => {} });
    await admin.unsafe(`create database "${name}"`);
    await admin.unsafe(`create role "${role}" login password 'app-password'`);
  }, 240_000);

  afterAll(async () => {
    await admin.unsafe(`drop database if exists "${name}" with (force)`);
    await admin.unsafe(`drop role if exists "${role}"`);
    await admin.end();
  });

  it('migrates with the owner, then runs as a role that may only read and write rows', async () => {
    const run = spawnSync(process.execPath, [path.join(ROOT, 'dist', 'server', 'entry.mjs'), 'migrate'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl(name), DEMO_MODE: 'false', ...secrets },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toContain('"msg":"migrated"');

    const owner = postgres(databaseUrl(name), { max: 1, onnotice: () => {} });
    try {
      await owner.unsafe(`grant usage on schema public, drizzle to "${role}"`);
      await owner.unsafe(`grant select, insert, update, delete on all tables in schema public to "${role}"`);
      await owner.unsafe(`grant usage, select on all sequences in schema public to "${role}"`);
      await owner.unsafe(`grant select on drizzle.__drizzle_migrations to "${role}"`);
    } finally {
      await owner.end();
    }

    const server = await startServer({
      env: { DATABASE_URL: asRole(databaseUrl(name), role), MIGRATE_ON_START: 'false', DEMO_MODE: 'false', SHUTDOWN_DELAY_MS: '0', ...secrets },
    });
    try {
      const city = await fetch(new URL('/api/v1/city', server.url));
      expect(city.status).toBe(200);
      // The role really has no DDL: migrating at start would have failed had there been anything to apply.
      const check = postgres(asRole(databaseUrl(name), role), { max: 1, onnotice: () => {} });
      try {
        await expect(check.unsafe('create table no_ddl_here (id int)')).rejects.toThrow(/permission denied/);
      } finally {
        await check.end();
      }
    } finally {
      expect((await server.stop('SIGTERM')).code).toBe(0);
    }
  }, 240_000);

  it('refuses to become ready, saying why, when APP_SECRET differs from the first instance', async () => {
    const server = await startServer({
      waitForReady: false,
      env: { DATABASE_URL: databaseUrl(name), DEMO_MODE: 'false', ...secrets, APP_SECRET: randomBytes(32).toString('base64url') },
    });
    try {
      const line = await server.waitForLog((entry) => entry.msg === 'database start-up failed: trying again in the background', 60_000);
      expect(String(line.error)).toContain('APP_SECRET does not match the fingerprint stored by the first instance');
      const ready = await fetch(new URL('/readyz', server.url), { signal: AbortSignal.timeout(1_000) });
      expect(ready.status).toBe(503);
    } finally {
      await server.stop('SIGKILL');
    }
  }, 120_000);
});
