import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { nominationRounds } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { createRound, noticeClosesAfter, noticeWorkingDays, updateRound, type RoundInput } from '../../src/lib/server/nominations';
import { loadCalendar } from '../../src/lib/server/calendar';
import { createTestDatabase, testDriver } from '../support/db';
import { createAccount } from './fixtures';

const city = (value: string) => new Date(`${value}+08:00`);

describe(`the public notice's length in working days on ${testDriver}`, () => {
  let database: Database;
  let office: Actor;

  beforeAll(async () => {
    database = await createTestDatabase();
    office = await createAccount(database.db, 'moderator');
  });
  afterAll(async () => database?.close());

  const input = (noticeOpensAt: string, noticeWorkingDays: number | undefined): RoundInput => ({
    kind: 'good_people',
    title: '公示期测试',
    picksPerAccount: 10,
    flaggedVotesPolicy: 'include',
    schedule: {
      nominationOpensAt: city('2026-09-01T09:00'),
      reviewOpensAt: city('2026-09-05T09:00'),
      votingOpensAt: city('2026-09-08T09:00'),
      votingClosesAt: city('2026-09-15T09:00'),
      noticeOpensAt: city(noticeOpensAt),
      noticeClosesAt: null,
    },
    noticeWorkingDays,
  });

  it('ends five working days after an ordinary Monday at the same time of day', async () => {
    const calendar = await loadCalendar(database.db);
    expect(noticeClosesAfter(city('2026-11-23T09:00'), 5, calendar)).toEqual(city('2026-11-30T09:00'));
  });

  it('skips the National Day holiday and counts the make-up Saturday as a working day', async () => {
    const calendar = await loadCalendar(database.db);
    // Opens Wed 30 Sept: 1–7 Oct are holidays; then 8, 9 Oct, Sat 10 Oct (worked, 调休), 12 and 13 Oct.
    expect(noticeClosesAfter(city('2026-09-30T10:00'), 5, calendar)).toEqual(city('2026-10-13T10:00'));
    expect(noticeWorkingDays(city('2026-09-30T10:00'), city('2026-10-13T10:00'), calendar)).toBe(5);
  });

  it('counts whole working days when the notice opens on a weekend or a holiday', async () => {
    const calendar = await loadCalendar(database.db);
    // Opens Saturday 21 Nov 15:00: Monday 23 to Friday 27 are the five days, so it closes as Friday ends.
    expect(noticeClosesAfter(city('2026-11-21T15:00'), 5, calendar)).toEqual(city('2026-11-28T00:00'));
    expect(noticeWorkingDays(city('2026-11-21T15:00'), city('2026-11-28T00:00'), calendar)).toBe(5);
    // Opens on National Day (a holiday): 8, 9, Sat 10 (worked) are the three days.
    expect(noticeClosesAfter(city('2026-10-02T09:00'), 3, calendar)).toEqual(city('2026-10-11T00:00'));
  });

  it('stores the computed end when the office creates a round, and recomputes it when the length changes', async () => {
    const created = await createRound(database.db, office, input('2026-09-16T09:00', 5));
    expect(created.ok).toBe(true);
    if (!created.ok) return;
    const [row] = await database.db.select().from(nominationRounds).where(eq(nominationRounds.id, created.round.id));
    // Wed 16 Sept + 5 working days: 17, 18, Sun 20 Sept (worked, 调休), 21 and 22 Sept.
    expect(row!.noticeClosesAt).toEqual(city('2026-09-22T09:00'));

    expect(await updateRound(database.db, office, created.round.id, input('2026-09-16T09:00', 8), undefined, city('2026-09-01T10:00'))).toEqual({ ok: true });
    const [updated] = await database.db.select().from(nominationRounds).where(eq(nominationRounds.id, created.round.id));
    // Three more working days: 23 and 24 Sept, then 25–27 Sept are the Mid-Autumn holiday, so 28 Sept.
    expect(updated!.noticeClosesAt).toEqual(city('2026-09-28T09:00'));
  });

  it('refuses a notice of no working days or of more than thirty', async () => {
    for (const days of [0, 31, Number.NaN, 2.5]) {
      expect(await createRound(database.db, office, input('2026-09-16T09:00', days))).toMatchObject({
        ok: false,
        fields: { noticeWorkingDays: 'nominations.round.noticeDays.invalid' },
      });
    }
  });

  it('still takes an explicit end when no length is given (the API and seeds)', async () => {
    const explicit = { ...input('2026-09-16T09:00', undefined) };
    explicit.schedule = { ...explicit.schedule, noticeClosesAt: city('2026-09-20T18:00') };
    const created = await createRound(database.db, office, explicit);
    expect(created.ok).toBe(true);
  });
});
