/**
 * Parsing a command's input with its zod schema (as Astro re-exports it): a failure becomes the
 * portal's usual Failure, one i18n key per field, so forms show it beside the field and the API
 * answers 400 with error.fields. Schemas carry i18n keys as their error messages.
 */
import { z } from 'astro/zod';
import { fail, type Failure } from '../result';

/** Trimmed text of at most `max` characters, no control characters (NUL included). */
export function text(max: number, messageKey = 'form.invalid') {
  return z
    .string({ error: messageKey })
    .max(max * 4, { error: messageKey })
    .refine((value) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(value), { error: messageKey })
    .transform((value) => value.trim())
    .refine((value) => [...value].length <= max, { error: messageKey });
}

/** Free text that may be missing (an absent form field reads as ''). */
export function optionalText(max: number, messageKey = 'form.invalid') {
  return z.preprocess((value) => (value === undefined || value === null ? '' : value), text(max, messageKey));
}

export function parseInput<S extends z.ZodType>(schema: S, data: unknown): { ok: true; value: z.output<S> } | Failure<'invalid'> {
  const parsed = schema.safeParse(data);
  if (parsed.success) return { ok: true, value: parsed.data };
  const fields: Record<string, string> = {};
  for (const issue of parsed.error.issues) {
    const name = String(issue.path[0] ?? '_');
    fields[name] ??= issue.message.includes('.') && !issue.message.includes(' ') ? issue.message : 'form.invalid';
  }
  return fail('invalid', 'form.invalid', { fields });
}

/** A form's text fields as a plain object (files are left out), for parseInput. */
export function formObject(form: FormData): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of form.entries()) if (typeof value === 'string' && !(name in out)) out[name] = value;
  return out;
}
