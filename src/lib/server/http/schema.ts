/**
 * The input kit: the zod that Astro Actions use (`astro/zod`, zod 4) plus the bounded building blocks
 * every command's schema is made of (`src/lib/server/<domain>/inputs.ts`). Forms, `/api/v1` routes and
 * Open311 parse with the same schema; `/api/v1/openapi.json` is generated from them.
 *
 * - ids are whole numbers within the column's range (int4, or the safe part of int8);
 * - text is trimmed, line ends normalized, bounded, and refuses NUL and every other control character
 *   except newline and tab (PostgreSQL refuses NUL outright);
 * - dates are real calendar dates between 2000 and 2100;
 * - enums are closed; JSON bodies reject unknown fields.
 *
 * A failed parse is turned into i18n keys per field by `inputFailure()`: the same keys serve the
 * form (shown beside the field, with what was typed kept) and the API (a 400 naming the field).
 */
import { z } from 'astro/zod';
import type { Params } from '../../../i18n';
import type { Failure } from '../result';

export { z };

export const INT4_MAX = 2_147_483_647;
/** int8 columns: ids beyond 2^53 cannot be told apart in JavaScript, so the safe range is the bound. */
export const INT8_SAFE_MAX = Number.MAX_SAFE_INTEGER;
export const MIN_YEAR = 2000;
export const MAX_YEAR = 2100;
export const PAGE_MAX = 10_000;

/** C0 controls except tab (U+0009) and newline (U+000A), DEL, and C1 controls. */
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

/** True when a value holds a control character the kit refuses (NUL included). */
export function hasControlCharacters(value: string): boolean {
  return CONTROL_CHARACTERS.test(value);
}

/** Browsers send textarea line ends as CRLF: one newline is one newline, whatever sent it. */
const normalizeLineEnds = (value: string) => value.replace(/\r\n?/g, '\n');

/** Digits-only strings (what forms, query strings and paths carry) become numbers; anything else is left for the number schema to refuse. */
function numberFromText(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  return /^-?\d+(\.\d+)?$/.test(trimmed) ? Number(trimmed) : value;
}

/** A whole number in [min, max]; forms' and query strings' digits are accepted as well as JSON numbers. */
export function int(min: number, max: number) {
  return z.preprocess(
    numberFromText,
    z
      .number({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.integer') })
      .min(min, { error: 'input.range' })
      .max(max, { error: 'input.range' })
      .int({ error: 'input.integer' }),
  );
}

/** A positive id of an int4 (serial/integer) column. */
export const id = () => int(1, INT4_MAX).meta({ description: 'A positive id (int4)' });

/** A positive id of an int8 (bigserial/bigint) column, bounded to what JavaScript holds exactly. */
export const bigId = () => int(1, INT8_SAFE_MAX).meta({ description: 'A positive id (int8, at most 2^53-1)' });

/** A page number, 1 by default. */
export const page = () =>
  int(1, PAGE_MAX)
    .optional()
    .meta({ description: `Page number (1-${PAGE_MAX})` });

/** A decimal number in [min, max] (coordinates, fractions). */
export function decimal(min: number, max: number) {
  return z.preprocess(
    numberFromText,
    z
      .number({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.number') })
      .min(min, { error: 'input.range' })
      .max(max, { error: 'input.range' }),
  );
}

/**
 * Text up to `max` characters after trimming (and at least `min`, 1 by default: an empty required
 * field is "required"); newline and tab are the only control characters allowed.
 */
export function text(max: number, options: { min?: number } = {}) {
  const min = options.min ?? 1;
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.type') })
    .overwrite(normalizeLineEnds)
    .trim()
    .refine((value) => !hasControlCharacters(value), { error: 'input.controlCharacters', abort: true })
    .min(min, { error: (issue) => (issue.input === '' ? 'input.required' : 'input.tooShort') })
    .max(max, { error: 'input.tooLong' });
}

/** Optional text: absent, null or blank is `undefined`; otherwise as `text(max)`. */
export function optionalText(max: number) {
  return z.preprocess(blankToUndefined, text(max).optional());
}

function blankToUndefined(value: unknown): unknown {
  if (value === null) return undefined;
  if (typeof value === 'string' && value.trim() === '') return undefined;
  return value;
}

/** An optional field of any schema: absent, null or blank form text is `undefined`. */
export function optional<T extends z.ZodType>(schema: T) {
  return z.preprocess(blankToUndefined, schema.optional());
}

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day, YYYY-MM-DD, between 2000 and 2100 (kept as that text: days are the city's). */
export function date() {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.date') })
    .trim()
    .refine(isRealDate, { error: 'input.date' })
    .meta({ format: 'date', description: `A day, YYYY-MM-DD (${MIN_YEAR}-${MAX_YEAR})` });
}

export function isRealDate(value: string): boolean {
  const match = DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < MIN_YEAR || year > MAX_YEAR) return false;
  const probe = new Date(Date.UTC(year, month - 1, day));
  return probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
}

/** An instant (ISO 8601 with a zone offset, or a plain day read in the city's zone by the caller), 2000-2100. */
export function dateTime() {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.dateTime') })
    .trim()
    .refine(isSaneInstant, { error: 'input.dateTime' })
    .meta({ format: 'date-time', description: `An instant, ISO 8601 with an offset (${MIN_YEAR}-${MAX_YEAR})` });
}

const INSTANT_PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

export function isSaneInstant(value: string): boolean {
  const match = INSTANT_PATTERN.exec(value);
  if (!match || !isRealDate(`${match[1]}-${match[2]}-${match[3]}`)) return false;
  if (Number(match[4]) > 23 || Number(match[5]) > 59) return false;
  return Number.isFinite(new Date(value).getTime());
}

/** A local date and time as an <input type="datetime-local"> sends it (YYYY-MM-DDTHH:MM[:SS]), 2000-2100. */
export function localDateTime() {
  return z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.dateTime') })
    .trim()
    .refine(
      (value) => {
        const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(:\d{2})?$/.exec(value);
        return !!match && isRealDate(match[1]!) && Number(match[2]) <= 23 && Number(match[3]) <= 59 && (!match[4] || Number(match[4].slice(1)) <= 59);
      },
      { error: 'input.dateTime' },
    )
    .meta({ description: 'A local date and time in the city, YYYY-MM-DDTHH:MM' });
}

/** One of a closed list. */
export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (issue) => (issue.input === undefined || issue.input === '' ? 'input.required' : 'input.enum') });
}

/** A checkbox: a form sends "on" (or "1"/"true") when ticked and nothing when not; JSON sends a boolean. */
export function checkbox() {
  return z.preprocess(
    (value) => (value === undefined || value === null || value === '' ? false : typeof value === 'string' ? ['on', '1', 'true', 'yes'].includes(value) || value : value),
    z.boolean({ error: 'input.type' }),
  );
}

/**
 * An uploaded file (a form's `<input type="file">`): present, not empty, at most `maxMb` megabytes.
 * `missing` is the message for no file (or an empty one), e.g. "choose a GeoJSON file".
 */
export function upload(maxMb: number, options: { missing?: string } = {}) {
  const missing = options.missing ?? 'input.fileRequired';
  return z
    .file({ error: (issue) => (issue.input === undefined ? missing : 'input.file') })
    .min(1, { error: missing })
    .max(maxMb * 1024 * 1024, { error: 'input.fileTooLarge' })
    .meta({ description: `A file of at most ${maxMb} MB` });
}

/**
 * A group of form fields named `<prefix><key>` (a quiz's `q-12`, `q-31`: one per question) read into
 * one record field by key; a key's value is every value sent when the record holds lists, else the
 * first. Blank values are left out (an unanswered question sends nothing either).
 */
export function fieldGroup<T extends z.ZodType>(prefix: string, record: T): T {
  return record.meta({ formPrefix: prefix }) as T;
}

function formPrefixOf(schema: z.ZodType): string | undefined {
  const prefix = (schema.meta() as { formPrefix?: unknown } | undefined)?.formPrefix;
  return typeof prefix === 'string' ? prefix : undefined;
}

/** The value schema of a record (under wrappers), to tell whether a group's values are lists. */
function recordValueOf(schema: z.ZodType): z.ZodType | undefined {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof z.ZodRecord) return current._zod.def.valueType as z.ZodType;
    const def = (current as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    current = (def.innerType ?? def.out ?? def.in ?? def.schema) as z.ZodType | undefined;
  }
  return undefined;
}

/** An object that refuses fields it does not know (JSON bodies); forms pick only the schema's fields. */
export function object<T extends z.core.$ZodLooseShape>(shape: T) {
  return z.strictObject(shape, { error: (issue) => (issue.code === 'unrecognized_keys' ? 'input.unknownField' : 'input.type') });
}

// ---------------------------------------------------------------------------------------------
// Failures: zod issues -> i18n keys per field

/** An i18n key (dotted, no spaces) rather than one of zod's English sentences. */
const I18N_KEY = /^[a-z][\w-]*(\.[\w-]+)+$/;

export interface InputFailure extends Failure<'invalid'> {
  fields: Record<string, string>;
  params: Params;
}

/** The field an issue is about: its path joined with dots ("body" for the whole input). */
function fieldOf(path: readonly PropertyKey[]): string {
  return path.length ? path.map(String).join('.') : 'body';
}

function keyFor(issue: z.core.$ZodIssue): string {
  if (I18N_KEY.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? 'input.required' : 'input.type';
    case 'too_big':
      return issue.origin === 'string' ? 'input.tooLong' : issue.origin === 'array' || issue.origin === 'set' ? 'input.tooMany' : 'input.range';
    case 'too_small':
      return issue.origin === 'string' ? 'input.tooShort' : issue.origin === 'array' || issue.origin === 'set' ? 'input.tooFew' : 'input.range';
    case 'invalid_value':
      return 'input.enum';
    case 'unrecognized_keys':
      return 'input.unknownField';
    default:
      return 'input.invalid';
  }
}

/** The localized-by-key failure of a zod parse: one key per field (the first issue wins), and its bounds as params. */
export function inputFailure(error: z.ZodError): InputFailure {
  const fields: Record<string, string> = {};
  const params: Params = {};
  for (const issue of error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[fieldOf([...issue.path, key])] ??= 'input.unknownField';
      continue;
    }
    const field = fieldOf(issue.path);
    if (fields[field]) continue;
    fields[field] = keyFor(issue);
    if (issue.code === 'too_big') params.max = Number(issue.maximum);
    if (issue.code === 'too_big' && issue.origin === 'file') params.mb = Math.round(Number(issue.maximum) / (1024 * 1024));
    if (issue.code === 'too_small') params.min = Number(issue.minimum);
    if (fields[field] === 'input.range' && 'maximum' in issue) params.max = Number(issue.maximum);
  }
  const first = Object.keys(fields)[0] ?? 'body';
  params.field = first;
  return { ok: false, code: 'invalid', message: 'input.invalidField', params, fields };
}

export type ParseResult<T> = { ok: true; data: T } | InputFailure;

/** Parses with a schema into a Result: the data, or i18n keys per field. */
export function parseInput<S extends z.ZodType>(schema: S, data: unknown): ParseResult<z.output<S>> {
  const parsed = schema.safeParse(data);
  return parsed.success ? { ok: true, data: parsed.data } : inputFailure(parsed.error);
}

// ---------------------------------------------------------------------------------------------
// Reading forms and query strings into plain objects for a schema

/** The object schema under optional/default/pipe wrappers, if any. */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof z.ZodObject) return current.shape as Record<string, z.ZodType>;
    const def = (current as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    current = (def.innerType ?? def.in ?? def.schema) as z.ZodType | undefined;
  }
  return undefined;
}

/** True when a field's schema (under wrappers and pipes) takes a list. */
function isList(schema: z.ZodType): boolean {
  let current: z.ZodType | undefined = schema;
  for (let depth = 0; current && depth < 10; depth++) {
    if (current instanceof z.ZodArray) return true;
    const def = (current as unknown as { _zod: { def: Record<string, unknown> } })._zod.def;
    current = (def.innerType ?? def.out ?? def.schema) as z.ZodType | undefined;
  }
  return false;
}

/**
 * A form's or query string's values for an object schema: each of its fields (lists with getAll),
 * fields the schema does not name are left out, empty file inputs are dropped.
 */
export function entriesFor(schema: z.ZodType, source: FormData | URLSearchParams): Record<string, unknown> {
  const shape = shapeOf(schema);
  if (!shape) return Object.fromEntries(source as Iterable<[string, unknown]>);
  const values: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(shape)) {
    const prefix = formPrefixOf(field);
    if (prefix) {
      const lists = isList(recordValueOf(field) ?? field);
      const group: Record<string, unknown> = {};
      for (const [key, value] of source as Iterable<[string, unknown]>) {
        if (!key.startsWith(prefix) || key.length === prefix.length || value === '') continue;
        const member = key.slice(prefix.length);
        if (lists) ((group[member] ??= []) as unknown[]).push(value);
        else group[member] ??= value;
      }
      if (Object.keys(group).length) values[name] = group;
      continue;
    }
    const all = (source.getAll(name) as unknown[]).filter((entry) => !(typeof File !== 'undefined' && entry instanceof File && entry.size === 0 && entry.name === ''));
    if (isList(field)) values[name] = all;
    else if (all.length) values[name] = all[0];
  }
  return values;
}

/**
 * What a form typed for a schema, to show again beside the errors: each field as text; a list field
 * (checkboxes, multi-selects) as every value ticked, one per line, and always present, so a page may
 * ask `values.skills.includes(code)`. Never files, and never a password or token.
 */
export function typedValuesFor(schema: z.ZodType, form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(typedValues(form))) if (!SECRET_FIELD.test(name)) values[name] = value;
  for (const [name, field] of Object.entries(shapeOf(schema) ?? {})) {
    if (isList(field))
      values[name] = form
        .getAll(name)
        .filter((entry): entry is string => typeof entry === 'string')
        .join('\n')
        .slice(0, 10_000);
  }
  return values;
}

/** Fields whose value is never echoed back to a page. */
export const SECRET_FIELD = /password|token|secret/i;

/** What a form typed, as text, to show again beside the errors (files are never echoed). */
export function typedValues(form: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of form) if (typeof value === 'string' && !(name in values)) values[name] = value.slice(0, 10_000);
  return values;
}
