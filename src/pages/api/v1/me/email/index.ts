import type { APIRoute } from 'astro';
import { removeEmail, requestEmailVerification } from '../../../../../lib/server/auth/email';
import { emailInput } from '../../../../../lib/server/auth/inputs';
import { config } from '../../../../../lib/server/config';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../../lib/server/http/api';
import { EmailLinkSentResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';

const STATUS: Record<string, number> = { not_found: 404, same_email: 400, rate_limited: 429 };

/** {"email"}: sends a verification link to the address (in demo mode only, the answer carries it). */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const input = await readBody(context, emailInput);
  const result = await requestEmailVerification(await getDb(), user.id, input, { revealLink: config.demoMode, locale: context.locals.locale });
  if (!result.ok) {
    const response = apiFailure(context.locals, result, STATUS[result.code] ?? 400);
    if (result.code === 'rate_limited') response.headers.set('retry-after', String(result.params?.seconds ?? 60));
    return response;
  }
  return respond(
    EmailLinkSentResponse,
    { verification: { email: result.email, expiresAt: result.expiresAt.toISOString(), ...(result.link !== undefined && { demoLink: result.link }) } },
    202,
  );
};

/** Removes the address: no more e-mail. */
export const DELETE: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const result = await removeEmail(await getDb(), user.id);
  if (!result.ok) return apiFailure(context.locals, result, 404);
  return new Response(null, { status: 204 });
};
