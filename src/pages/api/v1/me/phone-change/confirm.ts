import type { APIRoute } from 'astro';
import { confirmPhoneChange } from '../../../../../lib/server/auth';
import { phoneChangeConfirmInput } from '../../../../../lib/server/auth/inputs';
import { config } from '../../../../../lib/server/config';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../../lib/server/http/api';
import { PhoneChangedResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';

const STATUS: Record<string, number> = { not_found: 404, no_code: 409, phone_taken: 409, expired: 410, too_many_attempts: 429 };

/** {"code"}: the right code moves the account to the new number. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'account.update', { userId: context.locals.user?.id ?? -1 });
  const input = await readBody(context, phoneChangeConfirmInput);
  const result = await confirmPhoneChange(await getDb(), user.id, input, { secret: config.appSecret });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(PhoneChangedResponse, { phone: result.phone });
};
