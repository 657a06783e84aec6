import type { APIRoute } from 'astro';
import { verifyEmail } from '../../../../../lib/server/auth/email';
import { emailVerifyInput } from '../../../../../lib/server/auth/inputs';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, json, readBody } from '../../../../../lib/server/http/api';

const STATUS: Record<string, number> = { invalid: 400, expired: 410, email_taken: 409 };

/** {"token"} from the link: the address becomes the account's, verified. No login needed. */
export const POST: APIRoute = async (context) => {
  const input = await readBody(context, emailVerifyInput);
  const result = await verifyEmail(await getDb(), input.token);
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return json({ email: result.email });
};
