/** Nominating someone, and editing the nomination when the office asks for more information. */
import { and, count, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, NOMINATION_CATEGORIES, nominationPhotos, nominations, type NominationCategory } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { can } from '../permissions';
import { storePhoto, type StoredPhoto } from '../photos';
import { fail, type Result } from '../result';
import type { Storage } from '../storage';
import { CONTACT_MAX, EVIDENCE_MAX, NOMINEE_NAME_MAX, PHOTOS_MAX, STORY_MAX, STORY_MIN, textLength } from './shared';
import { canTransition } from './workflow';

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

export type NominationFailure = 'invalid' | 'not_found' | 'forbidden' | 'conflict';

function isCategory(value: string): value is NominationCategory {
  return (NOMINATION_CATEGORIES as readonly string[]).includes(value);
}

async function validate(db: Db, input: NominationInput, photoCount: number) {
  const fields: Record<string, string> = {};
  const nomineeName = (input.nomineeName ?? '').trim();
  if (!nomineeName) fields.nomineeName = 'nominations.nomineeName.required';
  else if (textLength(nomineeName) > NOMINEE_NAME_MAX) fields.nomineeName = 'nominations.nomineeName.tooLong';
  const [community] = Number.isInteger(input.communityId) && input.communityId > 0
    ? await db.select({ id: areas.id }).from(areas).where(and(eq(areas.id, input.communityId), eq(areas.level, 'community')))
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
): Promise<Result<{ nomination: { id: number; status: 'submitted' } }, NominationFailure>> {
  if (!can(actor, 'nominations.create')) return fail('forbidden', 'error.forbidden');
  const { fields, values } = await validate(db, input, photos.length);
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  const stored = await storePhotos(storage, photos);
  if (!stored.ok) return stored;
  const nomination = await db.transaction(async (tx) => {
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
  return { ok: true, nomination: { id: nomination.id, status: 'submitted' } };
}

/** The nominator's edit after a request for information; it goes back to the office's queue. */
export async function resubmitNomination(
  db: Db,
  storage: Storage,
  actor: Actor,
  nominationId: number,
  input: NominationInput,
  photos: readonly PhotoUpload[] = [],
): Promise<Result<{ nomination: { id: number; status: 'submitted' } }, NominationFailure>> {
  const [current] = await db
    .select({ nominatorId: nominations.nominatorId, status: nominations.status, photos: count(nominationPhotos.id) })
    .from(nominations)
    .leftJoin(nominationPhotos, eq(nominationPhotos.nominationId, nominations.id))
    .where(eq(nominations.id, nominationId))
    .groupBy(nominations.id);
  if (!current) return fail('not_found', 'error.notFound');
  if (!can(actor, 'nominations.edit', current)) return fail('forbidden', 'nominations.edit.notAllowed');
  const { fields, values } = await validate(db, input, current.photos + photos.length);
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields });
  const stored = await storePhotos(storage, photos);
  if (!stored.ok) return stored;
  return db.transaction(async (tx) => {
    const [locked] = await tx.select({ status: nominations.status }).from(nominations).where(eq(nominations.id, nominationId)).for('update');
    if (!locked || !canTransition('resubmit', locked.status, 'nominator')) return fail('conflict', 'nominations.edit.notAllowed');
    await tx.update(nominations).set({ ...values, status: 'submitted', updatedAt: new Date() }).where(eq(nominations.id, nominationId));
    if (stored.stored.length) {
      await tx.insert(nominationPhotos).values(
        stored.stored.map((photo, i) => ({
          nominationId,
          position: current.photos + i,
          privateKey: photo.key,
          privateThumbnailKey: photo.thumbnailKey,
          width: photo.width,
          height: photo.height,
        })),
      );
    }
    return { ok: true as const, nomination: { id: nominationId, status: 'submitted' as const } };
  });
}
