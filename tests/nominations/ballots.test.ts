import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import type { Database } from '../../db/client';
import { auditLog, nominationBallots, nominationVotes } from '../../db/schema';
import type { Actor } from '../../src/lib/server/auth/permissions';
import { acceptNomination, castBallot, getRound, listBallotsForReview, listCandidates, recordConsent, reviewBallot, submitNomination } from '../../src/lib/server/nominations';
import { setSetting } from '../../src/lib/server/settings';
import { createTestDatabase, testDriver } from '../support/db';
import { createAccount, createAccounts, createCommunity, createRoundRow, dayOf, story, tempStorage } from './fixtures';

const VOTERS = 1000;

describe(`ballots on ${testDriver}`, () => {
  let database: Database;
  let office: Actor;
  let communityId: number;
  const start = new Date('2026-11-01T00:00:00+08:00');
  const storage = tempStorage();

  beforeAll(async () => {
    database = await createTestDatabase();
    office = await createAccount(database.db, 'moderator');
    ({ communityId } = await createCommunity(database.db, 'vote'));
  });
  afterAll(async () => database?.close());

  async function candidates(roundId: number, names: string[]): Promise<number[]> {
    const nominator = await createAccount(database.db, 'resident');
    const ids: number[] = [];
    for (const name of names) {
      const s = await submitNomination(database.db, storage, nominator, {
        nomineeName: name,
        communityId,
        category: 'dedication',
        story: story(name),
        nominatorContact: '13800001111',
        evidence: '',
      });
      if (!s.ok) throw new Error('submission failed');
      await acceptNomination(database.db, office, s.nomination.id, roundId, undefined, dayOf(start, 0));
      await recordConsent(database.db, storage, office, s.nomination.id, { method: 'written', obtainedBy: '陈', obtainedAt: dayOf(start, 0) }, undefined, dayOf(start, 1));
      ids.push(s.nomination.id);
    }
    return ids;
  }

  it(`counts ${VOTERS} concurrent ballots exactly, each account once and within its picks`, { timeout: 240_000 }, async () => {
    const db = database.db;
    const roundId = await createRoundRow(db, start, { picks: 3, title: '并发投票' });
    const ids = await candidates(roundId, ['一号', '二号', '三号', '四号', '五号']);
    const voters = await createAccounts(db, VOTERS, '150');
    const picksOf = (i: number) => [0, 1, 2].map((k) => ids[(i + k) % ids.length]!);
    const voting = dayOf(start, 2);
    // Every account sends two ballots at once: a second pick of three (odd accounts) or of four, one too many (even).
    const attempts = voters.flatMap((voter, i) => [
      castBallot(db, voter, { roundId, nominationIds: picksOf(i), ip: `10.${i >> 8}.${i & 255}.1` }, voting),
      castBallot(db, voter, { roundId, nominationIds: [...picksOf(i), ids[(i + 3) % ids.length]!].reverse().slice(0, i % 2 ? 3 : 4), ip: `10.${i >> 8}.${i & 255}.2` }, voting),
    ]);
    const results = await Promise.all(attempts);
    const accepted = results.filter((r) => r.ok);
    expect(accepted).toHaveLength(VOTERS);
    const refusals = results.filter((r) => !r.ok).map((r) => (r.ok ? '' : r.code));
    expect(refusals.every((code) => code === 'already_voted' || code === 'invalid')).toBe(true);

    const ballots = await db.select().from(nominationBallots).where(eq(nominationBallots.roundId, roundId));
    expect(ballots).toHaveLength(VOTERS);
    expect(new Set(ballots.map((b) => b.userId)).size).toBe(VOTERS);
    expect(Math.max(...ballots.map((b) => b.picks))).toBeLessThanOrEqual(3);
    const votes = await db.select().from(nominationVotes).where(eq(nominationVotes.roundId, roundId));
    expect(votes).toHaveLength(VOTERS * 3);
    const perUser = new Map<number, number>();
    for (const vote of votes) perUser.set(vote.userId, (perUser.get(vote.userId) ?? 0) + 1);
    expect(Math.max(...perUser.values())).toBeLessThanOrEqual(3);

    const round = (await getRound(db, roundId, voting))!;
    const counted = new Map((await listCandidates(db, round)).map((c) => [c.id, c.votes]));
    const fromVotes = new Map(ids.map((id) => [id, votes.filter((v) => v.nominationId === id).length]));
    expect(counted).toEqual(fromVotes);
    expect([...counted.values()].reduce((a, b) => a + b, 0)).toBe(votes.length);
  });

  it('flags a burst from one address and new accounts, and counts them by the round policy until the office decides', async () => {
    const db = database.db;
    await setSetting(db, 'nominations.flag.burstBallots', 3);
    await setSetting(db, 'nominations.flag.burstWindowMinutes', 10);
    await setSetting(db, 'nominations.flag.newAccountHours', 24);
    const roundId = await createRoundRow(db, start, { picks: 1, policy: 'exclude', title: '刷票' });
    const [target] = await candidates(roundId, ['被刷票者']);
    const voting = dayOf(start, 2);
    const burst = await createAccounts(db, 4, '151');
    for (const [i, voter] of burst.entries()) {
      const result = await castBallot(db, voter, { roundId, nominationIds: [target!], ip: '192.0.2.7' }, new Date(voting.getTime() + i * 1000));
      expect(result.ok).toBe(true);
    }
    const fresh = await createAccount(db, 'resident', { createdAt: new Date(voting.getTime() - 3600_000) });
    expect(await castBallot(db, fresh, { roundId, nominationIds: [target!], ip: '198.51.100.1' }, new Date(voting.getTime() + 10_000))).toMatchObject({
      ok: true,
      ballot: { flags: ['new_account'] },
    });
    const honest = await createAccount(db, 'resident');
    expect(await castBallot(db, honest, { roundId, nominationIds: [target!], ip: '198.51.100.2' }, new Date(voting.getTime() + 11_000))).toMatchObject({
      ok: true,
      ballot: { flags: [] },
    });

    const flagged = await listBallotsForReview(db, roundId);
    expect(flagged.map((b) => b.flags)).toEqual([['burst'], ['burst'], ['burst'], ['burst'], ['new_account']]);
    expect(flagged[0]!.voter.phone).toMatch(/^\d{3}\*{4}\d{4}$/);
    const round = (await getRound(db, roundId, voting))!;
    // The round excludes unreviewed flagged votes from its public count, and says how many there are.
    expect((await listCandidates(db, round))[0]).toMatchObject({ votes: 1, flaggedVotes: 5 });

    expect(await reviewBallot(db, office, flagged[0]!.id, { decision: 'discount', reason: '' })).toMatchObject({
      ok: false,
      fields: { reason: 'nominations.ballot.reasonRequired' },
    });
    for (const ballot of flagged.slice(0, 4)) expect(await reviewBallot(db, office, ballot.id, { decision: 'discount', reason: '同一地址短时间内集中投票' })).toEqual({ ok: true });
    expect(await reviewBallot(db, office, flagged[4]!.id, { decision: 'keep', reason: '新注册居民，核实为本人' })).toEqual({ ok: true });
    expect((await listCandidates(db, round))[0]).toMatchObject({ votes: 2, flaggedVotes: 0 });
    expect(can(honest, 'rounds.manage')).toBe(false);
    const audits = await db.select().from(auditLog).where(eq(auditLog.action, 'ballot.discount'));
    expect(audits).toHaveLength(4);
    expect(audits[0]!.summary).toMatchObject({ after: { decision: 'discount', reason: '同一地址短时间内集中投票' } });
  });
});
