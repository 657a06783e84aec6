/**
 * What every form action of the portal shares, so each action is only its command: an Astro Action
 * that accepts a form post (forms work without JavaScript), its input parsed with the command's
 * schema (`src/lib/server/<domain>/inputs.ts`, the same one the API uses), and, for most, the
 * signed-in user authorized for one permission before anything is read.
 *
 * The schema is applied here rather than as Astro's `input:` so that a refused form comes back as
 * the same result every page already shows: `{ ok: false, fields, values }`, with i18n keys beside
 * each field and everything the person typed (Astro's input errors carry neither the typed values
 * nor our keys). The page answers it with a 400.
 */
import { ActionError, defineAction, type ActionAPIContext } from 'astro:actions';
import type { SessionUser } from '../lib/server/auth/session';
import type { Params } from '../i18n';
import { HttpError } from '../lib/server/http/errors';
import { authorize } from '../lib/server/http/guard';
import { errorFields, logger } from '../lib/server/log';
import { entriesFor, hasControlCharacters, INT4_MAX, inputFailure, typedValues, typedValuesFor, type InputFailure, type z } from '../lib/server/http/schema';
import type { Action, ResourceOf } from '../lib/server/permissions';

/** A refused form: the keys per field, and what was typed (never files). */
export type FormInputFailure = InputFailure & { values: Record<string, string> };

type Handler<T> = (form: FormData, context: ActionAPIContext) => Promise<T>;
type ParsedHandler<S extends z.ZodType, T> = (input: z.output<S>, context: ActionAPIContext, form: FormData) => Promise<T>;

/** A form action; the page reads its result with Astro.getActionResult(). With a schema, the handler gets the parsed input. */
export function formAction<T>(handler: Handler<T>): ReturnType<typeof define<T>>;
export function formAction<S extends z.ZodType, T>(schema: S, handler: ParsedHandler<S, T>): ReturnType<typeof define<T | FormInputFailure>>;
export function formAction<S extends z.ZodType, T>(schemaOrHandler: S | Handler<T>, maybeHandler?: ParsedHandler<S, T>) {
  if (typeof schemaOrHandler === 'function') return define(schemaOrHandler as Handler<T>);
  const schema = schemaOrHandler;
  return define<T | FormInputFailure>(async (form, context) => {
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return parsed;
    return maybeHandler!(parsed.data, context, form);
  }, schema);
}

/**
 * A form refused by a guard (401/403/404 thrown as HttpError, e.g. a resident posting an admin form,
 * or any form after the session expired) is not an error of the server: it comes back like any other
 * refused form, with the localized reason and what was typed, and the middleware gives the page the
 * refusal's status (or, for 401, sends the person to log in and back to the page).
 */
export type FormRefusal = { ok: false; code: string; message: string; params?: Params; values: Record<string, string> };

function define<T>(handler: Handler<T>, schema?: z.ZodType) {
  return defineAction({
    accept: 'form',
    handler: async (form: FormData, context: ActionAPIContext) => answered(context, form, async () => (refusedForm(form, schema) as T | null) ?? handler(form, context)),
  });
}

/**
 * What no form field may ever hold, whatever the action's own parsing (for actions not yet on a
 * schema): control characters (NUL included), and an id field (`id`, `…Id`) that is not a positive int4.
 */
function refusedForm(form: FormData, schema?: z.ZodType): FormInputFailure | null {
  const fields: Record<string, string> = {};
  for (const [name, value] of form) {
    if (typeof value !== 'string' || fields[name]) continue;
    if (hasControlCharacters(value.replace(/\r\n?/g, '\n'))) fields[name] = 'input.controlCharacters';
    else if ((name === 'id' || /[a-z]Id$/.test(name)) && value.trim() !== '' && !(Number(value) > 0 && Number(value) <= INT4_MAX && Number.isInteger(Number(value))))
      fields[name] = 'input.range';
  }
  const first = Object.keys(fields)[0];
  if (!first) return null;
  return {
    ok: false,
    code: 'invalid',
    message: 'form.invalid',
    params: { field: first, max: INT4_MAX },
    fields,
    values: schema ? typedValuesFor(schema, form) : typedValues(form),
  };
}

/**
 * Astro answers anything but an ActionError thrown by a handler with a 500 that carries the error's
 * message (a failed query's SQL among them). A refusal (HttpError: 401/403/404/400) comes back as a
 * refused form (see FormRefusal); anything else is logged and answered with the generic message, so
 * that no detail of the server reaches the client.
 */
function refusal(context: ActionAPIContext, form: FormData, error: HttpError): FormRefusal {
  const kept = (name: string) => !/password|token|secret|^_/i.test(name);
  const values = Object.fromEntries(Object.entries(typedValues(form)).filter(([name]) => kept(name)));
  // For the login detour (401): every typed value, a field sent several times (checkboxes) as a list.
  const names = [...new Set([...form.keys()])].filter(kept);
  const draft = Object.fromEntries(
    names.map((name) => {
      const all = form
        .getAll(name)
        .filter((value): value is string => typeof value === 'string')
        .map((value) => value.slice(0, 10_000));
      return [name, all.length > 1 ? all : (all[0] ?? '')];
    }),
  );
  context.locals.formRefusal = { status: error.status, ...(error.status === 401 && { values: draft }) };
  return { ok: false, code: error.code, message: error.messageKey, ...(error.params && { params: error.params }), values };
}

async function answered<T>(context: ActionAPIContext, form: FormData, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ActionError) throw error;
    if (error instanceof HttpError && error.status < 500) return refusal(context, form, error) as T;
    logger.error('form action failed', { requestId: context.locals.requestId, path: context.url.pathname, ...errorFields(error) });
    throw new ActionError({ code: 'INTERNAL_SERVER_ERROR', message: context.locals.t('error.internal.short') });
  }
}

/** A form parsed with a schema: the data, or the failure with what was typed. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): { ok: true; data: z.output<S> } | FormInputFailure {
  const parsed = schema.safeParse(entriesFor(schema, form));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ...inputFailure(parsed.error), message: 'form.invalid', values: typedValuesFor(schema, form) };
}

/**
 * The fields of one numbered part of a form ("answer-12", "note-12" for item 12) parsed with the
 * part's schema; a refusal names the numbered fields.
 */
export function parseNumbered<S extends z.ZodType>(schema: S, form: FormData, suffix: string | number): { ok: true; data: z.output<S> } | FormInputFailure {
  const part = new FormData();
  for (const [name, value] of form) {
    const match = /^(.+)-([^-]+)$/.exec(name);
    if (match && match[2] === String(suffix)) part.append(match[1]!, value);
  }
  const parsed = parseForm(schema, part);
  if (parsed.ok) return parsed;
  const fields = Object.fromEntries(Object.entries(parsed.fields).map(([name, key]) => [`${name}-${suffix}`, key]));
  return { ...parsed, fields, params: { ...parsed.params, field: Object.keys(fields)[0] ?? 'body' }, values: typedValues(form) };
}

/** Permissions checked without a record (those with one are checked in the handler, after the lookup). */
type RecordlessAction = { [A in Action]: ResourceOf<A> extends undefined ? A : never }[Action];

/** A form action that first authorizes the signed-in user for `permission` (else 401/403), then runs with that user. */
export function authorizedFormAction<T>(
  permission: RecordlessAction,
  handler: (form: FormData, user: SessionUser, context: ActionAPIContext) => Promise<T>,
): ReturnType<typeof define<T>>;
export function authorizedFormAction<S extends z.ZodType, T>(
  permission: RecordlessAction,
  schema: S,
  handler: (input: z.output<S>, user: SessionUser, context: ActionAPIContext, form: FormData) => Promise<T>,
): ReturnType<typeof define<T | FormInputFailure>>;
export function authorizedFormAction<S extends z.ZodType, T>(
  permission: RecordlessAction,
  schemaOrHandler: S | ((form: FormData, user: SessionUser, context: ActionAPIContext) => Promise<T>),
  maybeHandler?: (input: z.output<S>, user: SessionUser, context: ActionAPIContext, form: FormData) => Promise<T>,
) {
  if (typeof schemaOrHandler === 'function') {
    const handler = schemaOrHandler as (form: FormData, user: SessionUser, context: ActionAPIContext) => Promise<T>;
    return define(async (form, context) => handler(form, authorize(context.locals, permission), context));
  }
  const schema = schemaOrHandler;
  return define<T | FormInputFailure>(async (form, context) => {
    const user = authorize(context.locals, permission);
    const parsed = parseForm(schema, form);
    if (!parsed.ok) return parsed;
    return maybeHandler!(parsed.data, user, context, form);
  }, schema);
}
