import type { APIRoute } from 'astro';
import { logIn, logOut } from '../../../lib/server/auth';
import { getDb } from '../../../lib/server/db';
import { loginInput } from '../../../lib/server/auth/inputs';
import { apiFailure, readBody, respond } from '../../../lib/server/http/api';
import { SessionUserResponse } from '../../../lib/server/openapi/responses';

/** Log in with {login, password}; sets the session cookie. */
export const POST: APIRoute = async (context) => {
  const body = await readBody(context, loginInput);
  const result = await logIn(await getDb(), context, body);
  if (!result.ok) {
    const status = result.code === 'throttled' ? 429 : result.code === 'disabled' ? 403 : 401;
    const response = apiFailure(context.locals, result, status);
    if (result.code === 'throttled') response.headers.set('retry-after', String(result.params?.seconds ?? 60));
    return response;
  }
  return respond(SessionUserResponse, { user: result.user });
};

/** Log out this session. */
export const DELETE: APIRoute = async (context) => {
  await logOut(await getDb(), context);
  return new Response(null, { status: 204 });
};
