/**
 * Admins keep the routing and the calendar: each category's default department and working days,
 * per-district overrides, and the holiday calendar (public holidays and weekend days worked
 * instead). Every change is audited in the same transaction.
 */
import { and, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, departments, holidays, reportCategories, reportCategoryOverrides } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { setCategoryOverride } from './categories';
import { listOverrides, removeOverride, setHoliday } from '../calendar';
import { isDay } from '../time';

export const DEADLINE_DAYS_MAX = 60;

type ConfigureFailure = 'forbidden' | 'not_found' | 'invalid';

const validDays = (days: number) => Number.isInteger(days) && days >= 1 && days <= DEADLINE_DAYS_MAX;

async function departmentExists(db: Db, id: number): Promise<boolean> {
  const [row] = await db.select({ id: departments.id }).from(departments).where(eq(departments.id, id));
  return Boolean(row);
}

/** A category's default department and deadline in working days. */
export async function updateCategoryRouting(
  db: Db,
  admin: Actor,
  input: { categoryId: number; departmentId: number; deadlineDays: number },
  requestId?: string | null,
): Promise<Result<object, ConfigureFailure>> {
  const [category] = await db.select().from(reportCategories).where(eq(reportCategories.id, input.categoryId));
  if (!category) return fail('not_found', 'error.notFound');
  const fields: Record<string, string> = {};
  if (!(await departmentExists(db, input.departmentId))) fields.departmentId = 'reports.error.department';
  if (!validDays(input.deadlineDays)) fields.deadlineDays = 'reports.error.deadlineDays';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields, params: { max: DEADLINE_DAYS_MAX } });
  await db.transaction(async (tx) => {
    await tx.update(reportCategories).set({ departmentId: input.departmentId, deadlineDays: input.deadlineDays }).where(eq(reportCategories.id, input.categoryId));
    await recordAudit(tx, {
      actorId: admin.id,
      actorRole: admin.role,
      action: 'report.category.update',
      targetType: 'report_category',
      targetId: input.categoryId,
      summary: {
        before: { departmentId: category.departmentId, deadlineDays: category.deadlineDays },
        after: { departmentId: input.departmentId, deadlineDays: input.deadlineDays },
      },
      requestId: requestId ?? null,
    });
  });
  return { ok: true };
}

/** A district's routing of a category; with neither department nor days, the override is removed. */
export async function saveCategoryOverride(
  db: Db,
  admin: Actor,
  input: { categoryId: number; districtId: number; departmentId: number | null; deadlineDays: number | null },
  requestId?: string | null,
): Promise<Result<object, ConfigureFailure>> {
  const [category] = await db.select({ id: reportCategories.id }).from(reportCategories).where(eq(reportCategories.id, input.categoryId));
  const [district] = await db
    .select({ id: areas.id })
    .from(areas)
    .where(and(eq(areas.id, input.districtId), eq(areas.level, 'district')));
  if (!category) return fail('not_found', 'error.notFound');
  const fields: Record<string, string> = {};
  if (!district) fields.districtId = 'reports.error.district';
  if (input.departmentId !== null && !(await departmentExists(db, input.departmentId))) fields.departmentId = 'reports.error.department';
  if (input.deadlineDays !== null && !validDays(input.deadlineDays)) fields.deadlineDays = 'reports.error.deadlineDays';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields, params: { max: DEADLINE_DAYS_MAX } });
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select({ departmentId: reportCategoryOverrides.departmentId, deadlineDays: reportCategoryOverrides.deadlineDays })
      .from(reportCategoryOverrides)
      .where(and(eq(reportCategoryOverrides.categoryId, input.categoryId), eq(reportCategoryOverrides.districtId, input.districtId)));
    await setCategoryOverride(tx, input);
    await recordAudit(tx, {
      actorId: admin.id,
      actorRole: admin.role,
      action: input.departmentId === null && input.deadlineDays === null ? 'report.category.override.remove' : 'report.category.override.set',
      targetType: 'report_category',
      targetId: input.categoryId,
      summary: {
        before: before ? { districtId: input.districtId, ...before } : null,
        after: { districtId: input.districtId, departmentId: input.departmentId, deadlineDays: input.deadlineDays },
      },
      requestId: requestId ?? null,
    });
  });
  return { ok: true };
}

export interface HolidayInput {
  day: string;
  kind: 'holiday' | 'workday';
  nameZh: string;
  nameEn: string;
}

/** Adds (or changes) a public holiday or a make-up working day. */
export async function saveHoliday(db: Db, admin: Actor, input: HolidayInput, requestId?: string | null): Promise<Result<object, ConfigureFailure>> {
  const fields: Record<string, string> = {};
  if (!isDay(input.day)) fields.day = 'reports.error.holidayDay';
  if (input.kind !== 'holiday' && input.kind !== 'workday') fields.kind = 'reports.error.holidayKind';
  const nameZh = input.nameZh.trim();
  const nameEn = input.nameEn.trim() || nameZh;
  if (!nameZh || nameZh.length > 30 || nameEn.length > 60) fields.nameZh = 'reports.error.holidayName';
  if (Object.keys(fields).length) return fail('invalid', 'form.invalid', { fields });
  await db.transaction(async (tx) => {
    const [before] = await tx.select().from(holidays).where(eq(holidays.day, input.day));
    await setHoliday(tx, { day: input.day, kind: input.kind, nameZh, nameEn });
    await recordAudit(tx, {
      actorId: admin.id,
      actorRole: admin.role,
      action: 'report.holiday.set',
      targetType: 'holiday',
      targetId: input.day,
      summary: { before: before ?? null, after: { day: input.day, kind: input.kind, nameZh, nameEn } },
      requestId: requestId ?? null,
    });
  });
  return { ok: true };
}

export async function removeHoliday(db: Db, admin: Actor, day: string, requestId?: string | null): Promise<Result<object, ConfigureFailure>> {
  return db.transaction(async (tx) => {
    const removed = await removeOverride(tx, day);
    if (!removed) return fail('not_found', 'error.notFound');
    await recordAudit(tx, {
      actorId: admin.id,
      actorRole: admin.role,
      action: 'report.holiday.remove',
      targetType: 'holiday',
      targetId: day,
      summary: { before: removed, after: null },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

/** Everything the admin page shows: categories with their overrides, and the calendar. */
export async function loadRoutingSettings(db: Db) {
  const [categories, overrides, calendar] = await Promise.all([
    db.select().from(reportCategories).orderBy(reportCategories.sortOrder, reportCategories.id),
    db.select().from(reportCategoryOverrides),
    listOverrides(db),
  ]);
  return { categories: categories.map((category) => ({ ...category, overrides: overrides.filter((o) => o.categoryId === category.id) })), holidays: calendar };
}
