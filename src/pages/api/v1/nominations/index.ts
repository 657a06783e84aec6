import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readForm, readJson } from '../../../../lib/server/http/api';
import { authorize } from '../../../../lib/server/http/guard';
import { PHOTOS_MAX, submitNomination, type NominationInput, type PhotoUpload } from '../../../../lib/server/nominations';
import { PHOTO_MAX_BYTES } from '../../../../lib/server/photos';
import { getStorage } from '../../../../lib/server/storage';
import { submitterOf } from '../../../../lib/server/limits';
import { asText as str, positiveId } from '../../../../lib/server/http/input';

/**
 * Nominate someone: JSON {nomineeName, communityId, category, story, nominatorContact, evidence},
 * or multipart/form-data with the same fields and up to 6 "photos".
 */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'nominations.create');
  const type = context.request.headers.get('content-type') ?? '';
  let input: NominationInput;
  let photos: PhotoUpload[] = [];
  if (type.includes('multipart/form-data')) {
    const form = await readForm(context);
    const field = (name: string) => str(form.get(name));
    input = { nomineeName: field('nomineeName'), communityId: positiveId(field('communityId')) ?? Number.NaN, category: field('category'), story: field('story'), nominatorContact: field('nominatorContact'), evidence: field('evidence') };
    const files = form.getAll('photos').filter((value): value is File => value instanceof File && value.size > 0).slice(0, PHOTOS_MAX + 1);
    photos = await Promise.all(files.map(async (file) => ({ name: file.name, bytes: file.size > PHOTO_MAX_BYTES ? new Uint8Array(PHOTO_MAX_BYTES + 1) : new Uint8Array(await file.arrayBuffer()) })));
  } else {
    const body = await readJson(context);
    input = { nomineeName: str(body.nomineeName), communityId: positiveId(typeof body.communityId === 'number' ? body.communityId : Number.NaN) ?? Number.NaN, category: str(body.category), story: str(body.story), nominatorContact: str(body.nominatorContact), evidence: str(body.evidence) };
  }
  const result = await submitNomination(await getDb(), getStorage(), user, input, photos, submitterOf(context.locals));
  if (!result.ok) return apiFailure(context.locals, result, result.code === 'forbidden' || result.code === 'guardian_consent_required' ? 403 : 400);
  return json({ nomination: result.nomination }, 201);
};
