/**
 * The question bank (every install, once, into an empty bank) and, in demo mode, an open campaign
 * with a few thousand synthetic counted attempts spread unevenly over the communities (some too
 * small to rank), improving week by week, so the dashboard shows real shapes.
 *
 * Generated from a fixed seed relative to the moment of seeding, written with multi-row inserts
 * and aggregated in bulk afterwards: it runs on first start, so it must stay quick.
 */
import { randomBytes } from 'node:crypto';
import { asc, eq, sql } from 'drizzle-orm';
import { hashPassword } from '../auth/password';
import { drawQuestions } from './draw';
import { FAVOURABLE_FROM, rebuildCampaignStats } from './stats';
import { selectRows, type Db } from '../../../../db/client';
import { AGE_BANDS, areas, GENDERS, quizAnswers, quizAttempts, quizCampaigns, quizQuestions, surveyAnswers } from '../../../../db/schema';
import { QUIZ_QUESTIONS } from './seed-questions';
import { seededRandom } from '../random';

/** Arbitrary key of the lock that keeps two starting instances from seeding quizzes twice. */
const QUIZ_SEED_LOCK_KEY = 7_461_007;

export async function seedQuestionBank(db: Db): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${QUIZ_SEED_LOCK_KEY})`);
    const [any] = await tx.select({ id: quizQuestions.id }).from(quizQuestions).limit(1);
    if (any) return;
    await tx.insert(quizQuestions).values(QUIZ_QUESTIONS);
  });
}

export const DEMO_CAMPAIGN = {
  titleZh: '2026年创建全国文明城市知识问答',
  titleEn: '2026 Civilized City Knowledge Quiz',
  descriptionZh: '每次随机抽取10道题，限时10分钟。每个账号的第一次正式答题计入全市知晓率，练习不限次数、不计入统计。',
  descriptionEn: "Ten questions drawn at random, ten minutes. Each account's first counted attempt feeds the city's rates; practice is unlimited and never counted.",
  questionsPerAttempt: 10,
  timeLimitSeconds: 600,
  withSurvey: true,
};
export const DEMO_RESPONDENTS = 3000;
const SEED = 20_260_507;
const WEEKS = 8;
const CHUNK = 1000;

async function insertChunked<T>(rows: T[], insert: (chunk: T[]) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) await insert(rows.slice(i, i + CHUNK));
}

export async function seedDemoQuizzes(db: Db, now = new Date()): Promise<void> {
  const passwordHash = await hashPassword(randomBytes(24).toString('base64url'));
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${QUIZ_SEED_LOCK_KEY})`);
    const [existing] = await tx.select({ id: quizCampaigns.id }).from(quizCampaigns).where(eq(quizCampaigns.titleZh, DEMO_CAMPAIGN.titleZh));
    if (existing) return;
    const [campaign] = await tx
      .insert(quizCampaigns)
      .values({ ...DEMO_CAMPAIGN, state: 'open' })
      .returning({ id: quizCampaigns.id });
    const campaignId = campaign!.id;

    const subdistrictParent = new Map(
      (await tx.select({ id: areas.id, parentId: areas.parentId }).from(areas).where(eq(areas.level, 'subdistrict'))).map((s) => [s.id, s.parentId!]),
    );
    const communities = await tx.select({ id: areas.id, parentId: areas.parentId }).from(areas).where(eq(areas.level, 'community')).orderBy(asc(areas.code));
    if (communities.length === 0) return;
    const questions = await tx.select().from(quizQuestions).where(eq(quizQuestions.active, true)).orderBy(asc(quizQuestions.id));
    const byId = new Map(questions.map((q) => [q.id, q]));

    const random = seededRandom(SEED);
    const randomInt = (max: number) => Math.floor(random() * max);
    // Uneven reach: squared uniforms give a long tail of communities with few respondents.
    const reach = communities.map(() => 0.04 + random() ** 2);
    const totalReach = reach.reduce((a, b) => a + b, 0);
    const knowledge = communities.map(() => 0.55 + 0.3 * random());
    const goodwill = communities.map(() => random() * 0.25 - 0.1);
    const pickCommunity = () => {
      let r = random() * totalReach;
      for (let i = 0; i < reach.length; i++) if ((r -= reach[i]!) < 0) return i;
      return reach.length - 1;
    };

    const createdRows = await selectRows<{ id: number }>(
      tx,
      sql`
      insert into users (username, display_name, password_hash, role)
      select 'demo-respondent-' || lpad(i::text, 5, '0'), '示例受访者' || i, ${passwordHash}, 'resident'
      from generate_series(1, ${DEMO_RESPONDENTS}) as i
      on conflict do nothing
      returning id`,
    );
    if (createdRows.length === 0) return;
    const userIds = createdRows.map((u) => Number(u.id)).sort((a, b) => a - b);

    const attempts = userIds.map((userId) => {
      const c = pickCommunity();
      const community = communities[c]!;
      // More respondents in recent weeks, and they know more: the campaign is working.
      const age = WEEKS * 7 * (1 - Math.sqrt(random()));
      const submittedAt = new Date(now.getTime() - age * 86_400_000 - randomInt(3_600_000));
      const drawn = drawQuestions(
        questions.map((q) => ({ id: q.id, topic: q.topic, kind: q.kind, optionKeys: q.options.map((o) => o.key) })),
        DEMO_CAMPAIGN.questionsPerAttempt,
        randomInt,
      );
      return {
        row: {
          campaignId,
          userId,
          counted: true,
          state: 'submitted' as const,
          drawn,
          startedAt: new Date(submittedAt.getTime() - (120 + randomInt(400)) * 1000),
          deadline: new Date(submittedAt.getTime() + 60_000),
          submittedAt,
          communityId: community.id,
          subdistrictId: community.parentId!,
          districtId: subdistrictParent.get(community.parentId!)!,
          ageBand: random() < 0.85 ? AGE_BANDS[randomInt(AGE_BANDS.length)]! : null,
          gender: random() < 0.8 ? GENDERS[randomInt(2)]! : null,
          score: 0,
        },
        skill: knowledge[c]! + 0.12 * (1 - age / (WEEKS * 7)),
        mood: goodwill[c]!,
      };
    });

    const answers: (typeof quizAnswers.$inferInsert)[] = [];
    const survey: (typeof surveyAnswers.$inferInsert)[] = [];
    const results = attempts.map(({ row, skill, mood }) => {
      const chosen = row.drawn.map(({ questionId, optionOrder }) => {
        const q = byId.get(questionId)!;
        const p = Math.min(0.97, Math.max(0.15, skill - 0.08 * (q.difficulty - 1) - (q.kind === 'multiple' ? 0.1 : 0)));
        if (random() < p) return { questionId, chosen: [...q.correct].sort(), correct: true };
        const wrong = optionOrder.filter((key) => !q.correct.includes(key));
        const pick = q.kind === 'multiple' ? q.correct.slice(0, Math.max(1, q.correct.length - 1)) : [wrong[randomInt(wrong.length)] ?? optionOrder[0]!];
        return { questionId, chosen: [...pick].sort(), correct: false };
      });
      row.score = chosen.filter((a) => a.correct).length;
      const point = (favourable: number) => (random() < favourable ? FAVOURABLE_FROM + randomInt(2) : 1 + randomInt(FAVOURABLE_FROM - 1));
      return {
        chosen,
        survey: [
          { item: 'support' as const, value: point(0.86 + mood) },
          { item: 'participation' as const, value: point(0.55 + mood * 1.5) },
          { item: 'satisfaction' as const, value: point(0.74 + mood) },
        ],
      };
    });

    await insertChunked(
      attempts.map((a) => a.row),
      (chunk) => tx.insert(quizAttempts).values(chunk),
    );
    const idByUser = new Map(
      (await tx.select({ id: quizAttempts.id, userId: quizAttempts.userId }).from(quizAttempts).where(eq(quizAttempts.campaignId, campaignId))).map((a) => [a.userId, a.id]),
    );
    attempts.forEach(({ row }, i) => {
      const attemptId = idByUser.get(row.userId)!;
      for (const answer of results[i]!.chosen) answers.push({ attemptId, ...answer });
      for (const answer of results[i]!.survey) survey.push({ attemptId, ...answer });
    });
    await insertChunked(answers, (chunk) => tx.insert(quizAnswers).values(chunk));
    await insertChunked(survey, (chunk) => tx.insert(surveyAnswers).values(chunk));
    await rebuildCampaignStats(tx, campaignId);
  });
}
