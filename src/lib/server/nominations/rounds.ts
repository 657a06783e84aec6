/** Rounds: create and reschedule, close a stage early, shortlist for the notice, announce. All audited. */
import { and, eq, inArray, notInArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  FLAGGED_VOTES_POLICIES,
  nominationAnnouncements,
  nominationObjections,
  nominationRounds,
  nominations,
  ROUND_KINDS,
  type FlaggedVotesPolicy,
  type RoundKind,
} from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { notify } from '../notifications';
import { fail, type Result } from '../result';
import { loadCalendar } from '../calendar';
import { loadRound, MESSAGE_MAX, noticeClosesAfter, NOTICE_WORKING_DAYS_MAX, ROUND_TITLE_MAX, textLength } from './shared';
import { closeStageAt, isOrderedSchedule, roundAllows, SCHEDULE_FIELDS, type RoundSchedule } from './workflow';

export type RoundFailure = 'forbidden' | 'not_found' | 'invalid' | 'wrong_stage' | 'objections_open';

export interface RoundInput {
  kind: string;
  title: string;
  picksPerAccount: number;
  flaggedVotesPolicy: string;
  /** Null where the form's value could not be read. */
  schedule: { [K in keyof RoundSchedule]: Date | null };
  /**
   * The public notice's length in working days (the office's form gives this): the notice's end is
   * then computed on the holiday calendar, and `schedule.noticeClosesAt` is not read.
   */
  noticeWorkingDays?: number | undefined;
}

async function validateRound(db: Db, input: RoundInput) {
  const fields: Record<string, string> = {};
  let dates = input.schedule;
  if (input.noticeWorkingDays !== undefined) {
    const days = input.noticeWorkingDays;
    if (!Number.isInteger(days) || days < 1 || days > NOTICE_WORKING_DAYS_MAX) fields.noticeWorkingDays = 'nominations.round.noticeDays.invalid';
    const opensAt = dates.noticeOpensAt;
    dates = { ...dates, noticeClosesAt: opensAt && !fields.noticeWorkingDays ? noticeClosesAfter(opensAt, days, await loadCalendar(db)) : null };
  }
  if (!(ROUND_KINDS as readonly string[]).includes(input.kind)) fields.kind = 'form.required';
  const title = (input.title ?? '').trim();
  if (!title) fields.title = 'form.required';
  else if (textLength(title) > ROUND_TITLE_MAX) fields.title = 'nominations.text.tooLong';
  if (!Number.isInteger(input.picksPerAccount) || input.picksPerAccount < 1 || input.picksPerAccount > 100) fields.picksPerAccount = 'nominations.round.picks.invalid';
  if (!(FLAGGED_VOTES_POLICIES as readonly string[]).includes(input.flaggedVotesPolicy)) fields.flaggedVotesPolicy = 'form.required';
  for (const field of SCHEDULE_FIELDS) if (!dates[field] && !(field === 'noticeClosesAt' && fields.noticeWorkingDays)) fields[field] = 'nominations.round.date.invalid';
  const schedule = dates as RoundSchedule;
  if (!SCHEDULE_FIELDS.some((field) => fields[field]) && !fields.noticeWorkingDays && !isOrderedSchedule(schedule)) fields.noticeClosesAt = 'nominations.round.schedule.order';
  return {
    fields,
    values: {
      kind: input.kind as RoundKind,
      title,
      picksPerAccount: input.picksPerAccount,
      flaggedVotesPolicy: input.flaggedVotesPolicy as FlaggedVotesPolicy,
      ...schedule,
    },
  };
}

const auditable = (round: Record<string, unknown>) => Object.fromEntries(Object.entries(round).map(([key, value]) => [key, value instanceof Date ? value.toISOString() : value]));

export async function createRound(db: Db, actor: Actor, input: RoundInput, requestId?: string): Promise<Result<{ round: { id: number } }, RoundFailure>> {
  const { fields, values } = await validateRound(db, input);
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const [round] = await tx
      .insert(nominationRounds)
      .values({ ...values, createdBy: actor.id })
      .returning({ id: nominationRounds.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'round.create',
      targetType: 'round',
      targetId: round!.id,
      summary: { before: null, after: auditable(values) },
      requestId: requestId ?? null,
    });
    return { ok: true as const, round: round! };
  });
}

export async function updateRound(db: Db, actor: Actor, roundId: number, input: RoundInput, requestId?: string, now = new Date()): Promise<Result<{}, RoundFailure>> {
  const { fields, values } = await validateRound(db, input);
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const round = await loadRound(tx, roundId, now, true);
    if (!round) return fail('not_found', 'error.notFound');
    if (round.stage === 'announced') return fail('wrong_stage', 'nominations.round.announced');
    // Once ballots exist, the number of picks is part of what people voted under.
    if (round.stage !== 'upcoming' && round.stage !== 'nominating' && round.stage !== 'reviewing' && values.picksPerAccount !== round.picksPerAccount) {
      return fail('invalid', 'form.invalid', { fields: { picksPerAccount: 'nominations.round.picks.locked' } });
    }
    await tx
      .update(nominationRounds)
      .set({ ...values, updatedAt: now })
      .where(eq(nominationRounds.id, roundId));
    const before = Object.fromEntries(Object.keys(values).map((key) => [key, round[key as keyof typeof round]]));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'round.update',
      targetType: 'round',
      targetId: roundId,
      summary: { before: auditable(before), after: auditable(values) },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

/** Ends the current stage now (nominations closing early, say); the server's clock stays the judge. */
export async function closeStageEarly(db: Db, actor: Actor, roundId: number, requestId?: string, now = new Date()): Promise<Result<{ closed: string }, RoundFailure>> {
  return db.transaction(async (tx) => {
    const round = await loadRound(tx, roundId, now, true);
    if (!round) return fail('not_found', 'error.notFound');
    const schedule = closeStageAt(round, round.stage, now);
    if (!schedule) return fail('wrong_stage', 'nominations.round.cannotClose');
    await tx
      .update(nominationRounds)
      .set({ ...schedule, updatedAt: now })
      .where(eq(nominationRounds.id, roundId));
    const pick = (s: RoundSchedule) => auditable(Object.fromEntries(SCHEDULE_FIELDS.map((f) => [f, s[f]])));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'round.closeStage',
      targetType: 'round',
      targetId: roundId,
      summary: { before: { stage: round.stage, ...pick(round) }, after: pick(schedule) },
      requestId: requestId ?? null,
    });
    return { ok: true as const, closed: round.stage };
  });
}

/** Sets which published candidates go on the public notice (拟表彰名单); the others stay candidates. */
export async function shortlistCandidates(
  db: Db,
  actor: Actor,
  roundId: number,
  nominationIds: readonly number[],
  requestId?: string,
  now = new Date(),
): Promise<Result<{ shortlisted: number }, RoundFailure>> {
  const ids = [...new Set(nominationIds.filter((id) => Number.isInteger(id)))];
  return db.transaction(async (tx) => {
    const round = await loadRound(tx, roundId, now, true);
    if (!round) return fail('not_found', 'error.notFound');
    if (!roundAllows(round.stage, 'shortlist')) return fail('wrong_stage', 'nominations.round.cannotShortlist');
    const inRound = eq(nominations.roundId, roundId);
    const added = ids.length
      ? await tx
          .update(nominations)
          .set({ status: 'shortlisted', updatedAt: now })
          .where(and(inRound, eq(nominations.status, 'published'), inArray(nominations.id, ids)))
          .returning({ id: nominations.id })
      : [];
    const removed = await tx
      .update(nominations)
      .set({ status: 'published', updatedAt: now })
      .where(and(inRound, eq(nominations.status, 'shortlisted'), ids.length ? notInArray(nominations.id, ids) : undefined))
      .returning({ id: nominations.id });
    const shortlisted = (
      await tx
        .select({ id: nominations.id })
        .from(nominations)
        .where(and(inRound, eq(nominations.status, 'shortlisted')))
    ).length;
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'round.shortlist',
      targetType: 'round',
      targetId: roundId,
      summary: { before: { removed: removed.map((r) => r.id) }, after: { added: added.map((r) => r.id), shortlisted } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, shortlisted };
  });
}

/**
 * Announces the result once the notice period is over and every objection is resolved: the
 * shortlisted are honoured, the other candidates not selected.
 */
export async function announceRound(
  db: Db,
  actor: Actor,
  roundId: number,
  body: string,
  requestId?: string,
  now = new Date(),
): Promise<Result<{ honoured: number }, RoundFailure>> {
  const text = (body ?? '').trim();
  if (textLength(text) > MESSAGE_MAX) return fail('invalid', 'form.invalid', { fields: { body: 'nominations.text.tooLong' } });
  return db.transaction(async (tx) => {
    const round = await loadRound(tx, roundId, now, true);
    if (!round) return fail('not_found', 'error.notFound');
    if (!roundAllows(round.stage, 'announce')) return fail('wrong_stage', 'nominations.round.cannotAnnounce');
    const open = await tx
      .select({ id: nominationObjections.id })
      .from(nominationObjections)
      .where(and(eq(nominationObjections.roundId, roundId), eq(nominationObjections.status, 'open')))
      .limit(1);
    if (open.length) return fail('objections_open', 'nominations.round.objectionsOpen');
    const honoured = await tx
      .update(nominations)
      .set({ status: 'honoured', updatedAt: now })
      .where(and(eq(nominations.roundId, roundId), eq(nominations.status, 'shortlisted')))
      .returning({ id: nominations.id, nominatorId: nominations.nominatorId, nomineeName: nominations.nomineeName });
    const passed = await tx
      .update(nominations)
      .set({ status: 'not_selected', updatedAt: now })
      .where(and(eq(nominations.roundId, roundId), eq(nominations.status, 'published')))
      .returning({ id: nominations.id, nominatorId: nominations.nominatorId, nomineeName: nominations.nomineeName });
    await tx.insert(nominationAnnouncements).values({ roundId, body: text, announcedBy: actor.id, announcedAt: now });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'round.announce',
      targetType: 'round',
      targetId: roundId,
      summary: { before: null, after: { honoured: honoured.map((n) => n.id), notSelected: passed.map((n) => n.id), body: text } },
      requestId: requestId ?? null,
    });
    // Each nominator hears the outcome: elected, or not chosen this time.
    for (const [people, messageKey] of [
      [honoured, 'nominations.notice.honoured'],
      [passed, 'nominations.notice.notSelected'],
    ] as const) {
      for (const person of people) {
        await notify(
          tx,
          [person.nominatorId],
          {
            kind: 'nomination.decision',
            messageKey,
            params: { name: person.nomineeName, round: round.title },
            link: `/good-people/${person.id}`,
            dedupeKey: `nomination.outcome:${person.id}`,
          },
          now,
        );
      }
    }
    return { ok: true as const, honoured: honoured.length };
  });
}
