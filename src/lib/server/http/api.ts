/**
 * JSON API helpers: every /api/v1 route answers through json() or apiError(), so that errors are
 * always {"error":{"code","message"}} with a localized message and the right status.
 */
import type { APIContext, APIRoute } from 'astro';
import type { Failure } from '../result';
import { HttpError } from './errors';

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function apiError(locals: App.Locals, error: HttpError): Response {
  return json({ error: { code: error.code, message: locals.t(error.messageKey, error.params) } }, error.status);
}

/** A failed command as an API error; field messages are included, localized, under "fields". */
export function apiFailure(locals: App.Locals, failure: Failure, status = 400): Response {
  const fields = failure.fields
    ? Object.fromEntries(Object.entries(failure.fields).map(([name, key]) => [name, locals.t(key, failure.params)]))
    : undefined;
  return json({ error: { code: failure.code, message: locals.t(failure.message, failure.params), ...(fields && { fields }) } }, status);
}

/** Reads a JSON object body, or answers 400 in the API's error shape. */
export async function readJson(context: APIContext): Promise<Record<string, unknown>> {
  const type = context.request.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) throw new HttpError(415, 'unsupported_media_type', 'error.jsonRequired');
  try {
    const body: unknown = await context.request.json();
    if (body && typeof body === 'object' && !Array.isArray(body)) return body as Record<string, unknown>;
  } catch {
    // fall through: malformed JSON is a bad request like any other
  }
  throw new HttpError(400, 'bad_request', 'error.badJson');
}

export type { APIRoute };
