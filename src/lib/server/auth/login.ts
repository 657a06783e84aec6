/**
 * Opening and closing a browser session around the domain commands; shared by the form actions
 * and the JSON API so both behave the same.
 */
import type { AstroCookies } from 'astro';
import type { Db } from '../../../../db/client';
import { config } from '../config';
import type { Result } from '../result';
import { createSession, deleteSessionTokenCookie, generateSessionToken, invalidateSession, setSessionTokenCookie } from './session';
import { authenticate, type LoginFailureCode, type PublicUser } from './user';

interface RequestContext {
  cookies: AstroCookies;
  locals: App.Locals;
}

export async function startSession(db: Db, context: RequestContext, userId: number): Promise<void> {
  // A fresh token on every login: a token planted before login is never promoted (session fixation).
  if (context.locals.session) await invalidateSession(db, context.locals.session.id);
  const token = generateSessionToken();
  const session = await createSession(db, token, userId);
  setSessionTokenCookie(context.cookies, token, session.expiresAt, context.locals.secure);
}

export async function logIn(db: Db, context: RequestContext, input: { login: string; password: string }): Promise<Result<{ user: PublicUser }, LoginFailureCode>> {
  const result = await authenticate(db, { ...input, ip: context.locals.clientIp }, config.appSecret);
  if (result.ok) await startSession(db, context, result.user.id);
  return result;
}

export async function logOut(db: Db, context: RequestContext): Promise<void> {
  if (context.locals.session) await invalidateSession(db, context.locals.session.id);
  deleteSessionTokenCookie(context.cookies, context.locals.secure);
  context.locals.session = null;
  context.locals.user = null;
}
