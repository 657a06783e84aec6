import type { APIRoute } from 'astro';
import { confirmPasswordReset } from '../../../../lib/server/auth';
import { passwordResetConfirmInput } from '../../../../lib/server/auth/inputs';
import { config } from '../../../../lib/server/config';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody } from '../../../../lib/server/http/api';

const STATUS: Record<string, number> = { no_code: 409, expired: 410, too_many_attempts: 429 };

/** {"phone","code","newPassword"}: sets the new password and ends every session of the account. */
export const POST: APIRoute = async (context) => {
  const input = await readBody(context, passwordResetConfirmInput);
  const result = await confirmPasswordReset(await getDb(), input, { secret: config.appSecret });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return new Response(null, { status: 204 });
};
