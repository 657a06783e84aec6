/**
 * The nominee's consent by a signed link. The office sends it by SMS to the nominee's phone
 * (`requestConsentByLink`); the nominee opens /good-people/consent?t=… without an account, reads the
 * story as it would be published, and agrees (the nomination is published, as when the office
 * records a consent) or declines (it leaves the round; the nominator is told). A link is a request's
 * id with an HMAC-SHA256 signature under APP_SECRET over the id and the nomination; it works once,
 * for CONSENT_LINK_DAYS, and only while it is the nomination's latest request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, nominationConsentRequests, nominationRounds, nominations, type ConsentAnswer } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { maskPhone, normalizePhone } from '../auth/phone';
import type { Actor } from '../auth/permissions';
import { config } from '../config';
import { notifyPhone } from '../notifications';
import { fail, type Result } from '../result';
import type { Storage } from '../storage';
import { publishByLink, transition, type ReviewFailure } from './review';

export const CONSENT_LINK_DAYS = 14;
const DAY_MS = 86_400_000;

function signature(requestId: number, nominationId: number): string {
  return createHmac('sha256', config.appSecret).update(`nomination-consent\n${requestId}\n${nominationId}`).digest('base64url').slice(0, 27);
}

export function consentToken(requestId: number, nominationId: number): string {
  return `${requestId}.${signature(requestId, nominationId)}`;
}

export function consentUrl(requestId: number, nominationId: number): string {
  return `${config.publicOrigin ?? 'http://localhost:4321'}/good-people/consent?t=${consentToken(requestId, nominationId)}`;
}

function parseToken(token: string): { requestId: number; signature: string } | null {
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{27})$/.exec(token);
  return match ? { requestId: Number(match[1]), signature: match[2]! } : null;
}

function signedFor(given: string, requestId: number, nominationId: number): boolean {
  const expected = Buffer.from(signature(requestId, nominationId));
  const actual = Buffer.from(given);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

type RequestRow = typeof nominationConsentRequests.$inferSelect;

/** The request a token stands for, if it still takes an answer at `now`. */
async function openRequest(db: Db, token: string, now: Date, forUpdate: boolean): Promise<Result<{ request: RequestRow }, ReviewFailure>> {
  const parsed = parseToken(token);
  if (!parsed) return fail('invalid', 'nominations.consentLink.invalid');
  const query = db.select().from(nominationConsentRequests).where(eq(nominationConsentRequests.id, parsed.requestId));
  const [request] = forUpdate ? await query.for('update') : await query;
  if (!request || !signedFor(parsed.signature, request.id, request.nominationId)) return fail('invalid', 'nominations.consentLink.invalid');
  if (request.answeredAt) return fail('answered', 'nominations.consentLink.answered', { params: { answer: request.answer ?? '' } });
  if (request.expiresAt <= now) return fail('expired', 'nominations.consentLink.expired');
  const [latest] = await db
    .select({ id: nominationConsentRequests.id })
    .from(nominationConsentRequests)
    .where(eq(nominationConsentRequests.nominationId, request.nominationId))
    .orderBy(desc(nominationConsentRequests.id))
    .limit(1);
  if (latest?.id !== request.id) return fail('expired', 'nominations.consentLink.expired');
  return { ok: true, request };
}

/**
 * The office sends the consent link to the nominee's phone (an accepted nomination, not yet
 * published). A new request replaces any earlier link. Audited; the phone is kept masked.
 */
export async function requestConsentByLink(
  db: Db,
  actor: Actor,
  nominationId: number,
  input: { phone: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{ expiresAt: Date }, ReviewFailure>> {
  const phone = normalizePhone(input.phone ?? '');
  if (!phone) return fail('invalid', 'form.invalid', { fields: { phone: 'nominations.consentLink.phoneInvalid' } });
  return db.transaction(async (tx) => {
    const [nomination] = await tx
      .select({ id: nominations.id, status: nominations.status, nomineeName: nominations.nomineeName, round: nominationRounds.title })
      .from(nominations)
      .leftJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
      .where(eq(nominations.id, nominationId))
      .for('update', { of: nominations });
    if (!nomination) return fail('not_found', 'error.notFound');
    if (nomination.status !== 'accepted') return fail('conflict', 'nominations.transition.notAllowed', { params: { status: nomination.status } });
    const expiresAt = new Date(now.getTime() + CONSENT_LINK_DAYS * DAY_MS);
    const [request] = await tx
      .insert(nominationConsentRequests)
      .values({ nominationId, phoneMasked: maskPhone(phone), requestedBy: actor.id, createdAt: now, expiresAt })
      .returning({ id: nominationConsentRequests.id });
    await notifyPhone(
      tx,
      phone,
      {
        kind: 'nomination.consent',
        messageKey: 'nominations.consentLink.sms',
        params: { name: nomination.nomineeName, round: nomination.round ?? '', url: consentUrl(request!.id, nominationId), expiresAt: expiresAt.toISOString() },
        dedupeKey: `nomination.consent:${request!.id}`,
      },
      now,
    );
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'nomination.consent.request',
      targetType: 'nomination',
      targetId: nominationId,
      summary: { before: null, after: { request: request!.id, phone: maskPhone(phone), expiresAt: expiresAt.toISOString() } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, expiresAt };
  });
}

/** The nomination's latest consent request, for the office's page. */
export async function latestConsentRequest(db: Db, nominationId: number) {
  const [row] = await db
    .select({
      createdAt: nominationConsentRequests.createdAt,
      phoneMasked: nominationConsentRequests.phoneMasked,
      expiresAt: nominationConsentRequests.expiresAt,
      answer: nominationConsentRequests.answer,
    })
    .from(nominationConsentRequests)
    .where(eq(nominationConsentRequests.nominationId, nominationId))
    .orderBy(desc(nominationConsentRequests.id))
    .limit(1);
  return row ?? null;
}

/** What the consent page shows: the nomination as it would be published, if the link is open. */
export async function consentRequestView(db: Db, token: string, now = new Date()) {
  const open = await openRequest(db, token, now, false);
  if (!open.ok) return open;
  const [nomination] = await db
    .select({
      nomineeName: nominations.nomineeName,
      category: nominations.category,
      story: nominations.story,
      publishedStory: nominations.publishedStory,
      status: nominations.status,
      round: nominationRounds.title,
      community: areas.nameZh,
    })
    .from(nominations)
    .leftJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
    .leftJoin(areas, eq(areas.id, nominations.communityId))
    .where(eq(nominations.id, open.request.nominationId));
  if (!nomination || nomination.status !== 'accepted') return fail('closed', 'nominations.consentLink.closed');
  return {
    ok: true as const,
    expiresAt: open.request.expiresAt,
    nomination: {
      nomineeName: nomination.nomineeName,
      category: nomination.category,
      story: nomination.publishedStory ?? nomination.story,
      round: nomination.round ?? '',
      community: nomination.community ?? '',
    },
  };
}

/**
 * The nominee's answer. Agreeing publishes the nomination (its photos get public copies, as with a
 * consent the office records); declining takes it out of the round (rejected) and tells the
 * nominator. Either way the link is spent; a second answer is refused.
 */
export async function answerConsent(db: Db, storage: Storage, token: string, answer: ConsentAnswer, now = new Date()): Promise<Result<{ answer: ConsentAnswer }, ReviewFailure>> {
  // Read first to say why a link no longer works; checked again under the lock below.
  const open = await openRequest(db, token, now, false);
  if (!open.ok) return open;
  const row = open.request;
  // Under the nomination's lock (taken by the transition first): the request is still open, and is spent.
  const check = async (tx: Db): Promise<Result<{ obtainedBy: string }, ReviewFailure>> => {
    const open = await openRequest(tx, token, now, true);
    if (!open.ok) return open;
    await tx
      .update(nominationConsentRequests)
      .set({ answer, answeredAt: now })
      .where(and(eq(nominationConsentRequests.id, open.request.id), eq(nominationConsentRequests.nominationId, row.nominationId)));
    return { ok: true, obtainedBy: open.request.phoneMasked };
  };
  const result =
    answer === 'agreed'
      ? await publishByLink(db, storage, row.nominationId, check, now)
      : await transition(
          db,
          null,
          row.nominationId,
          {
            transition: 'declineByLink',
            by: 'nominee',
            prepare: async (tx) => {
              const checked = await check(tx);
              return checked.ok ? { ok: true, set: {} } : checked;
            },
            notice: () => ({ messageKey: 'nominations.notice.declined' }),
          },
          undefined,
          now,
        );
  if (!result.ok) {
    // A nomination that moved on (published or rejected by the office meanwhile) closes its link.
    return result.code === 'conflict' ? fail('closed', 'nominations.consentLink.closed') : result;
  }
  return { ok: true, answer };
}
