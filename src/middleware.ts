/**
 * Per request, once: request id, language, client address, session; then the route; then error
 * mapping (pages get a localized page or a login redirect, /api gets {"error":{code,message}}).
 * Pages and endpoints only read Astro.locals.
 */
import { randomUUID } from 'node:crypto';
import { getActionContext } from 'astro:actions';
import { defineMiddleware } from 'astro:middleware';
import { LOCALE_COOKIE, negotiateLocale, translator } from './i18n';
import { deleteSessionTokenCookie, SESSION_COOKIE, setSessionTokenCookie, validateSessionToken } from './lib/server/auth/session';
import { config } from './lib/server/config';
import { getDb } from './lib/server/db';
import { isDatabaseUnavailable } from '../db/errors';
import { apiError } from './lib/server/http/api';
import { HttpError } from './lib/server/http/errors';
import { FORM_DRAFT_COOKIE, FORM_DRAFT_MINUTES, saveFormDraft, takeFormDraft } from './lib/server/http/form-drafts';
import { requestDevice } from './lib/server/http/device';
import { clientIp, isForeignOriginWrite, isSecure } from './lib/server/http/request';
import { unavailableResponse } from './lib/server/http/unavailable';
import { FALLBACK_CSP, SECURITY_HEADERS } from './lib/server/http/security-headers.js';
import { errorFields, logger } from './lib/server/log';

/** Probes must answer without touching sessions (or, for /healthz, the database). */
const PROBES = new Set(['/healthz', '/readyz']);

/**
 * The security headers on every response; and a response to a logged-in request that says nothing
 * about caching is private (never kept by a shared cache, nor by the launcher's micro-cache).
 */
function withSecurityHeaders(response: Response, personal = false): Response {
  try {
    if (personal && !response.headers.has('cache-control')) response.headers.set('cache-control', 'private, no-cache');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!response.headers.has(name)) response.headers.set(name, value);
    }
    if (!response.headers.has('content-security-policy')) response.headers.set('content-security-policy', FALLBACK_CSP);
    response.headers.delete('x-powered-by');
    return response;
  } catch {
    // Some responses (redirects made by Response.redirect) have immutable headers; copy them.
    const copy = new Response(response.body, response);
    if (personal && !copy.headers.has('cache-control')) copy.headers.set('cache-control', 'private, no-cache');
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) copy.headers.set(name, value);
    return copy;
  }
}

/** Pages a person may still open before accepting a new privacy notice (reading it, leaving, closing the account). */
const BEFORE_CONSENT = /^\/(account\/consent|account\/close|account\/data|privacy|logout|language|text-size|_astro\/|_actions\/|media\/|favicon)/;

/**
 * A new privacy notice is accepted again at the next page a signed-in person opens (PIPL art. 14):
 * page GETs only (the API and form posts answer as usual), for accounts that accepted an older one.
 */
function asksForNewNotice(request: Request, url: URL, accepted: string | null): boolean {
  if (accepted === null || accepted === config.privacyNoticeVersion) return false;
  if (request.method !== 'GET' || url.pathname.startsWith('/api/') || url.pathname.startsWith('/open311/')) return false;
  return !BEFORE_CONSENT.test(url.pathname);
}

/** Set on locals before rewriting to an error page, so the rewritten request is not checked again. */
const ERROR_REWRITE = Symbol.for('wenming.errorRewrite');

export const onRequest = defineMiddleware(async (context, next) => {
  const { request, url, locals, cookies } = context;
  if ((locals as unknown as Record<symbol, boolean>)[ERROR_REWRITE]) return withSecurityHeaders(await next());
  const incomingId = request.headers.get('x-request-id');
  locals.requestId = incomingId && /^[\w.-]{1,100}$/.test(incomingId) ? incomingId : randomUUID();
  locals.locale = negotiateLocale(cookies.get(LOCALE_COOKIE)?.value, request.headers.get('accept-language'));
  locals.t = translator(locals.locale);
  locals.clientIp = clientIp(request, safeClientAddress(context));
  locals.secure = isSecure(request, url);
  locals.user = null;
  locals.session = null;
  locals.unreadCount = 0;
  locals.device = null;
  const isApi = url.pathname.startsWith('/api/');

  try {
    // Open311 clients and one-click unsubscribe (RFC 8058; the signed token is the authority) post from elsewhere.
    if (isForeignOriginWrite(request, url) && !url.pathname.startsWith('/open311/') && url.pathname !== '/unsubscribe') {
      throw new HttpError(403, 'foreign_origin', 'error.foreignOrigin');
    }
    if (!PROBES.has(url.pathname)) {
      const token = cookies.get(SESSION_COOKIE)?.value;
      if (token) {
        const result = await validateSessionToken(await getDb(), token);
        if (result.session) {
          locals.session = result.session;
          locals.user = result.user;
          locals.unreadCount = result.unread;
          if (result.refreshed) setSessionTokenCookie(cookies, token, result.session.expiresAt, locals.secure);
          if (asksForNewNotice(request, url, result.user.noticeVersion)) {
            return withSecurityHeaders(context.redirect(`/account/consent?next=${encodeURIComponent(url.pathname + url.search)}`, 303));
          }
        } else {
          deleteSessionTokenCookie(cookies, locals.secure);
        }
      }
    }
    // The device's keyed hash for the points' cluster rule (signed-in browsers get the cookie here);
    // hashed only when a report submission reads it.
    if (!PROBES.has(url.pathname)) defineDevice(locals, requestDevice(request, cookies, { signedIn: locals.user !== null, secure: locals.secure, api: isApi }));
    if (locals.user && request.method === 'GET' && !isApi) await restoreFormDraft(context);
    const response = await next();
    if (locals.formRefusal) {
      const refused = refusedForm(context, response, locals.formRefusal.status);
      if (locals.formRefusal.status === 401) await keepFormDraft(context, refused);
      return withSecurityHeaders(refused, locals.session !== null);
    }
    // The restored form is not a refusal of this request: the page's 400 for a refused form becomes 200.
    if (locals.formRestored && response.status === 400) return withSecurityHeaders(new Response(response.body, { status: 200, headers: response.headers }), true);
    return withSecurityHeaders(response, locals.session !== null);
  } catch (error) {
    if (error instanceof HttpError) {
      if (isApi) return withSecurityHeaders(apiError(locals, error));
      if (error.status === 401) {
        // A page that needs a session refused after its form did: the typed input is kept all the same.
        const refused = refusedForm(context, new Response(null), 401);
        if (locals.formRefusal?.status === 401) await keepFormDraft(context, refused);
        return withSecurityHeaders(refused);
      }
      (locals as unknown as Record<symbol, boolean>)[ERROR_REWRITE] = true;
      return withSecurityHeaders(await context.rewrite(error.status === 404 ? '/404' : '/403'));
    }
    if (isDatabaseUnavailable(error)) {
      // The database's state, not a bug: no stack, and a 503 the client may retry.
      logger.warn('database unavailable', { requestId: locals.requestId, path: url.pathname, error: error instanceof Error ? error.message : String(error) });
      return withSecurityHeaders(unavailableResponse(locals, isApi));
    }
    logger.error('unhandled error', { requestId: locals.requestId, path: url.pathname, ...errorFields(error) });
    if (isApi) return withSecurityHeaders(apiError(locals, new HttpError(500, 'internal', 'error.internal', { requestId: locals.requestId })));
    // Astro renders src/pages/500.astro; the stack trace stays in the log.
    throw error;
  }
});

/** A page whose form action a guard refused: its status, or for 401 a redirect to log in and back. */
function refusedForm(context: { url: URL; redirect: (path: string, status?: 301 | 302 | 303 | 307 | 308) => Response }, response: Response, status: number): Response {
  if (status === 401) {
    const back = new URL(context.url);
    back.searchParams.delete('_action');
    // Built here rather than with context.redirect: its headers stay writable (keepFormDraft adds a cookie).
    return new Response(null, { status: 303, headers: { location: `/login?next=${encodeURIComponent(back.pathname + back.search)}` } });
  }
  if (response.status >= 300 && response.status < 400) return response;
  return new Response(response.body, { status, statusText: '', headers: response.headers });
}

type MiddlewareContext = Parameters<Parameters<typeof defineMiddleware>[0]>[0];

/**
 * A form refused for want of a session: what was typed is kept (30 minutes, single use) under a
 * token in an HttpOnly cookie, for the page to show filled in after the login detour.
 */
async function keepFormDraft(context: MiddlewareContext, redirect: Response): Promise<void> {
  // The action's name as the form posted it (Astro's own `action` is gone once its result is set).
  const action = context.url.searchParams.get('_action');
  const values = context.locals.formRefusal?.values;
  if (!action || !/^[\w.-]{1,200}$/.test(action) || !values || Object.keys(values).length === 0) return;
  try {
    const { serializeActionResult } = getActionContext(context);
    const result = serializeActionResult({ data: { ok: false, code: 'restored', message: 'form.restored', values }, error: undefined });
    const token = await saveFormDraft(await getDb(), { path: context.url.pathname, action, result: JSON.stringify(result) });
    // On the redirect itself: cookies set through Astro after the page's response is made are not sent.
    if (token)
      redirect.headers.append(
        'set-cookie',
        `${FORM_DRAFT_COOKIE}=${token}; Path=/; Max-Age=${FORM_DRAFT_MINUTES * 60}; HttpOnly; SameSite=Lax${context.locals.secure ? '; Secure' : ''}`,
      );
  } catch (error) {
    // Losing the draft must not stop the redirect to log in.
    logger.warn('form draft not kept', { requestId: context.locals.requestId, path: context.url.pathname, error: error instanceof Error ? error.message : String(error) });
  }
}

/** Back on the page after logging in: the kept input becomes the page's action result, once. */
async function restoreFormDraft(context: MiddlewareContext): Promise<void> {
  const token = context.cookies.get(FORM_DRAFT_COOKIE)?.value;
  if (!token) return;
  const draft = await takeFormDraft(await getDb(), token, context.url.pathname);
  if (!draft) return;
  context.cookies.delete(FORM_DRAFT_COOKIE, { path: '/' });
  getActionContext(context).setActionResult(draft.action, JSON.parse(draft.result));
  context.locals.formRestored = true;
}

/** Where `locals.device` keeps its reader and, once read, its value. */
const DEVICE = Symbol('wenming.device');

type DeviceSlot = { read: () => string | null; value?: string | null };

/**
 * The getter every request's `locals.device` shares. A getter made per request (a new closure)
 * gives each `locals` a hidden class of its own, which V8 keeps in old space: the scavenger then
 * keeps the whole request (rows, rendered HTML) alive until the next full GC, and full GCs come
 * every second or so under load (tests/runtime/gc-survival.test.ts).
 */
function readDevice(this: { [DEVICE]: DeviceSlot }): string | null {
  const slot = this[DEVICE];
  if (slot.value === undefined) slot.value = slot.read();
  return slot.value;
}

/** `locals.device`, hashed at its first read (most requests never read it). */
function defineDevice(locals: App.Locals, device: () => string | null): void {
  Object.defineProperty(locals, DEVICE, { value: { read: device } satisfies DeviceSlot, writable: true, configurable: true });
  Object.defineProperty(locals, 'device', { configurable: true, enumerable: true, get: readDevice });
}

function safeClientAddress(context: { clientAddress: string }): string | undefined {
  try {
    return context.clientAddress;
  } catch {
    return undefined;
  }
}
