/**
 * Commands of a quiz sitting: start (draw, fix the deadline, snapshot who is answering) and submit
 * (score on the server, refuse late answers, feed the aggregates when counted). Nothing a client
 * sends about correctness is read: only the option keys it chose.
 *
 * Callers check can(user, 'quiz.take') first; ownership of an attempt is checked here, since the
 * attempt must be read first (a stranger's attempt is "not found", never "forbidden").
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { award } from '../community/points';
import { preparedQuery, type Db } from '../../../../db/client';
import { cachedForOneSecond } from '../cache';
import {
  AGE_BANDS,
  areas,
  GENDERS,
  quizAnswers,
  quizAttempts,
  quizCampaigns,
  quizQuestions,
  SURVEY_ITEMS,
  surveyAnswers,
  type AgeBand,
  type AttemptState,
  type Gender,
  type QuestionKind,
  type QuestionOption,
  type QuizTopic,
  type SurveyItem,
} from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { drawQuestions, type RandomInt } from './draw';
import { addCountedAttempt, isoWeekStart } from './stats';
import { ATTEMPT_TRANSITIONS, canTransition, SUBMIT_GRACE_SECONDS } from './workflow';

export interface StartInput {
  /** Practice attempts are unlimited and never counted. */
  practice: boolean;
  communityId: number | null;
  ageBand?: string | null;
  gender?: string | null;
}

export interface ShownQuestion {
  id: number;
  kind: QuestionKind;
  topic: QuizTopic;
  promptZh: string;
  promptEn: string;
  /** In the order this respondent sees them. */
  options: QuestionOption[];
}

export interface QuestionReview {
  questionId: number;
  chosen: string[];
  correct: string[];
  isCorrect: boolean;
  explanationZh: string;
  explanationEn: string;
}

/** An attempt as its respondent sees it; `review` only once it can no longer be answered. */
export interface AttemptView {
  id: number;
  campaignId: number;
  campaignTitle: { zh: string; en: string };
  counted: boolean;
  state: AttemptState;
  startedAt: Date;
  deadline: Date;
  questions: ShownQuestion[];
  /** Survey items asked with this attempt (empty when the campaign has no survey). */
  survey: SurveyItem[];
  score: number | null;
  review: QuestionReview[] | null;
  surveyAnswers: Partial<Record<SurveyItem, number>>;
}

export type StartFailure = 'invalid' | 'not_found' | 'closed' | 'already_counted' | 'no_questions';

export async function startAttempt(
  db: Db,
  actor: Actor,
  campaignId: number,
  input: StartInput,
  options: { now?: Date; random?: RandomInt } = {},
): Promise<Result<{ attempt: AttemptView; resumed: boolean }, StartFailure>> {
  const now = options.now ?? new Date();
  const [campaign] = Number.isInteger(campaignId) ? await db.select().from(quizCampaigns).where(eq(quizCampaigns.id, campaignId)) : [];
  if (!campaign) return fail('not_found', 'error.notFound');
  if (campaign.state !== 'open') return fail('closed', 'quiz.error.closed');

  const fields: Record<string, string> = {};
  const place = input.communityId ? await communityPlace(db, input.communityId) : null;
  if (!place) fields.communityId = 'quiz.error.community';
  const ageBand = input.ageBand || null;
  if (ageBand !== null && !(AGE_BANDS as readonly string[]).includes(ageBand)) fields.ageBand = 'quiz.error.ageBand';
  const gender = input.gender || null;
  if (gender !== null && !(GENDERS as readonly string[]).includes(gender)) fields.gender = 'quiz.error.gender';
  if (Object.keys(fields).length > 0 || !place) return fail('invalid', 'form.invalid', { fields });

  const candidates = await db
    .select({ id: quizQuestions.id, topic: quizQuestions.topic, kind: quizQuestions.kind, options: quizQuestions.options })
    .from(quizQuestions)
    .where(eq(quizQuestions.active, true));
  const drawn = drawQuestions(
    candidates.map((q) => ({ id: q.id, topic: q.topic, kind: q.kind, optionKeys: q.options.map((o) => o.key) })),
    campaign.questionsPerAttempt,
    options.random,
  );
  if (drawn.length === 0) return fail('no_questions', 'quiz.error.noQuestions');

  // The partial unique index (campaign, user) where counted decides races: a second counted start
  // inserts nothing, and then finds the first one.
  const [created] = await db
    .insert(quizAttempts)
    .values({
      campaignId,
      userId: actor.id,
      counted: !input.practice,
      drawn,
      startedAt: now,
      deadline: new Date(now.getTime() + campaign.timeLimitSeconds * 1000),
      ...place,
      ageBand: ageBand as AgeBand | null,
      gender: gender as Gender | null,
    })
    .onConflictDoNothing()
    .returning({ id: quizAttempts.id });
  if (created) return { ok: true, attempt: (await loadAttemptView(db, created.id, now))!, resumed: false };

  const [counted] = await db
    .select({ id: quizAttempts.id, state: quizAttempts.state, deadline: quizAttempts.deadline })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.campaignId, campaignId), eq(quizAttempts.userId, actor.id), eq(quizAttempts.counted, true)));
  if (counted && counted.state === 'in_progress' && counted.deadline.getTime() > now.getTime()) {
    return { ok: true, attempt: (await loadAttemptView(db, counted.id, now))!, resumed: true };
  }
  return fail('already_counted', 'quiz.error.alreadyCounted');
}

/** The community with its subdistrict and district ids, as copied onto an attempt. */
async function communityPlace(db: Db, communityId: number): Promise<{ communityId: number; subdistrictId: number; districtId: number } | null> {
  const subdistrict = alias(areas, 'subdistrict');
  const [row] = await db
    .select({ communityId: areas.id, subdistrictId: subdistrict.id, districtId: subdistrict.parentId })
    .from(areas)
    .innerJoin(subdistrict, eq(subdistrict.id, areas.parentId))
    .where(and(eq(areas.id, communityId), eq(areas.level, 'community')));
  return row && row.districtId !== null ? { communityId: row.communityId, subdistrictId: row.subdistrictId, districtId: row.districtId } : null;
}

export interface SubmitInput {
  /** Question id → chosen option keys. Questions left out count as unanswered (wrong). */
  answers: Record<number, string[]>;
  survey: Partial<Record<SurveyItem, number>>;
}

export type SubmitFailure = 'not_found' | 'already_submitted' | 'too_late' | 'invalid';

export async function submitAttempt(
  db: Db,
  actor: Actor,
  attemptId: number,
  input: SubmitInput,
  options: { now?: Date } = {},
): Promise<Result<{ attempt: AttemptView }, SubmitFailure>> {
  const now = options.now ?? new Date();
  if (!Number.isSafeInteger(attemptId)) return fail('not_found', 'error.notFound');
  const outcome = await db.transaction(async (tx): Promise<Result<{}, SubmitFailure>> => {
    const [attempt] = await tx.select().from(quizAttempts).where(eq(quizAttempts.id, attemptId)).for('update');
    if (!attempt || attempt.userId !== actor.id) return fail('not_found', 'error.notFound');
    if (attempt.state === 'expired') return fail('too_late', 'quiz.error.tooLate');
    if (!canTransition(ATTEMPT_TRANSITIONS, attempt.state, 'submitted', 'respondent')) return fail('already_submitted', 'quiz.error.alreadySubmitted');
    if (now.getTime() > attempt.deadline.getTime() + SUBMIT_GRACE_SECONDS * 1000) {
      await tx.update(quizAttempts).set({ state: 'expired' }).where(eq(quizAttempts.id, attemptId));
      return fail('too_late', 'quiz.error.tooLate');
    }
    const [campaign] = await tx.select({ withSurvey: quizCampaigns.withSurvey }).from(quizCampaigns).where(eq(quizCampaigns.id, attempt.campaignId));
    const ids = attempt.drawn.map((d) => d.questionId);
    const questions = await tx.select({ id: quizQuestions.id, kind: quizQuestions.kind, correct: quizQuestions.correct }).from(quizQuestions).where(inArray(quizQuestions.id, ids));
    const byId = new Map(questions.map((q) => [q.id, q]));

    const scored: { questionId: number; chosen: string[]; correct: boolean }[] = [];
    for (const drawn of attempt.drawn) {
      const question = byId.get(drawn.questionId)!;
      const raw = input.answers[drawn.questionId] ?? [];
      const chosen = [...new Set(raw)].sort();
      if (!chosen.every((key) => drawn.optionOrder.includes(key)) || (question.kind !== 'multiple' && chosen.length > 1)) {
        return fail('invalid', 'quiz.error.badAnswer');
      }
      const correct = [...question.correct].sort();
      scored.push({ questionId: drawn.questionId, chosen, correct: chosen.length === correct.length && chosen.every((key, i) => key === correct[i]) });
    }
    const survey: { item: SurveyItem; value: number }[] = [];
    if (campaign?.withSurvey) {
      for (const item of SURVEY_ITEMS) {
        const value = input.survey[item];
        if (value === undefined || value === null) continue;
        if (!Number.isInteger(value) || value < 1 || value > 5) return fail('invalid', 'quiz.error.badSurvey');
        survey.push({ item, value });
      }
    }

    const score = scored.filter((answer) => answer.correct).length;
    await tx.insert(quizAnswers).values(scored.map((answer) => ({ attemptId, ...answer })));
    if (survey.length > 0) await tx.insert(surveyAnswers).values(survey.map((answer) => ({ attemptId, ...answer })));
    await tx.update(quizAttempts).set({ state: 'submitted', submittedAt: now, score }).where(eq(quizAttempts.id, attemptId));
    // Points (积分) for a completed quiz: once per campaign and person, whatever the attempts.
    await award(tx, { userId: actor.id, event: 'quiz_completed', sourceKey: `quiz:${attempt.campaignId}`, communityId: attempt.communityId }, now);
    if (attempt.counted) {
      await addCountedAttempt(
        tx,
        { campaignId: attempt.campaignId, districtId: attempt.districtId, subdistrictId: attempt.subdistrictId, communityId: attempt.communityId, week: isoWeekStart(now) },
        scored,
        survey,
      );
    }
    return { ok: true };
  });
  if (!outcome.ok) return outcome;
  return { ok: true, attempt: (await loadAttemptView(db, attemptId, now))! };
}

/** One attempt for its respondent; null when it does not exist or belongs to someone else. */
export async function getAttemptView(db: Db, actor: Actor, attemptId: number, now = new Date()): Promise<AttemptView | null> {
  if (!Number.isSafeInteger(attemptId)) return null;
  // One read for the owner check and the view: someone else's attempt is no attempt.
  const [row] = await preparedQuery(db, attemptViewQuery).execute({ attemptId });
  if (!row || row.attempt.userId !== actor.id) return null;
  return attemptView(db, row, now);
}

/** True when an in-progress attempt can still be submitted at `now`. */
export function isAnswerable(attempt: Pick<AttemptView, 'state' | 'deadline'>, now = new Date()): boolean {
  return attempt.state === 'in_progress' && now.getTime() <= attempt.deadline.getTime() + SUBMIT_GRACE_SECONDS * 1000;
}

/** An attempt with its campaign's title and survey flag, built and prepared once per database handle. */
function attemptViewQuery(db: Db) {
  return db
    .select({ attempt: quizAttempts, titleZh: quizCampaigns.titleZh, titleEn: quizCampaigns.titleEn, withSurvey: quizCampaigns.withSurvey })
    .from(quizAttempts)
    .innerJoin(quizCampaigns, eq(quizCampaigns.id, quizAttempts.campaignId))
    .where(eq(quizAttempts.id, sql.placeholder('attemptId')))
    .prepare('quiz_attempt_view');
}

type QuestionRow = typeof quizQuestions.$inferSelect;
type AttemptRow = { attempt: typeof quizAttempts.$inferSelect; titleZh: string; titleEn: string; withSurvey: boolean };

/**
 * The questions of the bank by id, read at most once a second per process (an attempt's page shows
 * twenty of them; the bank is a few hundred). Text edited in another instance shows a second later;
 * a question newer than the cached bank is read at once.
 */
async function questionsById(db: Db, ids: number[]): Promise<Map<number, QuestionRow>> {
  const bank = await cachedForOneSecond(db, 'quiz:question-bank', async () => new Map((await db.select().from(quizQuestions)).map((q) => [q.id, q])));
  if (ids.every((id) => bank.has(id))) return bank;
  const questions = await db.select().from(quizQuestions).where(inArray(quizQuestions.id, ids));
  return new Map(questions.map((q) => [q.id, q]));
}

async function loadAttemptView(db: Db, attemptId: number, now: Date): Promise<AttemptView | null> {
  const [row] = await preparedQuery(db, attemptViewQuery).execute({ attemptId });
  return row ? attemptView(db, row, now) : null;
}

async function attemptView(db: Db, row: AttemptRow, now: Date): Promise<AttemptView> {
  const { attempt } = row;
  const attemptId = attempt.id;
  const ids = attempt.drawn.map((d) => d.questionId);
  const byId = ids.length ? await questionsById(db, ids) : new Map<number, QuestionRow>();
  const shown: ShownQuestion[] = attempt.drawn.map(({ questionId, optionOrder }) => {
    const q = byId.get(questionId)!;
    const options = new Map(q.options.map((o) => [o.key, o]));
    return { id: q.id, kind: q.kind, topic: q.topic, promptZh: q.promptZh, promptEn: q.promptEn, options: optionOrder.map((key) => options.get(key)!).filter(Boolean) };
  });

  // Answers and explanations are shown once the attempt can no longer be answered, never before.
  let review: QuestionReview[] | null = null;
  const given: Partial<Record<SurveyItem, number>> = {};
  const closed = attempt.state !== 'in_progress' || !isAnswerable(attempt, now);
  if (closed) {
    const chosen = await db.select().from(quizAnswers).where(eq(quizAnswers.attemptId, attemptId));
    const chosenById = new Map(chosen.map((a) => [a.questionId, a]));
    review = attempt.drawn.map(({ questionId }) => {
      const q = byId.get(questionId)!;
      const answer = chosenById.get(questionId);
      return {
        questionId,
        chosen: answer?.chosen ?? [],
        correct: q.correct,
        isCorrect: answer?.correct ?? false,
        explanationZh: q.explanationZh,
        explanationEn: q.explanationEn,
      };
    });
    for (const answer of await db.select().from(surveyAnswers).where(eq(surveyAnswers.attemptId, attemptId))) given[answer.item] = answer.value;
  }
  return {
    id: attempt.id,
    campaignId: attempt.campaignId,
    campaignTitle: { zh: row.titleZh, en: row.titleEn },
    counted: attempt.counted,
    state: attempt.state === 'in_progress' && closed ? 'expired' : attempt.state,
    startedAt: attempt.startedAt,
    deadline: attempt.deadline,
    questions: shown,
    survey: row.withSurvey ? [...SURVEY_ITEMS] : [],
    score: attempt.score,
    review,
    surveyAnswers: given,
  };
}

/** The respondent's own attempts at a campaign, newest first (for the campaign page). */
export async function listOwnAttempts(db: Db, actor: Actor, campaignId: number) {
  return db
    .select({
      id: quizAttempts.id,
      counted: quizAttempts.counted,
      state: quizAttempts.state,
      score: quizAttempts.score,
      startedAt: quizAttempts.startedAt,
      total: sql<number>`jsonb_array_length(${quizAttempts.drawn})::int`,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.campaignId, campaignId), eq(quizAttempts.userId, actor.id)))
    .orderBy(sql`${quizAttempts.startedAt} desc`)
    .limit(20);
}
