import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase, selectRows, type Database } from '../../db/client';
import { createTestDatabase, testDriver } from '../support/db';

describe(`migrations on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('creates every foundation table', async () => {
    const rows = await selectRows<{ table_name: string }>(database.db, sql`select table_name from information_schema.tables where table_schema = 'public' order by table_name`);
    const names = rows.map((row) => row.table_name);
    for (const table of ['areas', 'audit_log', 'departments', 'login_throttles', 'privacy_consents', 'sessions', 'settings', 'users']) {
      expect(names).toContain(table);
    }
  });

  it('can be applied again without changing anything', async () => {
    await expect(migrateDatabase(database)).resolves.toBeUndefined();
  });
});
