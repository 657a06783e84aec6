import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { quizAnswers, quizAttempts, quizQuestions, quizQuestionStats, quizRespondentStats, surveyStats } from '../../db/schema';
import { getAttemptView, startAttempt, submitAttempt, type AttemptView } from '../../src/lib/server/quizzes';
import { createTestDatabase, testDriver } from '../support/db';
import { createActors, createOpenCampaign, seedQuizWorld } from './fixtures';

/** The right keys for each shown question, read from the bank as only the server may. */
async function rightAnswers(database: Database, attempt: AttemptView): Promise<Record<number, string[]>> {
  const rows = await database.db.select({ id: quizQuestions.id, correct: quizQuestions.correct }).from(quizQuestions);
  const byId = new Map(rows.map((r) => [r.id, r.correct]));
  return Object.fromEntries(attempt.questions.map((q) => [q.id, byId.get(q.id)!]));
}

describe(`quiz attempts on ${testDriver}`, () => {
  let database: Database;
  let campaignId: number;
  let communityId: number;
  beforeAll(async () => {
    database = await createTestDatabase();
    const world = await seedQuizWorld(database.db);
    communityId = world.communities[0]!.id;
    campaignId = await createOpenCampaign(database.db);
  });
  afterAll(async () => database?.close());

  it('draws the campaign’s number of questions across topics and sends no correctness before submission', async () => {
    const [resident] = await createActors(database.db, 1);
    const started = await startAttempt(database.db, resident!, campaignId, { practice: true, communityId, ageBand: '30_44', gender: 'female' });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const { attempt } = started;
    expect(attempt.questions).toHaveLength(10);
    expect(new Set(attempt.questions.map((q) => q.topic)).size).toBe(10);
    expect(attempt.review).toBeNull();
    const serialized = JSON.stringify(attempt);
    expect(serialized).not.toMatch(/"correct"|explanation/);
    expect(attempt.deadline.getTime() - attempt.startedAt.getTime()).toBe(600_000);
  });

  it('scores on the server and ignores whatever the client claims about its score', async () => {
    const [resident] = await createActors(database.db, 1);
    const started = await startAttempt(database.db, resident!, campaignId, { practice: true, communityId });
    if (!started.ok) throw new Error(started.code);
    const tampered = { answers: {}, survey: {}, score: 10, correct: true, review: [{ isCorrect: true }] } as never;
    const submitted = await submitAttempt(database.db, resident!, started.attempt.id, tampered);
    expect(submitted.ok).toBe(true);
    if (!submitted.ok) return;
    expect(submitted.attempt.score).toBe(0);
    expect(submitted.attempt.review?.every((r) => !r.isCorrect && r.explanationZh.length > 0)).toBe(true);
  });

  it('gives full marks for the right keys, shows the answers and explanations after submission, and counts it once', async () => {
    const [resident] = await createActors(database.db, 1);
    const started = await startAttempt(database.db, resident!, campaignId, { practice: false, communityId });
    if (!started.ok) throw new Error(started.code);
    const submitted = await submitAttempt(database.db, resident!, started.attempt.id, {
      answers: await rightAnswers(database, started.attempt),
      survey: { support: 5, participation: 2, satisfaction: 4 },
    });
    if (!submitted.ok) throw new Error(submitted.code);
    expect(submitted.attempt.score).toBe(10);
    expect(submitted.attempt.review).toHaveLength(10);
    expect(submitted.attempt.surveyAnswers).toEqual({ support: 5, participation: 2, satisfaction: 4 });
    const [respondents] = await database.db.select().from(quizRespondentStats).where(eq(quizRespondentStats.campaignId, campaignId));
    expect(respondents).toMatchObject({ communityId, respondents: 1 });
    const questionRows = await database.db.select().from(quizQuestionStats).where(eq(quizQuestionStats.campaignId, campaignId));
    expect(questionRows.reduce((sum, r) => sum + r.correct, 0)).toBe(10);
    const survey = await database.db.select().from(surveyStats).where(eq(surveyStats.campaignId, campaignId));
    expect(Object.fromEntries(survey.map((r) => [r.item, r.favourable]))).toEqual({ support: 1, participation: 0, satisfaction: 1 });
  });

  it('refuses a second submission of the same attempt', async () => {
    const [resident] = await createActors(database.db, 1);
    const started = await startAttempt(database.db, resident!, campaignId, { practice: true, communityId });
    if (!started.ok) throw new Error(started.code);
    expect((await submitAttempt(database.db, resident!, started.attempt.id, { answers: {}, survey: {} })).ok).toBe(true);
    const again = await submitAttempt(database.db, resident!, started.attempt.id, { answers: await rightAnswers(database, started.attempt), survey: {} });
    expect(again).toMatchObject({ ok: false, code: 'already_submitted' });
  });

  it('refuses answers that arrive after the deadline and counts nothing', async () => {
    const [resident] = await createActors(database.db, 1);
    // Ten minutes allowed: the answers arrive 700 seconds after the start (the clock injected).
    const startedAt = new Date('2026-06-15T02:00:00Z');
    const started = await startAttempt(database.db, resident!, campaignId, { practice: false, communityId }, { now: startedAt });
    if (!started.ok) throw new Error(started.code);
    const late = await submitAttempt(
      database.db,
      resident!,
      started.attempt.id,
      { answers: await rightAnswers(database, started.attempt), survey: { support: 5 } },
      { now: new Date(startedAt.getTime() + 700_000) },
    );
    expect(late).toMatchObject({ ok: false, code: 'too_late' });
    const [row] = await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, started.attempt.id));
    expect(row).toMatchObject({ state: 'expired', score: null });
    expect(await database.db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, started.attempt.id))).toEqual([]);
    // The counted attempt is spent: no second chance after seeing the questions.
    expect(await startAttempt(database.db, resident!, campaignId, { practice: false, communityId })).toMatchObject({ ok: false, code: 'already_counted' });
  });

  it('refuses a second counted attempt, resumes the first while it runs, and allows unlimited practice', async () => {
    const [resident] = await createActors(database.db, 1);
    const first = await startAttempt(database.db, resident!, campaignId, { practice: false, communityId });
    if (!first.ok) throw new Error(first.code);
    const resumed = await startAttempt(database.db, resident!, campaignId, { practice: false, communityId });
    expect(resumed).toMatchObject({ ok: true, resumed: true, attempt: { id: first.attempt.id } });
    await submitAttempt(database.db, resident!, first.attempt.id, { answers: {}, survey: {} });
    expect(await startAttempt(database.db, resident!, campaignId, { practice: false, communityId })).toMatchObject({ ok: false, code: 'already_counted' });
    for (let i = 0; i < 3; i++) {
      expect(await startAttempt(database.db, resident!, campaignId, { practice: true, communityId })).toMatchObject({ ok: true, attempt: { counted: false } });
    }
  });

  it('lets only one of many simultaneous counted starts through', async () => {
    const [resident] = await createActors(database.db, 1);
    const results = await Promise.all(Array.from({ length: 6 }, () => startAttempt(database.db, resident!, campaignId, { practice: false, communityId })));
    const ids = new Set(results.filter((r) => r.ok).map((r) => (r.ok ? r.attempt.id : 0)));
    expect(ids.size).toBe(1);
    const rows = await database.db
      .select()
      .from(quizAttempts)
      .where(and(eq(quizAttempts.userId, resident!.id), eq(quizAttempts.counted, true)));
    expect(rows).toHaveLength(1);
  });

  it('keeps the community, subdistrict, district, age band and gender as they were at the start', async () => {
    const [resident] = await createActors(database.db, 1);
    const started = await startAttempt(database.db, resident!, campaignId, { practice: true, communityId, ageBand: '60_plus', gender: 'male' });
    if (!started.ok) throw new Error(started.code);
    const [row] = await database.db.select().from(quizAttempts).where(eq(quizAttempts.id, started.attempt.id));
    expect(row).toMatchObject({ communityId, ageBand: '60_plus', gender: 'male' });
    expect(row!.subdistrictId).toBeGreaterThan(0);
    expect(row!.districtId).toBeGreaterThan(0);
  });

  it('refuses an unknown community or age band with field errors', async () => {
    const [resident] = await createActors(database.db, 1);
    const result = await startAttempt(database.db, resident!, campaignId, { practice: true, communityId: 999_999, ageBand: 'teen' });
    expect(result).toMatchObject({ ok: false, code: 'invalid', fields: { communityId: 'quiz.error.community', ageBand: 'quiz.error.ageBand' } });
  });

  it('refuses options that were never shown and a second choice on a single-choice question', async () => {
    const [resident] = await createActors(database.db, 1);
    const started = await startAttempt(database.db, resident!, campaignId, { practice: true, communityId });
    if (!started.ok) throw new Error(started.code);
    const single = started.attempt.questions.find((q) => q.kind === 'single')!;
    const result = await submitAttempt(database.db, resident!, started.attempt.id, { answers: { [single.id]: ['A', 'B'] }, survey: {} });
    expect(result).toMatchObject({ ok: false, code: 'invalid' });
    const unknown = await submitAttempt(database.db, resident!, started.attempt.id, { answers: { [single.id]: ['Z'] }, survey: {} });
    expect(unknown).toMatchObject({ ok: false, code: 'invalid' });
  });

  it('hides another person’s attempt as if it did not exist', async () => {
    const [owner, stranger] = await createActors(database.db, 2);
    const started = await startAttempt(database.db, owner!, campaignId, { practice: true, communityId });
    if (!started.ok) throw new Error(started.code);
    expect(await getAttemptView(database.db, stranger!, started.attempt.id)).toBeNull();
    expect(await submitAttempt(database.db, stranger!, started.attempt.id, { answers: {}, survey: {} })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('refuses to start a campaign that is not open', async () => {
    const [resident] = await createActors(database.db, 1);
    const closed = await createOpenCampaign(database.db, { state: 'closed' });
    expect(await startAttempt(database.db, resident!, closed, { practice: false, communityId })).toMatchObject({ ok: false, code: 'closed' });
  });
});
