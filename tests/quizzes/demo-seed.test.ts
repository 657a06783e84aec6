import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { quizAttempts, quizCampaigns } from '../../db/schema';
import { seedDemoCity } from '../../src/lib/server/city/seed';
import { DEMO_CAMPAIGN, DEMO_RESPONDENTS, seedDemoQuizzes, seedQuestionBank } from '../../src/lib/server/quizzes/seed';
import { getRatesReport } from '../../src/lib/server/metrics';
import { createTestDatabase, testDriver } from '../support/db';

describe(`the demo quiz data on ${testDriver}`, () => {
  let database: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    await seedDemoCity(database.db);
    await seedQuestionBank(database.db);
    await seedDemoQuizzes(database.db, new Date('2026-11-23T04:00:00Z'));
  }, 120_000);
  afterAll(async () => database?.close());

  it('opens one campaign with thousands of counted attempts, once', async () => {
    await seedDemoQuizzes(database.db);
    const campaigns = await database.db.select().from(quizCampaigns).where(eq(quizCampaigns.titleZh, DEMO_CAMPAIGN.titleZh));
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]!.state).toBe('open');
    const [count] = await database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(quizAttempts)
      .where(eq(quizAttempts.campaignId, campaigns[0]!.id));
    expect(count!.n).toBe(DEMO_RESPONDENTS);
  });

  it('spreads respondents unevenly: some communities ranked, some too small, over several weeks', async () => {
    const [campaign] = await database.db.select().from(quizCampaigns).where(eq(quizCampaigns.titleZh, DEMO_CAMPAIGN.titleZh));
    const report = await getRatesReport(database.db, campaign!.id);
    const small = report.communities.filter((c) => c.measures.awareness.small);
    expect(small.length).toBeGreaterThan(0);
    expect(small.length).toBeLessThan(report.communities.length);
    expect(report.city.respondents).toBe(DEMO_RESPONDENTS);
    expect(report.city.measures.awareness.rate).toBeGreaterThan(0.5);
    expect(report.city.measures.awareness.rate).toBeLessThan(0.95);
    expect(report.trend.length).toBeGreaterThanOrEqual(8);
  });
});
