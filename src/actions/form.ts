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
import { defineAction, type ActionAPIContext } from 'astro:actions';
import type { SessionUser } from '../lib/server/auth/session';
import { authorize } from '../lib/server/http/guard';
import { entriesFor, inputFailure, typedValues, type InputFailure, type z } from '../lib/server/http/schema';
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
  });
}

function define<T>(handler: Handler<T>) {
  return defineAction({ accept: 'form', handler });
}

/** A form parsed with a schema: the data, or the failure with what was typed. */
export function parseForm<S extends z.ZodType>(schema: S, form: FormData): { ok: true; data: z.output<S> } | FormInputFailure {
  const parsed = schema.safeParse(entriesFor(schema, form));
  if (parsed.success) return { ok: true, data: parsed.data };
  return { ...inputFailure(parsed.error), message: 'form.invalid', values: typedValues(form) };
}

/** Permissions checked without a record (those with one are checked in the handler, after the lookup). */
type RecordlessAction = { [A in Action]: ResourceOf<A> extends undefined ? A : never }[Action];

/** A form action that first authorizes the signed-in user for `permission` (else 401/403), then runs with that user. */
export function authorizedFormAction<T>(permission: RecordlessAction, handler: (form: FormData, user: SessionUser, context: ActionAPIContext) => Promise<T>): ReturnType<typeof define<T>>;
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
  });
}
