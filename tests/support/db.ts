/**
 * A fresh, migrated database for one test file, on the driver this Vitest project runs
 * (TEST_DB=pglite or postgres). PostgreSQL databases are cloned from the run's template,
 * which the global setup creates and drops (see tests/support/global-postgres.ts); PGlite ones are
 * loaded from the migrated data folder that tests/support/global-pglite.ts dumps once per run.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import postgres from 'postgres';
import { migrateDatabase, openDatabase, schema, type Database } from '../../db/client';

export const testDriver = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** The migrated PGlite data folder as a tarball, read once per test file. */
let pgliteSnapshot: Blob | undefined;

function readPgliteSnapshot(): Blob | undefined {
  const file = process.env.WENMING_PGLITE_SNAPSHOT;
  if (!pgliteSnapshot && file && existsSync(file)) pgliteSnapshot = new Blob([readFileSync(file)]);
  return pgliteSnapshot;
}

export async function createTestDatabase(): Promise<Database> {
  if (testDriver === 'pglite') {
    const snapshot = readPgliteSnapshot();
    if (snapshot) {
      const client = new PGlite({ loadDataDir: snapshot });
      await client.waitReady;
      return { db: drizzlePglite({ client, schema }), kind: 'pglite', close: () => client.close() };
    }
    // Without the global setup (a single file run from an editor, say): initdb and migrate here.
    const database = await openDatabase({});
    await migrateDatabase(database);
    return database;
  }
  const template = process.env.WENMING_TEST_TEMPLATE;
  if (!template) throw new Error('The PostgreSQL global setup did not run (WENMING_TEST_TEMPLATE unset).');
  const name = `${template}_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl(), { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(`create database "${name}" template "${template}"`);
  } finally {
    await admin.end();
  }
  const database = await openDatabase({ url: databaseUrl(name), maxConnections: 20 });
  return {
    ...database,
    async close() {
      await database.close();
      const cleanup = postgres(adminUrl(), { max: 1, onnotice: () => {} });
      try {
        await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * A second instance's handle on a test database, for races between instances: on PostgreSQL its own
 * connection pool to the same database; on PGlite (one process, one connection) the same handle, and
 * closing it leaves the database open.
 */
export async function secondInstance(database: Database): Promise<Database> {
  if (!database.url) return { ...database, close: async () => {} };
  return openDatabase({ url: database.url, maxConnections: 5 });
}
