import type { APIRoute } from 'astro';
import { verifyEmail } from '../../../../../lib/server/auth/email';
import { emailVerifyInput } from '../../../../../lib/server/auth/inputs';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../../lib/server/http/api';
import { EmailVerifiedResponse } from '../../../../../lib/server/openapi/responses';

const STATUS: Record<string, number> = { invalid: 400, expired: 410, email_taken: 409 };

/** {"token"} from the link: the address becomes the account's, verified. No login needed. */
export const POST: APIRoute = async (context) => {
  const input = await readBody(context, emailVerifyInput);
  const result = await verifyEmail(await getDb(), input.token);
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(EmailVerifiedResponse, { email: result.email });
};
