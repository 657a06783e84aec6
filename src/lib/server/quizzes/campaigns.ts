/** Quiz campaigns: list, read, create and move through the campaign state machine (audited). */
import { asc, desc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { quizCampaigns, type CampaignState } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit/record';
import { fail, type Result } from '../result';
import { CAMPAIGN_TRANSITIONS, canTransition } from './workflow';

export type Campaign = typeof quizCampaigns.$inferSelect;

/** Campaigns residents can see: open ones first, then closed ones (for their rates). */
export async function listCampaigns(db: Db, filter: { states?: CampaignState[] } = {}): Promise<Campaign[]> {
  return db
    .select()
    .from(quizCampaigns)
    .where(filter.states ? inArray(quizCampaigns.state, filter.states) : undefined)
    .orderBy(asc(quizCampaigns.state), desc(quizCampaigns.id));
}

export async function getCampaign(db: Db, id: number): Promise<Campaign | null> {
  if (!Number.isInteger(id)) return null;
  const [row] = await db.select().from(quizCampaigns).where(eq(quizCampaigns.id, id));
  return row ?? null;
}

export interface CampaignInput {
  titleZh: string;
  titleEn: string;
  descriptionZh?: string;
  descriptionEn?: string;
  questionsPerAttempt: number;
  timeLimitSeconds: number;
  withSurvey: boolean;
}

export async function createCampaign(db: Db, actor: Actor, input: CampaignInput, requestId?: string): Promise<Result<{ campaign: Campaign }, 'invalid'>> {
  const fields: Record<string, string> = {};
  const titleZh = input.titleZh.trim();
  const titleEn = input.titleEn.trim() || titleZh;
  if (!titleZh || titleZh.length > 100) fields.titleZh = 'quiz.campaign.error.title';
  if (!Number.isInteger(input.questionsPerAttempt) || input.questionsPerAttempt < 1 || input.questionsPerAttempt > 100) fields.questionsPerAttempt = 'quiz.campaign.error.count';
  if (!Number.isInteger(input.timeLimitSeconds) || input.timeLimitSeconds < 30 || input.timeLimitSeconds > 7200) fields.timeLimitSeconds = 'quiz.campaign.error.time';
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [campaign] = await tx
      .insert(quizCampaigns)
      .values({ ...input, titleZh, titleEn, descriptionZh: input.descriptionZh ?? '', descriptionEn: input.descriptionEn ?? '' })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'quiz.campaign.create',
      targetType: 'quiz_campaign',
      targetId: campaign!.id,
      summary: { after: { titleZh, questionsPerAttempt: input.questionsPerAttempt, timeLimitSeconds: input.timeLimitSeconds } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, campaign: campaign! };
  });
}

export async function changeCampaignState(db: Db, actor: Actor, id: number, to: CampaignState, requestId?: string): Promise<Result<{}, 'not_found' | 'invalid_transition'>> {
  return db.transaction(async (tx) => {
    const [campaign] = await tx.select({ state: quizCampaigns.state }).from(quizCampaigns).where(eq(quizCampaigns.id, id)).for('update');
    if (!campaign) return fail('not_found', 'error.notFound');
    if (!canTransition(CAMPAIGN_TRANSITIONS, campaign.state, to, 'admin')) return fail('invalid_transition', 'quiz.campaign.error.transition');
    await tx.update(quizCampaigns).set({ state: to, updatedAt: new Date() }).where(eq(quizCampaigns.id, id));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'quiz.campaign.state',
      targetType: 'quiz_campaign',
      targetId: id,
      summary: { before: { state: campaign.state }, after: { state: to } },
      requestId: requestId ?? null,
    });
    return { ok: true };
  });
}
