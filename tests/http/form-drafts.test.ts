/** Input kept across the login detour: one browser's token, one page, once, for half an hour — on both drivers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { formDrafts } from '../../db/schema';
import { saveFormDraft, takeFormDraft } from '../../src/lib/server/http/form-drafts';
import { createTestDatabase, testDriver } from '../support/db';

describe(`form drafts on ${testDriver}`, () => {
  let database: Database;
  const now = new Date('2026-12-04T10:00:00+08:00');
  const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(async () => database?.close());

  it('gives the kept result back once, for its page only, within half an hour, and stores only the token hash', async () => {
    const db = database.db;
    const draft = { path: '/good-people/nominate', action: 'nominations.submit', result: '{"type":"data"}' };
    const token = (await saveFormDraft(db, draft, now))!;
    expect(token).toMatch(/^[\w-]{43}$/);
    expect((await db.select({ tokenHash: formDrafts.tokenHash }).from(formDrafts)).map((row) => row.tokenHash)).not.toContain(token);
    expect(await takeFormDraft(db, token, '/reports/new', later(1))).toBeNull();
    expect(await takeFormDraft(db, 'another-token', draft.path, later(1))).toBeNull();
    expect(await takeFormDraft(db, token, draft.path, later(1))).toEqual({ action: draft.action, result: draft.result });
    expect(await takeFormDraft(db, token, draft.path, later(2))).toBeNull();
    const stale = (await saveFormDraft(db, draft, now))!;
    expect(await takeFormDraft(db, stale, draft.path, later(31))).toBeNull();
    expect(await saveFormDraft(db, { ...draft, result: 'x'.repeat(70_000) }, now)).toBeNull();
  });
});
