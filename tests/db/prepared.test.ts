import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectRows, shouldPrepare, type Database } from '../../db/client';
import { createTestDatabase, testDriver } from '../support/db';

describe('which queries are prepared', () => {
  it('prepares data queries, not DDL or session commands', () => {
    expect(shouldPrepare('select 1 as prepared_test_a')).toBe(true);
    expect(shouldPrepare('  WITH x as (select 1) select * from x')).toBe(true);
    expect(shouldPrepare('insert into t values ($1)')).toBe(true);
    expect(shouldPrepare('create table prepared_test (id int)')).toBe(false);
    expect(shouldPrepare('set statement_timeout = 1000')).toBe(false);
  });

  it('keeps a bounded number of query texts: a query with a varying number of placeholders cannot fill the statement cache', () => {
    const known = 'select 2 as prepared_test_known';
    expect(shouldPrepare(known)).toBe(true);
    let refused = 0;
    for (let i = 0; i < 3000; i++) if (!shouldPrepare(`select * from t where id in (${Array.from({ length: i + 1 }, (_, k) => `$${k + 1}`).join(', ')})`)) refused++;
    expect(refused).toBeGreaterThanOrEqual(1000);
    // Texts already prepared stay prepared.
    expect(shouldPrepare(known)).toBe(true);
  });
});

describe(`prepared queries on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('answer the same as before, again and again, with parameters and inside a transaction', async () => {
    for (let i = 0; i < 8; i++) {
      const rows = await selectRows<{ n: number }>(database.db, sql`select ${i}::int + 1 as n`);
      expect(rows).toEqual([{ n: i + 1 }]);
    }
    const inTx = await database.db.transaction(async (tx) => selectRows<{ n: number }>(tx, sql`select ${41}::int + 1 as n`));
    expect(inTx).toEqual([{ n: 42 }]);
  });
});
