/** Objections during the public notice (公示), and the office's recorded outcome for each. */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { nominationObjections, nominations } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { notify } from '../notifications';
import { takeAllowance, type Submitter as LimitSubmitter } from '../limits';
import { fail, type Result } from '../result';
import { CONTACT_MAX, loadRound, MESSAGE_MAX, textLength } from './shared';
import { canTransition, roundAllows } from './workflow';

export const OBJECTION_REASON_MIN = 10;

export interface ObjectionInput {
  roundId: number;
  nominationId: number;
  name: string;
  contact: string;
  reason: string;
}

export async function fileObjection(
  db: Db,
  actor: Actor | null,
  input: ObjectionInput,
  now = new Date(),
  /** The web's submitter (signed out allowed), counted against the `limits.objection` rules. */
  limits?: LimitSubmitter,
): Promise<Result<{ objection: { id: number } }, 'invalid' | 'not_found' | 'notice_closed' | 'rate_limited'>> {
  const fields: Record<string, string> = {};
  const name = (input.name ?? '').trim();
  if (textLength(name) > CONTACT_MAX) fields.name = 'nominations.text.tooLong';
  const contact = (input.contact ?? '').trim();
  if (!contact) fields.contact = 'nominations.objection.contact.required';
  else if (textLength(contact) > CONTACT_MAX) fields.contact = 'nominations.text.tooLong';
  const reason = (input.reason ?? '').trim();
  if (textLength(reason) < OBJECTION_REASON_MIN || textLength(reason) > MESSAGE_MAX) fields.reason = 'nominations.objection.reason.length';
  const round = Number.isInteger(input.roundId) ? await loadRound(db, input.roundId, now) : null;
  if (!round) return fail('not_found', 'error.notFound');
  if (!roundAllows(round.stage, 'object')) return fail('notice_closed', 'nominations.objection.closed');
  const [nominee] = Number.isInteger(input.nominationId)
    ? await db
        .select({ id: nominations.id })
        .from(nominations)
        .where(and(eq(nominations.id, input.nominationId), eq(nominations.roundId, round.id), eq(nominations.status, 'shortlisted')))
    : [];
  if (!nominee) fields.nominationId = 'nominations.objection.nominee.required';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  return db.transaction(async (tx) => {
    const limited = limits ? await takeAllowance(tx, 'objection', limits, now) : null;
    if (limited) return limited;
    const [objection] = await tx
      .insert(nominationObjections)
      .values({ roundId: round.id, nominationId: nominee!.id, userId: actor?.id ?? null, objectorName: name, objectorContact: contact, reason, createdAt: now })
      .returning({ id: nominationObjections.id });
    return { ok: true as const, objection: objection! };
  });
}

/**
 * Records the outcome. An upheld objection takes the candidate off the notice list (not selected);
 * a dismissed one leaves the list as it is. Audited; a signed-in objector is told.
 */
export async function resolveObjection(
  db: Db,
  actor: Actor,
  objectionId: number,
  input: { outcome: string; note: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{}, 'forbidden' | 'not_found' | 'invalid' | 'conflict'>> {
  if (input.outcome !== 'upheld' && input.outcome !== 'dismissed') return fail('invalid', 'form.invalid', { fields: { outcome: 'form.required' } });
  const note = (input.note ?? '').trim();
  if (!note) return fail('invalid', 'form.invalid', { fields: { note: 'form.required' } });
  if (textLength(note) > MESSAGE_MAX) return fail('invalid', 'form.invalid', { fields: { note: 'nominations.text.tooLong' } });
  const outcome = input.outcome;
  return db.transaction(async (tx) => {
    const [objection] = await tx.select().from(nominationObjections).where(eq(nominationObjections.id, objectionId)).for('update');
    if (!objection) return fail('not_found', 'error.notFound');
    if (objection.status !== 'open') return fail('conflict', 'nominations.objection.alreadyResolved');
    const round = await loadRound(tx, objection.roundId, now, true);
    if (round?.stage === 'announced') return fail('conflict', 'nominations.round.announced');
    await tx.update(nominationObjections).set({ status: outcome, outcome: note, resolvedBy: actor.id, resolvedAt: now }).where(eq(nominationObjections.id, objectionId));
    let nominationStatus: string | null = null;
    if (outcome === 'upheld') {
      const [nomination] = await tx.select({ status: nominations.status }).from(nominations).where(eq(nominations.id, objection.nominationId)).for('update');
      if (nomination && canTransition('upholdObjection', nomination.status, 'office')) {
        await tx.update(nominations).set({ status: 'not_selected', updatedAt: now }).where(eq(nominations.id, objection.nominationId));
        nominationStatus = 'not_selected';
      }
    }
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'objection.resolve',
      targetType: 'objection',
      targetId: objectionId,
      summary: { before: { status: 'open' }, after: { status: outcome, outcome: note, nominationStatus } },
      requestId: requestId ?? null,
    });
    if (objection.userId) {
      await notify(tx, [objection.userId], {
        kind: 'objection.resolve',
        messageKey: `nominations.notice.objection.${outcome}`,
        params: { round: round?.title ?? '' },
        link: `/good-people/rounds/${objection.roundId}/notice`,
      });
    }
    return { ok: true as const };
  });
}
