import type { APIRoute } from 'astro';
import { registerUser, startSession } from '../../../../lib/server/auth';
import { config } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db';
import { registerInput } from '../../../../lib/server/auth/inputs';
import { apiFailure, readBody, respond } from '../../../../lib/server/http/api';
import { SessionUserResponse } from '../../../../lib/server/openapi/responses';
import { submitterOf } from '../../../../lib/server/limits';

/** Register: {phone, password, displayName, birthYear, consentVersion}; logs the new account in. */
export const POST: APIRoute = async (context) => {
  const body = await readBody(context, registerInput);
  const db = await getDb();
  const result = await registerUser(db, body, config.privacyNoticeVersion, submitterOf(context.locals));
  if (!result.ok) return apiFailure(context.locals, result, result.code === 'phone_taken' ? 409 : 400);
  await startSession(db, context, result.user.id);
  return respond(SessionUserResponse, { user: result.user }, 201, { location: '/api/v1/me' });
};
