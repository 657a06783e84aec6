import type { APIRoute } from 'astro';
import { requestPhoneChange } from '../../../../../lib/server/auth';
import { phoneChangeRequestInput } from '../../../../../lib/server/auth/inputs';
import { config } from '../../../../../lib/server/config';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../../lib/server/http/api';
import { PhoneChangeSentResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { getSmsSender } from '../../../../../lib/server/notifications/sms';
import { submitterOf } from '../../../../../lib/server/limits';

const STATUS: Record<string, number> = { not_found: 404, phone_taken: 409, same_phone: 400, rate_limited: 429, send_failed: 502 };

/** {"newPhone","password"}: texts a code to the new number (in demo mode only, the answer carries it). */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const input = await readBody(context, phoneChangeRequestInput);
  const result = await requestPhoneChange(await getDb(), user.id, input, {
    secret: config.appSecret,
    sender: getSmsSender(),
    revealCode: config.demoMode,
    limits: submitterOf(context.locals),
  });
  if (!result.ok) {
    const response = apiFailure(context.locals, result, STATUS[result.code] ?? 400);
    if (result.code === 'rate_limited') response.headers.set('retry-after', String(result.params?.seconds ?? 60));
    return response;
  }
  return respond(
    PhoneChangeSentResponse,
    { change: { expiresAt: result.expiresAt.toISOString(), resendAt: result.resendAt.toISOString(), ...(result.code !== undefined && { demoCode: result.code }) } },
    202,
  );
};
