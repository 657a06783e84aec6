import type { APIRoute } from 'astro';
import { requestPhoneVerification } from '../../../../../lib/server/auth';
import { config } from '../../../../../lib/server/config';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, respond } from '../../../../../lib/server/http/api';
import { PhoneVerificationSentResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { getSmsSender } from '../../../../../lib/server/notifications/sms';
import { submitterOf } from '../../../../../lib/server/limits';

const STATUS: Record<string, number> = { not_found: 404, no_phone: 409, already_verified: 409, rate_limited: 429, send_failed: 502 };

/** Text a verification code to the account's own phone (in demo mode only, the answer carries it). */
export const POST: APIRoute = async ({ locals }) => {
  const user = authorize(locals, 'account.update', { userId: locals.user?.id ?? -1 });
  const result = await requestPhoneVerification(await getDb(), user.id, {
    secret: config.appSecret,
    sender: getSmsSender(),
    revealCode: config.demoMode,
    limits: submitterOf(locals),
  });
  if (!result.ok) {
    const response = apiFailure(locals, result, STATUS[result.code] ?? 400);
    const seconds = result.params?.seconds;
    if (result.code === 'rate_limited' && typeof seconds === 'number') response.headers.set('retry-after', String(seconds));
    return response;
  }
  return respond(
    PhoneVerificationSentResponse,
    {
      verification: {
        expiresAt: result.expiresAt.toISOString(),
        resendAt: result.resendAt.toISOString(),
        ...(result.code !== undefined && { demoCode: result.code }),
      },
    },
    202,
  );
};
