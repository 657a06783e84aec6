/**
 * The office's review: ask for more information, accept into a round, reject, record the nominee's
 * consent (which publishes), edit or redact the story. Every write is audited in its transaction.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { nominationPhotos, nominations, nominationStoryEdits, type NominationStatus } from '../../../../db/schema';
import { award } from '../community/points';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { notify } from '../notifications';
import { fail, type Result } from '../result';
import { newKey, type Storage } from '../storage';
import { CONTACT_MAX, loadRound, MESSAGE_MAX, STORY_MAX, textLength } from './shared';
import { canTransition, NOMINATION_TRANSITIONS, roundAllows, type NominationTransition, type WorkflowActor } from './workflow';

/** The last three: a consent link (./consent-link.ts) that is spent, out of date, or whose nomination moved on. */
export type ReviewFailure = 'forbidden' | 'not_found' | 'invalid' | 'conflict' | 'round_closed' | 'expired' | 'answered' | 'closed';

type Nomination = typeof nominations.$inferSelect;

interface Step {
  transition: NominationTransition;
  /** Who makes it: the office (default), or the nominee answering a consent link (no account). */
  by?: WorkflowActor;
  /** Checks and extra columns, given the locked row; a failure aborts with nothing written. */
  prepare?: (tx: Db, nomination: Nomination) => Promise<Result<{ set?: Partial<Nomination> }, ReviewFailure>>;
  notice?: (nomination: Nomination) => { messageKey: string; params?: Record<string, string | number>; link?: string };
}

/**
 * Locks the nomination, checks the transition, writes it with the audit entry, notifies the
 * nominator. Runs in the caller's transaction when given one.
 */
export async function transition(
  db: Db,
  actor: Actor | null,
  nominationId: number,
  step: Step,
  requestId?: string,
  now = new Date(),
): Promise<Result<{ status: NominationStatus }, ReviewFailure>> {
  return db.transaction(async (tx) => {
    const [nomination] = await tx.select().from(nominations).where(eq(nominations.id, nominationId)).for('update');
    if (!nomination) return fail('not_found', 'error.notFound');
    if (!canTransition(step.transition, nomination.status, step.by ?? 'office')) {
      return fail('conflict', 'nominations.transition.notAllowed', { params: { status: nomination.status } });
    }
    const prepared = step.prepare ? await step.prepare(tx, nomination) : { ok: true as const, set: {} };
    if (!prepared.ok) return prepared;
    const to = NOMINATION_TRANSITIONS[step.transition].to;
    const set = { ...prepared.set, status: to, updatedAt: now };
    await tx.update(nominations).set(set).where(eq(nominations.id, nominationId));
    const changed = Object.fromEntries(
      Object.keys(set)
        .filter((key) => key !== 'updatedAt')
        .map((key) => [key, nomination[key as keyof Nomination]]),
    );
    await recordAudit(tx, {
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? step.by ?? 'office',
      action: `nomination.${step.transition}`,
      targetType: 'nomination',
      targetId: nominationId,
      summary: { before: changed, after: { ...prepared.set, status: to } },
      requestId: requestId ?? null,
    });
    // Reporter points (积分): an accepted nomination pays its nominator (not a moderator accepting their own).
    if (to === 'accepted' && nomination.nominatorId !== actor?.id) {
      await award(tx, { userId: nomination.nominatorId, event: 'nomination_accepted', sourceKey: `nomination:${nominationId}`, communityId: nomination.communityId }, now);
    }
    const notice = step.notice?.(nomination);
    if (notice) {
      // Every decision on a nomination is one kind of message, so the nominator chooses its channels once.
      await notify(
        tx,
        [nomination.nominatorId],
        {
          kind: 'nomination.decision',
          messageKey: notice.messageKey,
          params: { name: nomination.nomineeName, ...notice.params },
          link: notice.link ?? '/good-people/mine',
          dedupeKey: `nomination.${step.transition}:${nominationId}:${now.getTime()}`,
        },
        now,
      );
    }
    return { ok: true as const, status: to };
  });
}

function requiredText(value: string | undefined, field: string, max = MESSAGE_MAX): Result<{ text: string }, 'invalid'> {
  const text = (value ?? '').trim();
  if (!text) return fail('invalid', 'form.invalid', { fields: { [field]: 'form.required' } });
  if (textLength(text) > max) return fail('invalid', 'form.invalid', { fields: { [field]: 'nominations.text.tooLong' } });
  return { ok: true, text };
}

export async function requestInfo(db: Db, actor: Actor, nominationId: number, message: string, requestId?: string, now = new Date()) {
  const checked = requiredText(message, 'message');
  if (!checked.ok) return checked;
  return transition(
    db,
    actor,
    nominationId,
    {
      transition: 'requestInfo',
      prepare: async () => ({ ok: true, set: { officeMessage: checked.text } }),
      notice: (n) => ({ messageKey: 'nominations.notice.infoRequested', link: `/good-people/nominate?id=${n.id}` }),
    },
    requestId,
    now,
  );
}

export async function rejectNomination(db: Db, actor: Actor, nominationId: number, reason: string, requestId?: string, now = new Date()) {
  const checked = requiredText(reason, 'reason');
  if (!checked.ok) return checked;
  return transition(
    db,
    actor,
    nominationId,
    {
      transition: 'reject',
      prepare: async () => ({ ok: true, set: { officeMessage: checked.text } }),
      notice: () => ({ messageKey: 'nominations.notice.rejected', params: { reason: checked.text } }),
    },
    requestId,
    now,
  );
}

export async function acceptNomination(db: Db, actor: Actor, nominationId: number, roundId: number, requestId?: string, now = new Date()) {
  return transition(
    db,
    actor,
    nominationId,
    {
      transition: 'accept',
      prepare: async (tx) => {
        const round = Number.isInteger(roundId) ? await loadRound(tx, roundId, now) : null;
        if (!round) return fail('invalid', 'form.invalid', { fields: { roundId: 'nominations.round.required' } });
        if (!roundAllows(round.stage, 'accept')) return fail('round_closed', 'nominations.round.notAccepting', { fields: { roundId: 'nominations.round.notAccepting' } });
        return { ok: true, set: { roundId: round.id, officeMessage: null } };
      },
      notice: () => ({ messageKey: 'nominations.notice.accepted' }),
    },
    requestId,
    now,
  );
}

export const CONSENT_METHODS = ['in_person', 'phone', 'written', 'family'] as const;
export type ConsentMethod = (typeof CONSENT_METHODS)[number];

export interface ConsentInput {
  method: string;
  obtainedBy: string;
  obtainedAt: Date | null;
}

/**
 * Records how, by whom and when the nominee consented, which publishes the nomination: its photos
 * get public copies now (until now they existed only in private storage). The copies are written
 * inside the transaction so that the rows can name them; if the transaction does not commit, they
 * are deleted again, so a failed publication leaves no public file behind.
 */
export async function recordConsent(db: Db, storage: Storage, actor: Actor, nominationId: number, input: ConsentInput, requestId?: string, now = new Date()) {
  const fields: Record<string, string> = {};
  if (!(CONSENT_METHODS as readonly string[]).includes(input.method)) fields.method = 'nominations.consent.method.required';
  const obtainedBy = (input.obtainedBy ?? '').trim();
  if (!obtainedBy) fields.obtainedBy = 'form.required';
  else if (textLength(obtainedBy) > CONTACT_MAX) fields.obtainedBy = 'nominations.text.tooLong';
  if (!input.obtainedAt || input.obtainedAt > now) fields.obtainedAt = 'nominations.consent.obtainedAt.invalid';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  const written: string[] = [];
  const unpublish = () => Promise.all(written.map((key) => storage.delete(key)));
  let result: Awaited<ReturnType<typeof transition>>;
  try {
    result = await publishWithConsent(db, storage, actor, nominationId, { ...input, obtainedBy }, written, requestId, now);
  } catch (error) {
    await unpublish();
    throw error;
  }
  if (!result.ok) await unpublish();
  return result;
}

/** How the nominee's own answer to a consent link publishes: like recordConsent, made by the nominee. */
/**
 * Checks and records a consent link's answer under the nomination's lock; a failure publishes nothing.
 * Returns who consented, as the office will see it (the masked phone the link went to).
 */
export type LinkCheck = (tx: Db) => Promise<Result<{ obtainedBy: string }, ReviewFailure>>;

export async function publishByLink(db: Db, storage: Storage, nominationId: number, check: LinkCheck, now = new Date()) {
  const written: string[] = [];
  const unpublish = () => Promise.all(written.map((key) => storage.delete(key)));
  let result: Awaited<ReturnType<typeof transition>>;
  try {
    result = await publishWithConsent(db, storage, null, nominationId, { method: 'link', obtainedBy: '', obtainedAt: now }, written, undefined, now, check);
  } catch (error) {
    await unpublish();
    throw error;
  }
  if (!result.ok) await unpublish();
  return result;
}

async function publishWithConsent(
  db: Db,
  storage: Storage,
  actor: Actor | null,
  nominationId: number,
  input: ConsentInput,
  written: string[],
  requestId: string | undefined,
  now: Date,
  check?: LinkCheck,
) {
  return transition(
    db,
    actor,
    nominationId,
    {
      transition: check ? 'agreeByLink' : 'recordConsent',
      by: check ? 'nominee' : 'office',
      prepare: async (tx, nomination) => {
        let obtainedBy = input.obtainedBy;
        if (check) {
          const checked = await check(tx);
          if (!checked.ok) return checked;
          obtainedBy = checked.obtainedBy;
        }
        const photos = await tx.select().from(nominationPhotos).where(eq(nominationPhotos.nominationId, nomination.id)).orderBy(asc(nominationPhotos.position));
        for (const photo of photos) {
          if (photo.publicKey) continue;
          const [full, thumbnail] = await Promise.all([storage.get(photo.privateKey), storage.get(photo.privateThumbnailKey)]);
          if (!full || !thumbnail) continue;
          const publicKey = newKey('public', 'nominations', 'jpg');
          const publicThumbnailKey = publicKey.replace(/\.jpg$/, '-thumb.jpg');
          written.push(publicKey, publicThumbnailKey);
          await storage.put(publicKey, full.data, full.contentType);
          await storage.put(publicThumbnailKey, thumbnail.data, thumbnail.contentType);
          await tx.update(nominationPhotos).set({ publicKey, publicThumbnailKey }).where(eq(nominationPhotos.id, photo.id));
        }
        return {
          ok: true,
          set: {
            consentMethod: input.method,
            consentObtainedBy: obtainedBy,
            consentObtainedAt: input.obtainedAt,
            consentRecordedBy: actor?.id ?? null,
            consentRecordedAt: now,
            publishedAt: now,
          },
        };
      },
      notice: (n) => ({ messageKey: 'nominations.notice.published', link: `/good-people/${n.id}` }),
    },
    requestId,
    now,
  );
}

/**
 * The office's edit or redaction of the published text. The nominator's original stays in `story`;
 * each edit keeps its before and after, and is audited.
 */
export async function editStory(db: Db, actor: Actor, nominationId: number, input: { text: string; note: string }, requestId?: string): Promise<Result<{}, ReviewFailure>> {
  const text = (input.text ?? '').trim();
  if (!text) return fail('invalid', 'form.invalid', { fields: { text: 'form.required' } });
  if (textLength(text) > STORY_MAX) return fail('invalid', 'form.invalid', { fields: { text: 'nominations.story.length' } });
  const note = (input.note ?? '').trim().slice(0, MESSAGE_MAX);
  return db.transaction(async (tx) => {
    const [nomination] = await tx
      .select({ status: nominations.status, story: nominations.story, publishedStory: nominations.publishedStory })
      .from(nominations)
      .where(eq(nominations.id, nominationId))
      .for('update');
    if (!nomination) return fail('not_found', 'error.notFound');
    if (nomination.status === 'rejected') return fail('conflict', 'nominations.transition.notAllowed', { params: { status: nomination.status } });
    const before = nomination.publishedStory ?? nomination.story;
    if (before === text) return { ok: true as const };
    await tx.update(nominations).set({ publishedStory: text, updatedAt: new Date() }).where(eq(nominations.id, nominationId));
    await tx.insert(nominationStoryEdits).values({ nominationId, before, after: text, note, editedBy: actor.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'nomination.story.edit',
      targetType: 'nomination',
      targetId: nominationId,
      summary: { before: { publishedStory: before }, after: { publishedStory: text, note } },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}
