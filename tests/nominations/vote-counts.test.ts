/** Vote counts are shown only for rounds voted on this portal, so no one appears "elected with 0 votes". */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { nominationBallots } from '../../db/schema';
import { roundHasBallots } from '../../src/lib/server/nominations';
import { createTestDatabase, testDriver } from '../support/db';
import { createAccount, createRoundRow } from './fixtures';

describe(`vote counts of a round on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('tells a round voted here from one without any ballot', async () => {
    const db = database.db;
    const start = new Date('2026-11-01T09:00:00+08:00');
    const quiet = await createRoundRow(db, start, { title: '未投票' });
    const voted = await createRoundRow(db, start, { title: '已投票' });
    const voter = await createAccount(db);
    await db.insert(nominationBallots).values({ roundId: voted, userId: voter.id, ip: '127.0.0.1', picks: 1 });
    expect(await roundHasBallots(db, quiet)).toBe(false);
    expect(await roundHasBallots(db, voted)).toBe(true);
  });
});
