/**
 * JSON API helpers: every /api/v1 route answers through json() or apiError(), so that errors are
 * always {"error":{"code","message"}} with a localized message and the right status.
 */
import type { APIContext, APIRoute } from 'astro';
import type { Failure } from '../result';
import { HttpError, InputError } from './errors';
import { entriesFor, inputFailure, type z } from './schema';

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

export function apiError(locals: App.Locals, error: HttpError): Response {
  if (error instanceof InputError) return apiFailure(locals, error.failure, error.status);
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

/** A JSON body parsed with a command's schema, or a 415/400 naming the field. */
export async function readBody<S extends z.ZodType>(context: APIContext, schema: S): Promise<z.output<S>> {
  return parseOrThrow(schema, await readJson(context));
}

/** The query string parsed with a schema (only the fields it names are read), or a 400 naming the parameter. */
export function readQuery<S extends z.ZodType>(url: URL, schema: S): z.output<S> {
  return parseOrThrow(schema, entriesFor(schema, url.searchParams), 'invalid_parameter');
}

/** Path parameters parsed with a schema; a malformed one is a 404 like any address that names nothing. */
export function readParams<S extends z.ZodType>(params: Record<string, string | undefined>, schema: S): z.output<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw new HttpError(404, 'not_found', 'error.notFound');
  return parsed.data;
}

function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, code = 'invalid'): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InputError({ ...inputFailure(parsed.error), code });
}

export type { APIRoute };
