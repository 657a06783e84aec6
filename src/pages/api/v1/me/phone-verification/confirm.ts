import type { APIRoute } from 'astro';
import { confirmPhoneInput } from '../../../../../lib/server/auth/inputs';
import { confirmPhoneVerification } from '../../../../../lib/server/auth';
import { config } from '../../../../../lib/server/config';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../../lib/server/http/api';
import { PhoneVerifiedResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';

const STATUS: Record<string, number> = { not_found: 404, already_verified: 409, no_code: 409, expired: 410, too_many_attempts: 429 };

/** Check the code: {"code":"123456"}; the right one marks the phone verified. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const { code } = await readBody(context, confirmPhoneInput);
  const result = await confirmPhoneVerification(await getDb(), user.id, { code, secret: config.appSecret });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(PhoneVerifiedResponse, { phoneVerifiedAt: result.phoneVerifiedAt.toISOString() });
};
