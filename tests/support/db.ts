/**
 * A fresh, migrated database for one test file, on the driver this Vitest project runs
 * (TEST_DB=pglite or postgres). PostgreSQL databases are cloned from the run's template,
 * which the global setup creates and drops (see tests/support/global-postgres.ts).
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { migrateDatabase, openDatabase, type Database } from '../../db/client';

export const testDriver = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';

export function adminUrl(): string {
  return process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
}

export function databaseUrl(name: string): string {
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

export async function createTestDatabase(): Promise<Database> {
  if (testDriver === 'pglite') {
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
