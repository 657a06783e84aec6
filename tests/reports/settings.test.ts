import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { can } from '../../src/lib/server/permissions';
import type { Database } from '../../db/client';
import { areas, auditLog, holidays, reportCategories, reportCategoryOverrides, reports } from '../../db/schema';
import { bulkTriage, removeHoliday, routeCategory, saveCategoryOverride, saveHoliday, submitReport, transitionReport, updateCategoryRouting } from '../../src/lib/server/reports';
import type { LocalDiskStorage } from '../../src/lib/server/storage';
import { createTestDatabase, testDriver } from '../support/db';
import { type Cast, photo, prepareReportsWithPoint } from './fixtures';
import { loadCalendar } from '../../src/lib/server/calendar';

describe(`office bulk triage and admin settings on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let storage: LocalDiskStorage;
  let sanitation: number;
  let point: { lat: number; lng: number };
  let seq = 0;

  beforeAll(async () => {
    database = await createTestDatabase();
    ({ cast, storage, sanitation, point } = await prepareReportsWithPoint(database.db));
  });
  afterAll(async () => database?.close());

  async function newReport() {
    const result = await submitReport(
      database.db,
      storage,
      { actor: cast.resident, source: 'web' },
      { ...point, categoryCode: 'litter', description: `批量处理的上报 ${++seq}`, photos: [await photo()], confirmed: true },
    );
    if (!result.ok) throw new Error(JSON.stringify(result));
    return result.report.id;
  }
  const row = async (id: number) => (await database.db.select().from(reports).where(eq(reports.id, id)))[0]!;

  it('accepts and assigns new reports in bulk to one department with one deadline, and skips one someone else changed', async () => {
    const [a, b, c] = [await newReport(), await newReport(), await newReport()];
    // Someone accepts c meanwhile: the moderator's version 1 is stale.
    await transitionReport(database.db, storage, cast.admin, c, { to: 'accepted', version: 1 });
    const result = await bulkTriage(
      database.db,
      storage,
      cast.moderator,
      [a, b, c].map((id) => ({ id, version: 1 })),
      { to: 'assigned', departmentId: sanitation, deadline: '2099-01-05' },
    );
    expect(result).toMatchObject({ ok: true, done: [a, b], failed: [{ id: c, message: 'reports.error.conflict' }] });
    for (const id of [a, b]) expect(await row(id)).toMatchObject({ status: 'assigned', departmentId: sanitation, deadline: '2099-01-05', version: 3 });
    expect((await row(c)).status).toBe('accepted');
  });

  it('assigns accepted reports in bulk to their proposed department when none is chosen', async () => {
    const id = await newReport();
    await transitionReport(database.db, storage, cast.moderator, id, { to: 'accepted', version: 1 });
    const result = await bulkTriage(database.db, storage, cast.moderator, [{ id, version: 2 }], { to: 'assigned' });
    expect(result).toMatchObject({ ok: true, done: [id] });
    const assigned = await row(id);
    expect(assigned.departmentId).toBe(assigned.proposedDepartmentId);
    expect(assigned.deadline).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('lets only the office triage in bulk, and never an empty selection', async () => {
    const id = await newReport();
    for (const who of ['resident', 'staff', 'grid'] as const) {
      expect(can(cast[who], 'report.moderate')).toBe(false);
    }
    expect(await bulkTriage(database.db, storage, cast.moderator, [], { to: 'accepted' })).toMatchObject({ ok: false, code: 'invalid' });
    expect((await row(id)).status).toBe('submitted');
  });

  it('lets an admin change a category’s department and working days, audited, and refuses moderators and nonsense', async () => {
    const [category] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'spitting'));
    expect(can(cast.moderator, 'report.configure')).toBe(false);
    expect(await updateCategoryRouting(database.db, cast.admin, { categoryId: category!.id, departmentId: sanitation, deadlineDays: 0 })).toMatchObject({
      ok: false,
      code: 'invalid',
      fields: { deadlineDays: 'reports.error.deadlineDays' },
    });
    expect(await updateCategoryRouting(database.db, cast.admin, { categoryId: category!.id, departmentId: 999_999, deadlineDays: 4 })).toMatchObject({
      ok: false,
      fields: { departmentId: 'reports.error.department' },
    });
    expect(await updateCategoryRouting(database.db, cast.admin, { categoryId: category!.id, departmentId: sanitation, deadlineDays: 4 }, 'req-cat')).toEqual({ ok: true });
    expect(await routeCategory(database.db, category!.id, null)).toEqual({ departmentId: sanitation, deadlineDays: 4 });
    const [audit] = await database.db.select().from(auditLog).where(eq(auditLog.requestId, 'req-cat'));
    expect(audit).toMatchObject({ action: 'report.category.update', actorId: cast.admin.id, summary: { before: { deadlineDays: 3 }, after: { deadlineDays: 4 } } });
  });

  it('lets an admin route a category elsewhere in one district, and remove that again', async () => {
    const [category] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'street-vending'));
    const [district] = await database.db.select().from(areas).where(eq(areas.level, 'district'));
    const input = { categoryId: category!.id, districtId: district!.id, departmentId: sanitation, deadlineDays: 7 };
    expect(can(cast.staff, 'report.configure')).toBe(false);
    expect(await saveCategoryOverride(database.db, cast.admin, { ...input, districtId: 999_999 })).toMatchObject({ ok: false, fields: { districtId: 'reports.error.district' } });
    expect(await saveCategoryOverride(database.db, cast.admin, input)).toEqual({ ok: true });
    expect(await routeCategory(database.db, category!.id, district!.id)).toEqual({ departmentId: sanitation, deadlineDays: 7 });
    expect(await saveCategoryOverride(database.db, cast.admin, { ...input, departmentId: null, deadlineDays: null })).toEqual({ ok: true });
    expect(
      await database.db
        .select()
        .from(reportCategoryOverrides)
        .where(and(eq(reportCategoryOverrides.categoryId, category!.id), eq(reportCategoryOverrides.districtId, district!.id))),
    ).toEqual([]);
    const actions = (
      await database.db
        .select({ action: auditLog.action })
        .from(auditLog)
        .where(eq(auditLog.targetId, String(category!.id)))
    ).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['report.category.override.set', 'report.category.override.remove']));
  });

  it('lets an admin add and remove holidays and make-up working days, which deadlines then count on, audited', async () => {
    expect(can(cast.moderator, 'report.configure')).toBe(false);
    expect(await saveHoliday(database.db, cast.admin, { day: '2027-02-30', kind: 'holiday', nameZh: '元旦', nameEn: '' })).toMatchObject({
      ok: false,
      fields: { day: 'reports.error.holidayDay' },
    });
    expect(await saveHoliday(database.db, cast.admin, { day: '2027-01-01', kind: 'holiday', nameZh: '', nameEn: '' })).toMatchObject({
      ok: false,
      fields: { nameZh: 'reports.error.holidayName' },
    });
    expect(await saveHoliday(database.db, cast.admin, { day: '2027-01-01', kind: 'holiday', nameZh: '元旦', nameEn: '' })).toEqual({ ok: true });
    expect(await saveHoliday(database.db, cast.admin, { day: '2027-01-09', kind: 'workday', nameZh: '调休上班', nameEn: 'Make-up day' })).toEqual({ ok: true });
    const calendar = await loadCalendar(database.db);
    expect(calendar.get('2027-01-01')).toBe('holiday');
    expect(calendar.get('2027-01-09')).toBe('workday');
    expect((await database.db.select().from(holidays).where(eq(holidays.day, '2027-01-01')))[0]).toMatchObject({ nameEn: '元旦' });
    expect(calendar.entry('2027-01-09')?.source).toBe('override');
    expect(can(cast.staff, 'report.configure')).toBe(false);
    expect(await removeHoliday(database.db, cast.admin, '2027-01-09')).toEqual({ ok: true });
    expect(await removeHoliday(database.db, cast.admin, '2027-01-09')).toMatchObject({ ok: false, code: 'not_found' });
    expect((await loadCalendar(database.db)).get('2027-01-09')).toBeUndefined(); // an ordinary Saturday again
    const actions = (await database.db.select({ action: auditLog.action }).from(auditLog).where(eq(auditLog.targetType, 'holiday'))).map((a) => a.action);
    expect(actions).toEqual(['report.holiday.set', 'report.holiday.set', 'report.holiday.remove']);
  });
});
