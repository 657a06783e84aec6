/**
 * Per-category extra questions (e.g. the plate number for bad parking, the shop's name for street
 * vending): admins define them; the report form, the JSON API and Open311 (`attribute[code]`)
 * answer them; the submit command checks the answers here; staff see them and the ledger exports
 * them. Answers are kept on the report by field code (reports.attributes) and are never public:
 * a plate number or a shop's name can point at a person.
 */
import { asc, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { CATEGORY_FIELD_KINDS, reportCategories, reportCategoryFields, type CategoryFieldKind, type CategoryFieldOption } from '../../../../db/schema';
import type { Locale } from '../../../i18n';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { checkbox, hasControlCharacters, id, object, oneOf, optionalText, text } from '../http/schema';
import { fail, type Failure, type Result } from '../result';

export type Answer = string | number | boolean | string[];
export type Answers = Record<string, Answer>;

export interface CategoryField {
  id: number;
  categoryId: number;
  code: string;
  kind: CategoryFieldKind;
  required: boolean;
  labelZh: string;
  labelEn: string;
  options: CategoryFieldOption[];
  sortOrder: number;
}

export const FIELD_TEXT_MAX = 200;
export const FIELDS_PER_CATEGORY_MAX = 10;
const CODE = /^[a-z][a-z0-9_]{0,39}$/;

const fieldColumns = {
  id: reportCategoryFields.id,
  categoryId: reportCategoryFields.categoryId,
  code: reportCategoryFields.code,
  kind: reportCategoryFields.kind,
  required: reportCategoryFields.required,
  labelZh: reportCategoryFields.labelZh,
  labelEn: reportCategoryFields.labelEn,
  options: reportCategoryFields.options,
  sortOrder: reportCategoryFields.sortOrder,
};

export async function listCategoryFields(db: Db, categoryId: number): Promise<CategoryField[]> {
  return db
    .select(fieldColumns)
    .from(reportCategoryFields)
    .where(eq(reportCategoryFields.categoryId, categoryId))
    .orderBy(asc(reportCategoryFields.sortOrder), asc(reportCategoryFields.id));
}

/** Every active category's fields, by category code: for the report form and the admin page. */
export async function fieldsByCategory(db: Db): Promise<Map<string, CategoryField[]>> {
  const rows = await db
    .select({ ...fieldColumns, categoryCode: reportCategories.code })
    .from(reportCategoryFields)
    .innerJoin(reportCategories, eq(reportCategories.id, reportCategoryFields.categoryId))
    .orderBy(asc(reportCategories.sortOrder), asc(reportCategoryFields.sortOrder), asc(reportCategoryFields.id));
  const out = new Map<string, CategoryField[]>();
  for (const { categoryCode, ...field } of rows) out.set(categoryCode, [...(out.get(categoryCode) ?? []), field]);
  return out;
}

/**
 * Raw answers as Open311 sends them, `attribute[code]` (repeated, or `attribute[code][]`, for a
 * multiple choice). The report form names each category's inputs `attribute.<category>[code]`
 * (all categories' questions are in the page when JavaScript is off), and reads only the chosen one's.
 */
export function answersFromForm(form: FormData, categoryCode?: string): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  const group = categoryCode === undefined ? 'attribute' : `attribute.${categoryCode}`;
  for (const [name, value] of form.entries()) {
    if (!name.startsWith(`${group}[`)) continue;
    const match = /^\[([^\]]{1,40})\](\[\])?$/.exec(name.slice(group.length));
    if (!match || typeof value !== 'string') continue;
    const code = match[1]!;
    const previous = raw[code];
    raw[code] = previous === undefined ? (match[2] ? [value] : value) : [...(Array.isArray(previous) ? previous : [previous]), value];
    // A multiple choice sends a hidden empty entry so that "none ticked" is still an answer.
    if (Array.isArray(raw[code])) raw[code] = (raw[code] as string[]).filter((v) => v !== '');
  }
  return raw;
}

const fieldKey = (code: string) => `attribute.${code}`;

/**
 * Checks raw answers (strings from a form or Open311, or JSON values from the API) against the
 * category's fields: required ones answered, numbers numeric, choices among the options, text
 * bounded and without control characters. Unknown codes are refused, so a client learns of a typo.
 * Field errors are keyed `attribute.<code>`.
 */
export function checkAnswers(fields: readonly CategoryField[], raw: Record<string, unknown> | undefined): Result<{ answers: Answers }, 'invalid'> {
  const errors: Record<string, string> = {};
  const answers: Answers = {};
  const given = raw ?? {};
  for (const code of Object.keys(given)) if (!fields.some((f) => f.code === code)) errors[fieldKey(code)] = 'reports.fields.error.unknown';
  for (const field of fields) {
    const value = given[field.code];
    const empty = value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0);
    if (empty) {
      if (field.required) errors[fieldKey(field.code)] = 'reports.fields.error.required';
      continue;
    }
    const parsed = parseAnswer(field, value);
    if (parsed === undefined) errors[fieldKey(field.code)] = `reports.fields.error.${field.kind}`;
    else answers[field.code] = parsed;
  }
  return Object.keys(errors).length ? fail('invalid', 'form.invalid', { fields: errors }) : { ok: true, answers };
}

function parseAnswer(field: CategoryField, value: unknown): Answer | undefined {
  const values = field.options.map((o) => o.value);
  switch (field.kind) {
    case 'text': {
      if (typeof value !== 'string') return undefined;
      const text = value.trim();
      return text.length > 0 && text.length <= FIELD_TEXT_MAX && !hasControlCharacters(text) ? text : undefined;
    }
    case 'number': {
      const number = typeof value === 'number' ? value : typeof value === 'string' && /^-?\d{1,12}(\.\d{1,6})?$/.test(value.trim()) ? Number(value.trim()) : NaN;
      return Number.isFinite(number) && Math.abs(number) < 1e12 ? number : undefined;
    }
    case 'yesno': {
      if (typeof value === 'boolean') return value;
      if (value === 'yes' || value === 'true') return true;
      if (value === 'no' || value === 'false') return false;
      return undefined;
    }
    case 'single':
      return typeof value === 'string' && values.includes(value) ? value : undefined;
    case 'multi': {
      const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',').map((v) => v.trim()) : null;
      if (!list || !list.every((v) => typeof v === 'string' && values.includes(v))) return undefined;
      return [...new Set(list as string[])];
    }
  }
}

/** An answer in words, for staff pages and the ledger. */
export function formatAnswer(field: CategoryField, value: Answer, locale: Locale): string {
  const label = (v: string) => {
    const option = field.options.find((o) => o.value === v);
    return option ? (locale === 'en' ? option.en : option.zh) : v;
  };
  if (typeof value === 'boolean') return value ? (locale === 'en' ? 'Yes' : '是') : locale === 'en' ? 'No' : '否';
  if (Array.isArray(value)) return value.map(label).join(locale === 'en' ? ', ' : '、');
  if (field.kind === 'single') return label(String(value));
  return String(value);
}

/** The answers as label/value pairs in the fields' order; answers to fields since removed show by code. */
export function describeAnswers(fields: readonly CategoryField[], answers: Answers, locale: Locale): { label: string; value: string }[] {
  const out = fields
    .filter((f) => answers[f.code] !== undefined)
    .map((f) => ({ label: locale === 'en' ? f.labelEn : f.labelZh, value: formatAnswer(f, answers[f.code]!, locale) }));
  for (const [code, value] of Object.entries(answers))
    if (!fields.some((f) => f.code === code)) out.push({ label: code, value: Array.isArray(value) ? value.join(', ') : String(value) });
  return out;
}

/** What an admin defines; the rest of a CategoryField is the database's. */
export type FieldDefinition = Omit<CategoryField, 'id' | 'categoryId' | 'sortOrder'>;

/** Checks a definition an admin typed; field errors are i18n keys. */
export function checkDefinition(input: FieldDefinition): Failure<'invalid'> | null {
  const fields: Record<string, string> = {};
  if (!CODE.test(input.code)) fields.code = 'reports.fields.error.code';
  if (!(CATEGORY_FIELD_KINDS as readonly string[]).includes(input.kind)) fields.kind = 'reports.fields.error.kind';
  for (const key of ['labelZh', 'labelEn'] as const) {
    const label = input[key].trim();
    if (!label || label.length > 100 || hasControlCharacters(label)) fields[key] = 'reports.fields.error.label';
  }
  const choice = input.kind === 'single' || input.kind === 'multi';
  const options = input.options;
  const badOption = (o: CategoryFieldOption) => !CODE.test(o.value) || !o.zh.trim() || !o.en.trim() || o.zh.length > 100 || o.en.length > 100 || hasControlCharacters(o.zh + o.en);
  if (choice && (options.length < 2 || options.length > 20 || options.some(badOption) || new Set(options.map((o) => o.value)).size !== options.length))
    fields.options = 'reports.fields.error.options';
  if (!choice && options.length) fields.options = 'reports.fields.error.noOptions';
  return Object.keys(fields).length ? fail('invalid', 'form.invalid', { fields }) : null;
}

/** Options typed one per line as `value|中文|English`. */
export function parseOptionLines(text: string): CategoryFieldOption[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [value = '', zh = '', en = ''] = line.split('|').map((part) => part.trim());
      return { value, zh, en: en || zh };
    });
}

/** Adds a field to a category (admins; audited). */
export async function addCategoryField(
  db: Db,
  actor: Actor,
  categoryId: number,
  input: FieldDefinition,
  requestId?: string | null,
): Promise<Result<{ id: number }, 'invalid' | 'not_found' | 'conflict'>> {
  const invalid = checkDefinition(input);
  if (invalid) return invalid;
  return db.transaction(async (tx) => {
    // The category row lock orders concurrent additions, so the per-category limit holds.
    const [category] = await tx.select({ id: reportCategories.id }).from(reportCategories).where(eq(reportCategories.id, categoryId)).for('update');
    if (!category) return fail('not_found', 'error.notFound');
    const existing = await tx.select({ code: reportCategoryFields.code }).from(reportCategoryFields).where(eq(reportCategoryFields.categoryId, categoryId));
    if (existing.some((f) => f.code === input.code)) return fail('conflict', 'form.invalid', { fields: { code: 'reports.fields.error.taken' } });
    if (existing.length >= FIELDS_PER_CATEGORY_MAX) return fail('invalid', 'reports.fields.error.tooMany', { params: { max: FIELDS_PER_CATEGORY_MAX } });
    const values = {
      categoryId,
      code: input.code,
      kind: input.kind,
      required: input.required,
      labelZh: input.labelZh.trim(),
      labelEn: input.labelEn.trim(),
      options: input.options,
      sortOrder: existing.length,
    };
    const [row] = await tx.insert(reportCategoryFields).values(values).returning({ id: reportCategoryFields.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'report.category.field.add',
      targetType: 'report_category',
      targetId: categoryId,
      summary: { after: { code: input.code, kind: input.kind, required: input.required } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, id: row!.id };
  });
}

/** Removes a field; answers already given stay on their reports (shown by code). */
export async function removeCategoryField(db: Db, actor: Actor, fieldId: number, requestId?: string | null): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(reportCategoryFields)
      .where(eq(reportCategoryFields.id, fieldId))
      .returning({ categoryId: reportCategoryFields.categoryId, code: reportCategoryFields.code });
    if (!row) return fail('not_found', 'error.notFound');
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'report.category.field.remove',
      targetType: 'report_category',
      targetId: row.categoryId,
      summary: { before: { code: row.code } },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

/** The demo's extra questions: the plate number for bad parking, the shop for street vending and frontage. */
export async function seedDemoCategoryFields(db: Db): Promise<void> {
  const categories = await db
    .select({ id: reportCategories.id, code: reportCategories.code })
    .from(reportCategories)
    .where(inArray(reportCategories.code, ['parking', 'street-vending', 'frontage']));
  const id = (code: string) => categories.find((c) => c.code === code)?.id;
  const rows = [
    { categoryId: id('parking'), code: 'plate', kind: 'text' as const, required: false, labelZh: '车牌号', labelEn: 'Plate number', options: [], sortOrder: 0 },
    {
      categoryId: id('parking'),
      code: 'vehicle',
      kind: 'single' as const,
      required: true,
      labelZh: '车辆类型',
      labelEn: 'Vehicle',
      options: [
        { value: 'car', zh: '机动车', en: 'Car or van' },
        { value: 'ebike', zh: '电动车', en: 'E-bike' },
        { value: 'bicycle', zh: '自行车/共享单车', en: 'Bicycle or shared bike' },
      ],
      sortOrder: 1,
    },
    {
      categoryId: id('parking'),
      code: 'blocks_exit',
      kind: 'yesno' as const,
      required: false,
      labelZh: '是否堵住出入口或消防通道',
      labelEn: 'Blocks an exit or fire lane',
      options: [],
      sortOrder: 2,
    },
    {
      categoryId: id('street-vending'),
      code: 'shop_name',
      kind: 'text' as const,
      required: false,
      labelZh: '店铺或摊位名称',
      labelEn: 'Shop or stall name',
      options: [],
      sortOrder: 0,
    },
    { categoryId: id('frontage'), code: 'shop_name', kind: 'text' as const, required: false, labelZh: '店铺名称', labelEn: 'Shop name', options: [], sortOrder: 0 },
  ].filter((row): row is typeof row & { categoryId: number } => row.categoryId !== undefined);
  if (rows.length) await db.insert(reportCategoryFields).values(rows).onConflictDoNothing();
}

/** The admin forms' inputs (src/pages/admin/report-fields.astro). */
export const addFieldInput = object({
  categoryId: id(),
  code: text(40),
  kind: oneOf(CATEGORY_FIELD_KINDS),
  required: checkbox(),
  labelZh: text(100),
  labelEn: text(100),
  options: optionalText(2000),
});
export const removeFieldInput = object({ fieldId: id() });
