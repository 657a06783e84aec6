import type { APIRoute } from 'astro';
import { logIn, logOut } from '../../../lib/server/auth';
import { getDb } from '../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../lib/server/http/api';
import { asText as str } from '../../../lib/server/http/input';

/** Log in with {login, password}; sets the session cookie. */
export const POST: APIRoute = async (context) => {
  const body = await readJson(context);
  const result = await logIn(await getDb(), context, { login: str(body.login), password: str(body.password) });
  if (!result.ok) {
    const status = result.code === 'throttled' ? 429 : result.code === 'disabled' ? 403 : 401;
    const response = apiFailure(context.locals, result, status);
    if (result.code === 'throttled') response.headers.set('retry-after', String(result.params?.seconds ?? 60));
    return response;
  }
  return json({ user: result.user });
};

/** Log out this session. */
export const DELETE: APIRoute = async (context) => {
  await logOut(await getDb(), context);
  return new Response(null, { status: 204 });
};
