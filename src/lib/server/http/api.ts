/**
 * JSON API helpers: every /api/v1 route answers through json() or apiError(), so that errors are
 * always {"error":{"code","message"}} with a localized message and the right status.
 */
import type { APIContext, APIRoute } from 'astro';
import type { Failure } from '../result';
import { logger } from '../log';
import { HttpError, InputError } from './errors';
import { entriesFor, hasControlCharacters, id, inputFailure, object, type z } from './schema';

export function json(data: unknown, status = 200, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(data), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  });
}

/** A body before JSON.stringify: a Date stands where the schema has its ISO text. */
type Serialized<T> = T extends string ? T | Date : T extends readonly (infer U)[] ? Serialized<U>[] : T extends object ? { [K in keyof T]: Serialized<T[K]> } : T;

/**
 * A JSON answer shaped by its response schema (`src/lib/server/openapi/responses.ts`, the one the
 * document describes): the body must type-check as the schema's input. With
 * WENMING_CHECK_RESPONSES=1 (the browser tests' server) the body is also parsed with it, and one that
 * does not match is logged and answered 500, so every test that calls a route checks the document.
 */
export function respond<S extends z.ZodType>(schema: S, data: Serialized<z.input<S>>, status = 200, headers: Record<string, string> = {}): Response {
  if (process.env.WENMING_CHECK_RESPONSES === '1') {
    const parsed = schema.safeParse(JSON.parse(JSON.stringify(data)));
    if (!parsed.success) {
      logger.error('response does not match its schema', { status, issues: parsed.error.issues.slice(0, 5).map((issue) => `${issue.path.join('.')}: ${issue.message}`) });
      return json({ error: { code: 'response_mismatch', message: 'The response does not match its schema' } }, 500);
    }
  }
  return json(data, status, headers);
}

export function apiError(locals: App.Locals, error: HttpError): Response {
  if (error instanceof InputError) return apiFailure(locals, error.failure, error.status);
  return json({ error: { code: error.code, message: locals.t(error.messageKey, error.params) } }, error.status);
}

/**
 * A failed command as an API error; field messages are included, localized, under "fields". A
 * submission over its rate limit (code `rate_limited`) is always a 429 with Retry-After.
 */
export function apiFailure(locals: App.Locals, failure: Failure, status = 400): Response {
  const fields = failure.fields ? Object.fromEntries(Object.entries(failure.fields).map(([name, key]) => [name, locals.t(key, failure.params)])) : undefined;
  const limited = failure.code === 'rate_limited';
  const headers: Record<string, string> = limited ? { 'retry-after': String(Math.max(1, Math.ceil(Number(failure.params?.seconds ?? 60)))) } : {};
  return json({ error: { code: failure.code, message: locals.t(failure.message, failure.params), ...(fields && { fields }) } }, limited ? 429 : status, headers);
}

/** How deep a JSON body may nest: our bodies are at most a few levels deep. */
const JSON_DEPTH_MAX = 8;

/**
 * Reads a JSON object body, or answers 400 in the API's error shape. Whatever the route does next,
 * no string in it holds a control character (NUL included) and it nests at most a few levels: those
 * are a 400 naming the field.
 */
export async function readJson(context: APIContext): Promise<Record<string, unknown>> {
  const type = context.request.headers.get('content-type') ?? '';
  if (!type.includes('application/json')) throw new HttpError(415, 'unsupported_media_type', 'error.jsonRequired');
  let body: unknown;
  try {
    body = await context.request.json();
  } catch {
    throw new HttpError(400, 'bad_request', 'error.badJson');
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new HttpError(400, 'bad_request', 'error.badJson');
  const refused = refusedValue(body, []);
  if (refused) throw new InputError({ ok: false, code: 'invalid', message: 'input.invalidField', params: { field: refused.field }, fields: { [refused.field]: refused.key } });
  return body as Record<string, unknown>;
}

function refusedValue(value: unknown, path: string[]): { field: string; key: string } | null {
  const field = path.join('.') || 'body';
  if (typeof value === 'string') return hasControlCharacters(value.replace(/\r\n?/g, '\n')) ? { field, key: 'input.controlCharacters' } : null;
  if (!value || typeof value !== 'object') return null;
  if (path.length >= JSON_DEPTH_MAX) return { field, key: 'input.type' };
  for (const [key, inner] of Object.entries(value)) {
    const found = refusedValue(inner, [...path, key]);
    if (found) return found;
  }
  return null;
}

/** A form body (multipart or urlencoded), or a 400/415 for anything that cannot be read as one. */
export async function readForm(context: APIContext): Promise<FormData> {
  const type = context.request.headers.get('content-type') ?? '';
  if (!type.includes('multipart/form-data') && !type.includes('application/x-www-form-urlencoded')) throw new HttpError(415, 'unsupported_media_type', 'error.formRequired');
  try {
    return await context.request.formData();
  } catch {
    throw new HttpError(400, 'bad_request', 'error.badMultipart');
  }
}

/** A form body parsed with a schema (only the fields it names), or a 400 naming the field. */
export async function readFormBody<S extends z.ZodType>(context: APIContext, schema: S): Promise<{ input: z.output<S>; form: FormData }> {
  const form = await readForm(context);
  return { input: parseOrThrow(schema, entriesFor(schema, form)), form };
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

const idParams = object({ id: id() });

/** The route's `{id}`: a positive int4, else a 404 (an address that names nothing). */
export function pathId(value: string | undefined): number {
  return readParams({ id: value }, idParams).id;
}

function parseOrThrow<S extends z.ZodType>(schema: S, data: unknown, code = 'invalid'): z.output<S> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  throw new InputError({ ...inputFailure(parsed.error), code });
}

export type { APIRoute };
