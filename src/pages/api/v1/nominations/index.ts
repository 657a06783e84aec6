import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody, readFormBody, respond } from '../../../../lib/server/http/api';
import { NominationCreatedResponse } from '../../../../lib/server/openapi/responses';
import { authorize } from '../../../../lib/server/http/guard';
import { submitNomination, type PhotoUpload } from '../../../../lib/server/nominations';
import { nominationFormPhotos, nominationOf } from '../../../../lib/server/nominations/http';
import { nominationInput, nominationMultipart } from '../../../../lib/server/nominations/inputs';
import { getStorage } from '../../../../lib/server/storage';
import { submitterOf } from '../../../../lib/server/limits';

/**
 * Nominate someone: JSON {nomineeName, communityId, category, story, nominatorContact, evidence},
 * or multipart/form-data with the same fields and up to 6 "photos".
 */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'nominations.create');
  const type = context.request.headers.get('content-type') ?? '';
  let photos: PhotoUpload[] = [];
  let input;
  if (type.includes('multipart/form-data')) {
    const body = await readFormBody(context, nominationMultipart);
    input = body.input;
    photos = await nominationFormPhotos(body.form);
  } else {
    input = await readBody(context, nominationInput);
  }
  const result = await submitNomination(await getDb(), getStorage(), user, nominationOf(input), photos, submitterOf(context.locals));
  if (!result.ok) return apiFailure(context.locals, result, result.code === 'forbidden' || result.code === 'guardian_consent_required' ? 403 : 400);
  return respond(NominationCreatedResponse, { nomination: result.nomination }, 201);
};
