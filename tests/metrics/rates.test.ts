/**
 * Rates on a fixture small enough to compute by hand: three questions (two on traffic, one on
 * pets), four respondents in a community of 文华区 and two in one of 明德区, a week earlier.
 */
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import {
  areas,
  quizAnswers,
  quizAttempts,
  quizQuestionDistrictStats,
  quizQuestions,
  quizQuestionStats,
  quizRespondentDistrictStats,
  quizRespondentStats,
  surveyAnswers,
  surveyDistrictStats,
  surveyStats,
} from '../../db/schema';
import { getPublicRates, getRatesReport, ratesCsv, wilsonInterval } from '../../src/lib/server/metrics';
import { isoWeekStart, rebuildCampaignStats, startAttempt, submitAttempt } from '../../src/lib/server/quizzes';
import { setSetting } from '../../src/lib/server/settings';
import { createTestDatabase, testDriver } from '../support/db';
import { createActors, createOpenCampaign, seedQuizWorld } from '../quizzes/fixtures';

const THIS_WEEK = new Date('2026-11-23T02:00:00Z'); // Monday 10:00 in China
const LAST_WEEK = new Date('2026-11-22T15:00:00Z'); // Sunday 23:00 in China: the week before

describe(`rates on ${testDriver}`, () => {
  let database: Database;
  let campaignId: number;
  let c1: { id: number; subdistrictId: number; districtId: number };
  let c2: { id: number; subdistrictId: number; districtId: number };
  beforeAll(async () => {
    database = await createTestDatabase();
    const db = database.db;
    await seedQuizWorld(db);
    campaignId = await createOpenCampaign(db);
    const place = async (code: string) => {
      const [community] = await db.select().from(areas).where(eq(areas.code, code));
      const [subdistrict] = await db.select().from(areas).where(eq(areas.id, community!.parentId!));
      return { id: community!.id, subdistrictId: subdistrict!.id, districtId: subdistrict!.parentId! };
    };
    c1 = await place('WM-01-01-01');
    c2 = await place('WM-02-01-01');
    const q = Object.fromEntries(
      (await db.select().from(quizQuestions).where(eq(quizQuestions.topic, 'traffic')).orderBy(asc(quizQuestions.code))).slice(0, 2).map((row, i) => [`q${i + 1}`, row.id]),
    );
    const [pets] = await db.select().from(quizQuestions).where(eq(quizQuestions.code, 'pets-01'));
    q.q3 = pets!.id;
    const people = await createActors(db, 6);
    const sheet: [community: typeof c1, at: Date, answers: [string, boolean][], support: number][] = [
      [
        c1,
        THIS_WEEK,
        [
          ['q1', true],
          ['q3', true],
        ],
        5,
      ],
      [
        c1,
        THIS_WEEK,
        [
          ['q1', false],
          ['q3', true],
        ],
        4,
      ],
      [
        c1,
        THIS_WEEK,
        [
          ['q2', true],
          ['q3', false],
        ],
        3,
      ],
      [
        c1,
        THIS_WEEK,
        [
          ['q2', true],
          ['q1', true],
        ],
        2,
      ],
      [
        c2,
        LAST_WEEK,
        [
          ['q1', false],
          ['q3', false],
        ],
        5,
      ],
      [
        c2,
        LAST_WEEK,
        [
          ['q1', true],
          ['q3', false],
        ],
        5,
      ],
    ];
    for (const [i, [community, at, answers, support]] of sheet.entries()) {
      const [attempt] = await db
        .insert(quizAttempts)
        .values({
          campaignId,
          userId: people[i]!.id,
          counted: true,
          state: 'submitted',
          drawn: answers.map(([name]) => ({ questionId: q[name]!, optionOrder: ['A', 'B'] })),
          startedAt: at,
          deadline: at,
          submittedAt: at,
          score: answers.filter(([, ok]) => ok).length,
          communityId: community.id,
          subdistrictId: community.subdistrictId,
          districtId: community.districtId,
        })
        .returning({ id: quizAttempts.id });
      await db.insert(quizAnswers).values(answers.map(([name, correct]) => ({ attemptId: attempt!.id, questionId: q[name]!, chosen: ['A'], correct })));
      await db.insert(surveyAnswers).values({ attemptId: attempt!.id, item: 'support', value: support });
    }
    await rebuildCampaignStats(db, campaignId);
  });
  afterAll(async () => database?.close());

  it('puts a submission in the ISO week of its day in China', () => {
    expect(isoWeekStart(THIS_WEEK)).toBe('2026-11-23');
    expect(isoWeekStart(LAST_WEEK)).toBe('2026-11-16');
  });

  it('computes awareness as the mean over topics of the mean over questions, with n respondents', async () => {
    const report = await getRatesReport(database.db, campaignId);
    const community1 = report.communities.find((c) => c.id === c1.id)!;
    // q1 2/3, q2 2/2 → traffic 5/6; q3 2/3 → pets 2/3; overall (5/6 + 2/3) / 2
    expect(community1.measures.awareness.rate).toBeCloseTo(0.75, 10);
    expect(community1.measures.awareness.n).toBe(4);
    const community2 = report.communities.find((c) => c.id === c2.id)!;
    expect(community2.measures.awareness.rate).toBeCloseTo(0.25, 10);
    // City: q1 3/5, q2 1 → traffic 0.8; q3 2/5 → pets 0.4; overall 0.6
    expect(report.city.measures.awareness.rate).toBeCloseTo(0.6, 10);
    expect(report.city.respondents).toBe(6);
    const interval = wilsonInterval(0.6, 6)!;
    expect(report.city.measures.awareness.low).toBeCloseTo(interval.low, 10);
    expect(report.city.measures.awareness.high).toBeCloseTo(interval.high, 10);
    expect(report.topics.find((t) => t.topic === 'traffic')).toMatchObject({ answered: 7 });
    expect(report.topics.find((t) => t.topic === 'traffic')!.rate).toBeCloseTo(0.8, 10);
  });

  it('counts the top two points of five as favourable', async () => {
    const report = await getRatesReport(database.db, campaignId);
    expect(report.communities.find((c) => c.id === c1.id)!.measures.support).toMatchObject({ rate: 0.5, n: 4 });
    expect(report.communities.find((c) => c.id === c2.id)!.measures.support).toMatchObject({ rate: 1, n: 2 });
    expect(report.city.measures.support.rate).toBeCloseTo(4 / 6, 10);
    expect(report.city.measures.satisfaction).toMatchObject({ rate: null, n: 0, small: true });
  });

  it('rolls communities up into their subdistricts and districts', async () => {
    const report = await getRatesReport(database.db, campaignId);
    expect(report.districts.find((d) => d.id === c1.districtId)!.measures.awareness.rate).toBeCloseTo(0.75, 10);
    expect(report.subdistricts.find((s) => s.id === c2.subdistrictId)!.measures.awareness.rate).toBeCloseTo(0.25, 10);
    expect(report.districts.find((d) => d.code === 'WM-03')!.measures.awareness).toMatchObject({ rate: null, n: 0 });
  });

  it('weights topics by the setting', async () => {
    await setSetting(database.db, 'metrics.topicWeights', { traffic: 3, pets: 1 });
    const report = await getRatesReport(database.db, campaignId);
    expect(report.communities.find((c) => c.id === c1.id)!.measures.awareness.rate).toBeCloseTo((3 * (5 / 6) + 2 / 3) / 4, 10);
    await setSetting(database.db, 'metrics.topicWeights', {});
  });

  it('marks small samples instead of ranking them, and ranks the rest', async () => {
    const defaults = await getRatesReport(database.db, campaignId);
    expect(defaults.districts.every((d) => d.measures.awareness.small && d.ranks.awareness === null)).toBe(true);
    await setSetting(database.db, 'metrics.minSample', 3);
    await setSetting(database.db, 'metrics.maxIntervalWidth', 1);
    const relaxed = await getRatesReport(database.db, campaignId);
    expect(relaxed.districts.find((d) => d.id === c1.districtId)!.ranks.awareness).toBe(1);
    expect(relaxed.districts.find((d) => d.id === c2.districtId)).toMatchObject({ ranks: { awareness: null }, measures: { awareness: { small: true } } });
    await setSetting(database.db, 'metrics.minSample', 30);
    await setSetting(database.db, 'metrics.maxIntervalWidth', 0.2);
  });

  it('weights the city by district population when asked', async () => {
    const report = await getRatesReport(database.db, campaignId, { weighted: true });
    const d1 = report.districts.find((d) => d.id === c1.districtId)!;
    const d2 = report.districts.find((d) => d.id === c2.districtId)!;
    expect(d1.population).toBeGreaterThan(0);
    const expected = (d1.population * 0.75 + d2.population * 0.25) / (d1.population + d2.population);
    expect(report.city.measures.awareness.rate).toBeCloseTo(expected, 10);
    const w1 = d1.population / (d1.population + d2.population);
    expect(report.city.measures.awareness.n).toBe(Math.round(1 / (w1 ** 2 / 4 + (1 - w1) ** 2 / 2)));
  });

  it('draws the weekly trend from the week of each submission', async () => {
    const report = await getRatesReport(database.db, campaignId);
    expect(report.trend.map((p) => [p.week, p.measures.awareness.n])).toEqual([
      ['2026-11-16', 2],
      ['2026-11-23', 4],
    ]);
    expect(report.trend[0]!.measures.awareness.rate).toBeCloseTo(0.25, 10);
  });

  it('draws the weekly trend of one district, subdistrict or community when asked', async () => {
    const first = await getRatesReport(database.db, campaignId, { trendAreaId: c1.districtId });
    expect(first.trend.map((p) => [p.week, p.measures.awareness.n])).toEqual([['2026-11-23', 4]]);
    const second = await getRatesReport(database.db, campaignId, { trendAreaId: c2.id });
    expect(second.trend.map((p) => [p.week, p.measures.awareness.n])).toEqual([['2026-11-16', 2]]);
    expect(second.trend[0]!.measures.awareness.rate).toBeCloseTo(0.25, 10);
    expect((await getRatesReport(database.db, campaignId, { trendAreaId: c1.subdistrictId })).trend).toHaveLength(1);
  });

  it('exports every area and measure as CSV with a BOM', async () => {
    const report = await getRatesReport(database.db, campaignId);
    const csv = ratesCsv(report, 'zh-CN', '文明市');
    expect(csv.startsWith('\uFEFF层级,代码,名称')).toBe(true);
    expect(csv).toContain('city,city,文明市,,awareness,60.0,6,');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 4 * (1 + 3 + 8 + 30));
  });

  it('shows the same city and district figures from the per-district aggregates as the dashboard does', async () => {
    const full = await getRatesReport(database.db, campaignId, { trend: false });
    const byDistrict = await getRatesReport(database.db, campaignId, { trend: false, depth: 'district' });
    expect(byDistrict.city).toEqual(full.city);
    expect(byDistrict.districts).toEqual(full.districts);
    expect(byDistrict.topics).toEqual(full.topics);
    expect(byDistrict.subdistricts).toEqual([]);
    expect(byDistrict.communities).toEqual([]);
    expect(await getPublicRates(database.db, campaignId)).toEqual(byDistrict);
  });

  it('keeps the same aggregates whether added as answers arrive or rebuilt in bulk', async () => {
    const db = database.db;
    const live = await createOpenCampaign(db, { questionsPerAttempt: 6 });
    const people = await createActors(db, 8);
    for (const [i, person] of people.entries()) {
      const started = await startAttempt(db, person, live, { practice: false, communityId: i % 2 ? c1.id : c2.id });
      if (!started.ok) throw new Error(started.code);
      const answers = Object.fromEntries(started.attempt.questions.map((question, j) => [question.id, [question.options[(i + j) % question.options.length]!.key]]));
      const result = await submitAttempt(db, person, started.attempt.id, { answers, survey: { support: 1 + (i % 5), satisfaction: 5 } });
      if (!result.ok) throw new Error(result.code);
    }
    const snapshot = async () => ({
      questions: await db
        .select()
        .from(quizQuestionStats)
        .where(eq(quizQuestionStats.campaignId, live))
        .orderBy(asc(quizQuestionStats.questionId), asc(quizQuestionStats.communityId)),
      respondents: await db.select().from(quizRespondentStats).where(eq(quizRespondentStats.campaignId, live)).orderBy(asc(quizRespondentStats.communityId)),
      survey: await db.select().from(surveyStats).where(eq(surveyStats.campaignId, live)).orderBy(asc(surveyStats.item), asc(surveyStats.communityId)),
      districtQuestions: await db
        .select()
        .from(quizQuestionDistrictStats)
        .where(eq(quizQuestionDistrictStats.campaignId, live))
        .orderBy(asc(quizQuestionDistrictStats.questionId), asc(quizQuestionDistrictStats.districtId)),
      districtRespondents: await db
        .select()
        .from(quizRespondentDistrictStats)
        .where(eq(quizRespondentDistrictStats.campaignId, live))
        .orderBy(asc(quizRespondentDistrictStats.districtId)),
      districtSurvey: await db
        .select()
        .from(surveyDistrictStats)
        .where(eq(surveyDistrictStats.campaignId, live))
        .orderBy(asc(surveyDistrictStats.item), asc(surveyDistrictStats.districtId)),
    });
    const incremental = await snapshot();
    expect(incremental.respondents.reduce((sum, r) => sum + r.respondents, 0)).toBe(8);
    expect(incremental.districtRespondents.reduce((sum, r) => sum + r.respondents, 0)).toBe(8);
    await rebuildCampaignStats(db, live);
    expect(await snapshot()).toEqual(incremental);
  });
});
