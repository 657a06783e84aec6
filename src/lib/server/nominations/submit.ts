/** Nominating someone, and editing the nomination when the office asks for more information. */
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, NOMINATION_CATEGORIES, nominationPhotos, nominations, type NominationCategory } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { nominationPermissions } from './permissions';
import { storePhoto, type StoredPhoto } from '../photos';
import { checkAllowance, takeAllowance, type Submitter as LimitSubmitter } from '../limits';
import { fail, type Result } from '../result';
import type { Storage } from '../storage';
import { CONTACT_MAX, EVIDENCE_MAX, NOMINEE_NAME_MAX, PHOTOS_MAX, STORY_MAX, STORY_MIN, textLength } from './shared';
import { canTransition } from './workflow';
import { requireGuardianConsent } from '../privacy/minors';

export interface NominationInput {
  nomineeName: string;
  communityId: number;
  category: string;
  story: string;
  nominatorContact: string;
  evidence: string;
}

/** An uploaded photo: its bytes and the name the person chose it by (for "please re-add …"). */
export interface PhotoUpload {
  name: string;
  bytes: Uint8Array;
}

export type NominationFailure = 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'guardian_consent_required';

function isCategory(value: string): value is NominationCategory {
  return (NOMINATION_CATEGORIES as readonly string[]).includes(value);
}

async function validate(db: Db, input: NominationInput, photoCount: number) {
  const fields: Record<string, string> = {};
  const nomineeName = (input.nomineeName ?? '').trim();
  if (!nomineeName) fields.nomineeName = 'nominations.nomineeName.required';
  else if (textLength(nomineeName) > NOMINEE_NAME_MAX) fields.nomineeName = 'nominations.nomineeName.tooLong';
  const [community] =
    Number.isInteger(input.communityId) && input.communityId > 0
      ? await db
          .select({ id: areas.id })
          .from(areas)
          .where(and(eq(areas.id, input.communityId), eq(areas.level, 'community')))
      : [];
  if (!community) fields.communityId = 'nominations.community.required';
  if (!isCategory(input.category)) fields.category = 'nominations.category.required';
  const story = (input.story ?? '').trim();
  const storyLength = textLength(story);
  if (storyLength < STORY_MIN || storyLength > STORY_MAX) fields.story = 'nominations.story.length';
  const nominatorContact = (input.nominatorContact ?? '').trim();
  if (!nominatorContact) fields.nominatorContact = 'nominations.contact.required';
  else if (textLength(nominatorContact) > CONTACT_MAX) fields.nominatorContact = 'nominations.contact.tooLong';
  const evidence = (input.evidence ?? '').trim();
  if (textLength(evidence) > EVIDENCE_MAX) fields.evidence = 'nominations.evidence.tooLong';
  if (photoCount > PHOTOS_MAX) fields.photos = 'nominations.photos.tooMany';
  const values = { nomineeName, communityId: input.communityId, category: input.category as NominationCategory, story, nominatorContact, evidence };
  return { fields, values };
}

/** Runs every photo through the pipeline into private storage; on any failure, says which. */
async function storePhotos(storage: Storage, photos: readonly PhotoUpload[]): Promise<Result<{ stored: StoredPhoto[] }, 'invalid'>> {
  const stored: StoredPhoto[] = [];
  for (const photo of photos) {
    const result = await storePhoto(storage, photo.bytes, { folder: 'nominations', visibility: 'private' });
    if (!result.ok) {
      await Promise.all(stored.flatMap((done) => [storage.delete(done.key), storage.delete(done.thumbnailKey)]));
      return fail('invalid', 'form.invalid', { fields: { photos: result.message }, params: { ...result.params, name: photo.name } });
    }
    stored.push(result.photo);
  }
  return { ok: true, stored };
}

export async function submitNomination(
  db: Db,
  storage: Storage,
  actor: Actor,
  input: NominationInput,
  photos: readonly PhotoUpload[] = [],
  /** The web's and the API's submitter, counted against the `limits.nomination` rules. */
  limits?: LimitSubmitter,
): Promise<Result<{ nomination: { id: number; status: 'submitted' } }, NominationFailure | 'rate_limited'>> {
  // A child who may be under 14 nominates only with a guardian's consent (PIPL art. 31).
  const guardian = await requireGuardianConsent(db, actor.id);
  if (!guardian.ok) return guardian;
  const { fields, values } = await validate(db, input, photos.length);
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  const early = limits ? await checkAllowance(db, 'nomination', limits) : null;
  if (early) return early;
  const stored = await storePhotos(storage, photos);
  if (!stored.ok) return stored;
  const nomination = await db.transaction(async (tx) => {
    const limited = limits ? await takeAllowance(tx, 'nomination', limits) : null;
    if (limited) return limited;
    const [created] = await tx
      .insert(nominations)
      .values({ ...values, nominatorId: actor.id, status: 'submitted' })
      .returning({ id: nominations.id });
    if (stored.stored.length) {
      await tx.insert(nominationPhotos).values(
        stored.stored.map((photo, position) => ({
          nominationId: created!.id,
          position,
          privateKey: photo.key,
          privateThumbnailKey: photo.thumbnailKey,
          width: photo.width,
          height: photo.height,
        })),
      );
    }
    return created!;
  });
  if ('ok' in nomination) {
    await Promise.all(stored.stored.flatMap((done) => [storage.delete(done.key), storage.delete(done.thumbnailKey)]));
    return nomination;
  }
  return { ok: true, nomination: { id: nomination.id, status: 'submitted' } };
}

/**
 * The nominator's edit after a request for information; it goes back to the office's queue. Photos
 * named in `removePhotoIds` are taken off (their files deleted once the edit is committed), new ones
 * are added after the photos kept.
 */
export async function resubmitNomination(
  db: Db,
  storage: Storage,
  actor: Actor,
  nominationId: number,
  input: NominationInput,
  photos: readonly PhotoUpload[] = [],
  removePhotoIds: readonly number[] = [],
): Promise<Result<{ nomination: { id: number; status: 'submitted' } }, NominationFailure>> {
  const [current] = await db.select({ nominatorId: nominations.nominatorId, status: nominations.status }).from(nominations).where(eq(nominations.id, nominationId));
  if (!current) return fail('not_found', 'error.notFound');
  if (!nominationPermissions['nominations.edit'](actor, current)) return fail('forbidden', 'nominations.edit.notAllowed');
  const existing = await db.select({ id: nominationPhotos.id }).from(nominationPhotos).where(eq(nominationPhotos.nominationId, nominationId));
  const removing = new Set(removePhotoIds.filter((id) => existing.some((photo) => photo.id === id)));
  const { fields, values } = await validate(db, input, existing.length - removing.size + photos.length);
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  const stored = await storePhotos(storage, photos);
  if (!stored.ok) return stored;
  const result = await db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: nominations.status }).from(nominations).where(eq(nominations.id, nominationId)).for('update');
    if (!locked || !canTransition('resubmit', locked.status, 'nominator')) return fail('conflict', 'nominations.edit.notAllowed');
    await tx
      .update(nominations)
      .set({ ...values, status: 'submitted', updatedAt: new Date() })
      .where(eq(nominations.id, nominationId));
    const removed = removing.size
      ? await tx
          .delete(nominationPhotos)
          .where(and(eq(nominationPhotos.nominationId, nominationId), inArray(nominationPhotos.id, [...removing])))
          .returning({
            privateKey: nominationPhotos.privateKey,
            privateThumbnailKey: nominationPhotos.privateThumbnailKey,
            publicKey: nominationPhotos.publicKey,
            publicThumbnailKey: nominationPhotos.publicThumbnailKey,
          })
      : [];
    const kept = await tx
      .select({ id: nominationPhotos.id })
      .from(nominationPhotos)
      .where(eq(nominationPhotos.nominationId, nominationId))
      .orderBy(asc(nominationPhotos.position), asc(nominationPhotos.id));
    // Positions stay 0, 1, 2…, with no gaps where photos were taken off.
    for (const [position, photo] of kept.entries()) await tx.update(nominationPhotos).set({ position }).where(eq(nominationPhotos.id, photo.id));
    if (stored.stored.length) {
      await tx.insert(nominationPhotos).values(
        stored.stored.map((photo, i) => ({
          nominationId,
          position: kept.length + i,
          privateKey: photo.key,
          privateThumbnailKey: photo.thumbnailKey,
          width: photo.width,
          height: photo.height,
        })),
      );
    }
    return { ok: true as const, nomination: { id: nominationId, status: 'submitted' as const }, removed };
  });
  if (!result.ok) {
    await Promise.all(stored.stored.flatMap((photo) => [storage.delete(photo.key), storage.delete(photo.thumbnailKey)]));
    return result;
  }
  // Only now that the edit is committed do the removed photos' files go.
  await Promise.all(
    result.removed.flatMap((row) =>
      [row.privateKey, row.privateThumbnailKey, row.publicKey, row.publicThumbnailKey].filter((key): key is string => key !== null).map((key) => storage.delete(key)),
    ),
  );
  return { ok: true, nomination: result.nomination };
}
