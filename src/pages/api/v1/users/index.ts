import type { APIRoute } from 'astro';
import { registerUser, startSession } from '../../../../lib/server/auth';
import { config } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../../lib/server/http/api';
import { asText as str } from '../../../../lib/server/http/input';

/** Register: {phone, password, displayName, consentVersion}; logs the new account in. */
export const POST: APIRoute = async (context) => {
  const body = await readJson(context);
  const db = await getDb();
  const result = await registerUser(
    db,
    { phone: str(body.phone), password: str(body.password), displayName: str(body.displayName), consentVersion: str(body.consentVersion) },
    config.privacyNoticeVersion,
  );
  if (!result.ok) return apiFailure(context.locals, result, result.code === 'phone_taken' ? 409 : 400);
  await startSession(db, context, result.user.id);
  return json({ user: result.user }, 201, { location: '/api/v1/me' });
};
