/**
 * The answer when the database cannot be reached in time: 503 with Retry-After, localized, small,
 * and built without the database (no layout, no session). Pages get a plain HTML page, /api the
 * usual {"error":{code,message}}.
 */
import { HttpError } from './errors';
import { apiError } from './api';

export const RETRY_AFTER_SECONDS = 5;

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function unavailableResponse(locals: App.Locals, isApi: boolean): Response {
  const response = isApi
    ? apiError(locals, new HttpError(503, 'unavailable', 'error.unavailable'))
    : new Response(
        `<!doctype html><html lang="${locals.locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
          `<title>${escape(locals.t('error.unavailable.title'))}</title></head><body>` +
          `<h1>${escape(locals.t('error.unavailable.title'))}</h1><p role="alert">${escape(locals.t('error.unavailable'))}</p>` +
          `<p><a href="/">${escape(locals.t('error.notFound.back'))}</a></p></body></html>`,
        { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
      );
  response.headers.set('Retry-After', String(RETRY_AFTER_SECONDS));
  return response;
}
