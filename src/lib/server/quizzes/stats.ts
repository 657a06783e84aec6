/**
 * The aggregates that rates read (db/schema/quizzes.ts): added to in the submitting transaction,
 * or rebuilt in bulk from the raw answers (demo seed, benchmark, repair after a manual fix).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { quizQuestionStats, quizRespondentStats, surveyStats, type SurveyItem } from '../../../../db/schema';
import { cityWeekStartSql } from '../time';

/** Answers in the top two points of a five-point scale are favourable. */
export const FAVOURABLE_FROM = 4;

/** Weeks are the city's ISO weeks (../time): isoWeekStart in code, cityWeekStartSql in bulk rebuilds. */
export { isoWeekStart } from '../time';

export interface StatsKey {
  campaignId: number;
  districtId: number;
  subdistrictId: number;
  communityId: number;
  week: string;
}

/**
 * Adds one counted attempt to the aggregates. Rows are written in key order in single statements,
 * so concurrent submissions lock shared rows in the same order and cannot deadlock.
 */
export async function addCountedAttempt(
  tx: Db,
  key: StatsKey,
  answers: readonly { questionId: number; correct: boolean }[],
  survey: readonly { item: SurveyItem; value: number }[],
): Promise<void> {
  const area = { districtId: key.districtId, subdistrictId: key.subdistrictId, communityId: key.communityId, week: key.week };
  await tx
    .insert(quizRespondentStats)
    .values({ campaignId: key.campaignId, ...area, respondents: 1 })
    .onConflictDoUpdate({
      target: [quizRespondentStats.campaignId, quizRespondentStats.communityId, quizRespondentStats.subdistrictId, quizRespondentStats.districtId, quizRespondentStats.week],
      set: { respondents: sql`${quizRespondentStats.respondents} + excluded.respondents` },
    });
  if (answers.length > 0) {
    const rows = [...answers]
      .sort((a, b) => a.questionId - b.questionId)
      .map((answer) => ({ campaignId: key.campaignId, questionId: answer.questionId, ...area, answered: 1, correct: answer.correct ? 1 : 0 }));
    await tx
      .insert(quizQuestionStats)
      .values(rows)
      .onConflictDoUpdate({
        target: [quizQuestionStats.campaignId, quizQuestionStats.questionId, quizQuestionStats.communityId, quizQuestionStats.subdistrictId, quizQuestionStats.districtId, quizQuestionStats.week],
        set: {
          answered: sql`${quizQuestionStats.answered} + excluded.answered`,
          correct: sql`${quizQuestionStats.correct} + excluded.correct`,
        },
      });
  }
  if (survey.length > 0) {
    const rows = [...survey]
      .sort((a, b) => a.item.localeCompare(b.item))
      .map((answer) => ({ campaignId: key.campaignId, item: answer.item, ...area, answered: 1, favourable: answer.value >= FAVOURABLE_FROM ? 1 : 0 }));
    await tx
      .insert(surveyStats)
      .values(rows)
      .onConflictDoUpdate({
        target: [surveyStats.campaignId, surveyStats.item, surveyStats.communityId, surveyStats.subdistrictId, surveyStats.districtId, surveyStats.week],
        set: {
          answered: sql`${surveyStats.answered} + excluded.answered`,
          favourable: sql`${surveyStats.favourable} + excluded.favourable`,
        },
      });
  }
}

/** Recomputes a campaign's aggregates from its submitted counted attempts, in three set-based statements. */
export async function rebuildCampaignStats(db: Db, campaignId: number): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(quizRespondentStats).where(eq(quizRespondentStats.campaignId, campaignId));
    await tx.delete(quizQuestionStats).where(eq(quizQuestionStats.campaignId, campaignId));
    await tx.delete(surveyStats).where(eq(surveyStats.campaignId, campaignId));
    const week = cityWeekStartSql(sql.raw('a.submitted_at'));
    await tx.execute(sql`
      insert into quiz_respondent_stats (campaign_id, district_id, subdistrict_id, community_id, week, respondents)
      select a.campaign_id, a.district_id, a.subdistrict_id, a.community_id, ${week}, count(*)::int
      from quiz_attempts a
      where a.campaign_id = ${campaignId} and a.counted and a.state = 'submitted'
      group by 1, 2, 3, 4, 5`);
    await tx.execute(sql`
      insert into quiz_question_stats (campaign_id, question_id, district_id, subdistrict_id, community_id, week, answered, correct)
      select a.campaign_id, q.question_id, a.district_id, a.subdistrict_id, a.community_id, ${week}, count(*)::int, count(*) filter (where q.correct)::int
      from quiz_attempts a join quiz_answers q on q.attempt_id = a.id
      where a.campaign_id = ${campaignId} and a.counted and a.state = 'submitted'
      group by 1, 2, 3, 4, 5, 6`);
    await tx.execute(sql`
      insert into survey_stats (campaign_id, item, district_id, subdistrict_id, community_id, week, answered, favourable)
      select a.campaign_id, s.item, a.district_id, a.subdistrict_id, a.community_id, ${week}, count(*)::int, count(*) filter (where s.value >= ${FAVOURABLE_FROM})::int
      from quiz_attempts a join survey_answers s on s.attempt_id = a.id
      where a.campaign_id = ${campaignId} and a.counted and a.state = 'submitted'
      group by 1, 2, 3, 4, 5, 6`);
  });
}
