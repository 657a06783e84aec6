/**
 * Ballots. One per account per round (a unique index decides, under any concurrency); its picks
 * are checked against the round's limit on the one insert that carries them all. Ballots from an
 * address that casts many in one window, or from accounts created just before voting, are flagged
 * for the office, which may discount them with a recorded reason.
 */
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { nominationBallotBursts, nominationBallots, nominations, nominationVotes, users, type VoteFlag } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { getSettings } from '../settings';
import { loadRound, MESSAGE_MAX, textLength } from './shared';
import { roundAllows } from './workflow';

export type BallotFailure = 'forbidden' | 'not_found' | 'invalid' | 'voting_closed' | 'phone_unverified' | 'already_voted';

export interface BallotInput {
  roundId: number;
  nominationIds: readonly number[];
  /** The voter's address, for burst detection. */
  ip: string;
}

export async function castBallot(
  db: Db,
  actor: Actor,
  input: BallotInput,
  now = new Date(),
): Promise<Result<{ ballot: { id: number; picks: number; flags: VoteFlag[] } }, BallotFailure>> {
  const ids = [...new Set(input.nominationIds)];
  if (ids.length === 0 || ids.some((id) => !Number.isInteger(id) || id <= 0)) {
    return fail('invalid', 'nominations.vote.none', { fields: { nominees: 'nominations.vote.none' } });
  }
  const settings = await getSettings(db, ['nominations.flag.burstBallots', 'nominations.flag.burstWindowMinutes', 'nominations.flag.newAccountHours']);
  return db.transaction(async (tx) => {
    const round = await loadRound(tx, input.roundId, now);
    if (!round) return fail('not_found', 'error.notFound');
    if (!roundAllows(round.stage, 'vote')) return fail('voting_closed', 'nominations.vote.closed');
    if (ids.length > round.picksPerAccount) {
      return fail('invalid', 'nominations.vote.tooMany', { params: { picks: round.picksPerAccount }, fields: { nominees: 'nominations.vote.tooMany' } });
    }
    const [voter] = await tx.select({ verifiedAt: users.phoneVerifiedAt, createdAt: users.createdAt }).from(users).where(eq(users.id, actor.id));
    if (!voter) return fail('forbidden', 'error.forbidden');
    if (!voter.verifiedAt) return fail('phone_unverified', 'nominations.vote.phoneUnverified');
    const candidates = await tx
      .select({ id: nominations.id })
      .from(nominations)
      .where(and(eq(nominations.roundId, round.id), eq(nominations.status, 'published'), inArray(nominations.id, ids)));
    if (candidates.length !== ids.length) return fail('invalid', 'nominations.vote.notCandidate', { fields: { nominees: 'nominations.vote.notCandidate' } });

    const flags: VoteFlag[] = [];
    if (now.getTime() - voter.createdAt.getTime() < settings['nominations.flag.newAccountHours'] * 3600_000) flags.push('new_account');
    const [ballot] = await tx
      .insert(nominationBallots)
      .values({ roundId: round.id, userId: actor.id, ip: input.ip, picks: ids.length, flags, createdAt: now })
      .onConflictDoNothing({ target: [nominationBallots.roundId, nominationBallots.userId] })
      .returning({ id: nominationBallots.id });
    if (!ballot) return fail('already_voted', 'nominations.vote.already');

    // Counting per fixed window with an upsert serializes ballots of one address on one row, so the
    // ballot that crosses the threshold sees every earlier one and flags them all.
    const windowMs = settings['nominations.flag.burstWindowMinutes'] * 60_000;
    const windowStart = new Date(Math.floor(now.getTime() / windowMs) * windowMs);
    const [burst] = await tx
      .insert(nominationBallotBursts)
      .values({ roundId: round.id, ip: input.ip, windowStart, ballots: 1 })
      .onConflictDoUpdate({
        target: [nominationBallotBursts.roundId, nominationBallotBursts.ip, nominationBallotBursts.windowStart],
        set: { ballots: sql`${nominationBallotBursts.ballots} + 1` },
      })
      .returning({ ballots: nominationBallotBursts.ballots });
    if (burst!.ballots >= settings['nominations.flag.burstBallots']) {
      flags.push('burst');
      await tx
        .update(nominationBallots)
        .set({ flags: sql`case when ${nominationBallots.flags} @> '["burst"]'::jsonb then ${nominationBallots.flags} else ${nominationBallots.flags} || '["burst"]'::jsonb end` })
        .where(and(eq(nominationBallots.roundId, round.id), eq(nominationBallots.ip, input.ip), gte(nominationBallots.createdAt, windowStart)));
    }
    await tx.insert(nominationVotes).values(ids.map((nominationId) => ({ ballotId: ballot.id, roundId: round.id, userId: actor.id, nominationId, createdAt: now })));
    return { ok: true as const, ballot: { id: ballot.id, picks: ids.length, flags } };
  });
}

/** The office's decision on a flagged ballot: keep it, or discount it with a reason. Audited. */
export async function reviewBallot(
  db: Db,
  actor: Actor,
  ballotId: number,
  input: { decision: 'keep' | 'discount'; reason: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{}, 'forbidden' | 'not_found' | 'invalid'>> {
  const reason = (input.reason ?? '').trim();
  if (input.decision !== 'keep' && input.decision !== 'discount') return fail('invalid', 'form.invalid');
  if (input.decision === 'discount' && !reason) return fail('invalid', 'form.invalid', { fields: { reason: 'nominations.ballot.reasonRequired' } });
  if (textLength(reason) > MESSAGE_MAX) return fail('invalid', 'form.invalid', { fields: { reason: 'nominations.text.tooLong' } });
  return db.transaction(async (tx) => {
    const [ballot] = await tx.select().from(nominationBallots).where(eq(nominationBallots.id, ballotId)).for('update');
    if (!ballot) return fail('not_found', 'error.notFound');
    const after =
      input.decision === 'discount'
        ? { discountedAt: now, discountReason: reason, keptAt: null, reviewedBy: actor.id }
        : { discountedAt: null, discountReason: reason || null, keptAt: now, reviewedBy: actor.id };
    await tx.update(nominationBallots).set(after).where(eq(nominationBallots.id, ballotId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: `ballot.${input.decision}`,
      targetType: 'ballot',
      targetId: ballotId,
      summary: {
        before: { discountedAt: ballot.discountedAt?.toISOString() ?? null, keptAt: ballot.keptAt?.toISOString() ?? null, flags: ballot.flags },
        after: { decision: input.decision, reason },
      },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}
