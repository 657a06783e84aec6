/**
 * Telling residents who opted in (kind `round.open`, by SMS or e-mail: off unless chosen) that a
 * round opens for nominations and, later, for voting. Stages follow the round's schedule and the
 * clock (./workflow.ts), so a recurring job looks every 5 minutes for stages opened in the last day
 * and starts one announcement job per round and stage (a singleton key: once across instances).
 * The announcement walks the opted-in users by id in batches, each a once-only notice (dedupe key
 * per round, stage and user), and hands the rest to a follow-up job after a few batches, so no run
 * outlives its lease and a rerun after a crash tells nobody twice.
 */
import { and, asc, eq, gt, isNull, lte } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { nominationAnnouncements, nominationRounds, notificationPreferences } from '../../../../db/schema';
import { defineJob, defineRecurring } from '../jobs';
import { notify } from '../notifications';

const DAY_MS = 86_400_000;
export const ROUND_ALERT_STAGES = [
  { stage: 'nominating', opensAt: 'nominationOpensAt', messageKey: 'nominations.notice.roundOpen.nominating', link: (_id: number) => '/good-people/nominate' },
  { stage: 'voting', opensAt: 'votingOpensAt', messageKey: 'nominations.notice.roundOpen.voting', link: (id: number) => `/good-people/rounds/${id}` },
] as const;
type AlertStage = (typeof ROUND_ALERT_STAGES)[number]['stage'];

/** The users who chose to hear of rounds opening, after `afterUserId`, by id. */
async function optedIn(db: Db, afterUserId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectDistinct({ userId: notificationPreferences.userId })
    .from(notificationPreferences)
    .where(and(eq(notificationPreferences.kind, 'round.open'), eq(notificationPreferences.enabled, true), gt(notificationPreferences.userId, afterUserId)))
    .orderBy(asc(notificationPreferences.userId))
    .limit(limit);
  return rows.map((row) => row.userId);
}

export interface AnnouncePayload {
  roundId: number;
  stage: AlertStage;
  afterUserId?: number;
}

/**
 * Tells up to `batches` batches of opted-in users; returns the last user id told, or null when
 * everyone has been.
 */
export async function announceRoundOpen(db: Db, payload: AnnouncePayload, now: Date, options: { batch?: number; batches?: number } = {}): Promise<number | null> {
  const batch = options.batch ?? 500;
  const [round] = await db.select({ id: nominationRounds.id, title: nominationRounds.title }).from(nominationRounds).where(eq(nominationRounds.id, payload.roundId));
  const stage = ROUND_ALERT_STAGES.find((entry) => entry.stage === payload.stage);
  if (!round || !stage) return null;
  let after = payload.afterUserId ?? 0;
  for (let n = 0; n < (options.batches ?? 20); n++) {
    const userIds = await optedIn(db, after, batch);
    if (userIds.length === 0) return null;
    await db.transaction(async (tx) =>
      notify(
        tx as unknown as Db,
        userIds,
        { kind: 'round.open', messageKey: stage.messageKey, params: { round: round.title }, link: stage.link(round.id), dedupeKey: `round.open:${round.id}:${stage.stage}` },
        now,
      ),
    );
    after = userIds[userIds.length - 1]!;
    if (userIds.length < batch) return null;
  }
  return after;
}

export const announceRoundOpenJob = defineJob('nominations.round-open', async (payload: AnnouncePayload, { db, now }) => {
  const next = await announceRoundOpen(db, payload, now);
  if (next !== null) {
    await announceRoundOpenJob.enqueue(db, { ...payload, afterUserId: next }, { singletonKey: `round.open:${payload.roundId}:${payload.stage}:${next}`, runAt: now });
  }
});

/** Starts the announcement of every stage opened in the day before `now` (once each, ever). */
export async function startRoundOpenAlerts(db: Db, now: Date): Promise<number> {
  let started = 0;
  const since = new Date(now.getTime() - DAY_MS);
  for (const stage of ROUND_ALERT_STAGES) {
    const column = nominationRounds[stage.opensAt];
    const next = stage.stage === 'nominating' ? nominationRounds.reviewOpensAt : nominationRounds.votingClosesAt;
    const rounds = await db
      .select({ id: nominationRounds.id })
      .from(nominationRounds)
      .leftJoin(nominationAnnouncements, eq(nominationAnnouncements.roundId, nominationRounds.id))
      // Opened within the day, and the stage still open.
      .where(and(lte(column, now), gt(column, since), gt(next, now), isNull(nominationAnnouncements.id)));
    for (const round of rounds) {
      const id = await announceRoundOpenJob.enqueue(db, { roundId: round.id, stage: stage.stage }, { singletonKey: `round.open:${round.id}:${stage.stage}`, runAt: now });
      if (id) started++;
    }
  }
  return started;
}

export const roundOpenCheck = defineJob('nominations.round-open-check', async (_payload: object, { db, now }) => {
  await startRoundOpenAlerts(db, now);
});
defineRecurring('nominations.round-open-check', roundOpenCheck, { every: '5m' });
