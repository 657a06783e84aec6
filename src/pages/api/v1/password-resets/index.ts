import type { APIRoute } from 'astro';
import { requestPasswordReset } from '../../../../lib/server/auth';
import { passwordResetRequestInput } from '../../../../lib/server/auth/inputs';
import { config } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../lib/server/http/api';
import { PasswordResetSentResponse } from '../../../../lib/server/openapi/responses';
import { getSmsSender } from '../../../../lib/server/notifications/sms';
import { submitterOf } from '../../../../lib/server/limits';

/** 忘记密码: {"phone"} texts a code to a registered number; 202 whether or not it is registered. */
export const POST: APIRoute = async (context) => {
  const input = await readBody(context, passwordResetRequestInput);
  const result = await requestPasswordReset(
    await getDb(),
    { phone: input.phone, ip: context.locals.clientIp },
    { secret: config.appSecret, sender: getSmsSender(), revealCode: config.demoMode, limits: submitterOf(context.locals) },
  );
  if (!result.ok) {
    const response = apiFailure(context.locals, result, result.code === 'rate_limited' ? 429 : 400);
    if (result.code === 'rate_limited') response.headers.set('retry-after', String(result.params?.seconds ?? 60));
    return response;
  }
  return respond(
    PasswordResetSentResponse,
    { reset: { expiresAt: result.expiresAt.toISOString(), resendAt: result.resendAt.toISOString(), ...(result.code !== undefined && { demoCode: result.code }) } },
    202,
  );
};
