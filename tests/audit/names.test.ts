/** The audit log's before/after fields name what their ids stand for, in zh-CN and English. */
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { areas, departments, reportCategories } from '../../db/schema';
import { translator } from '../../src/i18n';
import { AUDIT_ID_FIELDS, AUDIT_TARGET_FIELDS, auditNames, auditTargetField, describeFields, listAuditEntries, recordAudit } from '../../src/lib/server/audit';
import { setAssignee } from '../../src/lib/server/reports';
import { createTestDatabase, testDriver } from '../support/db';
import { assignedLitterReport, type Cast, prepareReports, sanitationId } from '../reports/fixtures';

describe(`names in the audit log on ${testDriver}`, () => {
  let database: Database;
  let cast: Cast;
  let reportId: number;

  beforeAll(async () => {
    database = await createTestDatabase();
    const prepared = await prepareReports(database.db);
    cast = prepared.cast;
    reportId = await assignedLitterReport(database.db, prepared);
    expect(await setAssignee(database.db, cast.moderator, reportId, cast.staff.id)).toMatchObject({ ok: true });
  });
  afterAll(async () => database?.close());

  /** Every field of every entry for the report, as the audit page shows them: "label: value". */
  async function shown(locale: 'zh-CN' | 'en') {
    const { entries } = await listAuditEntries(database.db, {});
    const names = await auditNames(
      database.db,
      entries.map((entry) => entry.summary),
      locale,
    );
    const t = translator(locale);
    return entries.flatMap((entry) =>
      (['before', 'after'] as const).flatMap((side) => describeFields(entry.summary[side], t, names).map((field) => `${field.label}: ${field.value}`)),
    );
  }

  it('reads the department and the assignee of a report’s entries as names, in both languages', async () => {
    const [sanitation] = await database.db
      .select()
      .from(departments)
      .where(eq(departments.id, await sanitationId(database.db)));
    const zh = await shown('zh-CN');
    expect(zh).toContain(`责任单位: ${sanitation!.nameZh}`);
    expect(zh).toContain('经办人: t-staff');
    const en = await shown('en');
    expect(en).toContain(`Department: ${sanitation!.nameEn}`);
    expect(en).toContain('Assignee: t-staff');
    // No id field is left as a bare number.
    for (const line of [...zh, ...en]) expect(line).not.toMatch(/^(责任单位|类别|经办人|Department|Category|Assignee): \d+$/);
  });

  it('names areas, lists of ids and nested fields; a thing that is gone reads as its number, other numbers stay numbers', async () => {
    const [district] = await database.db.select().from(areas).where(eq(areas.level, 'district')).limit(1);
    const [community] = await database.db
      .select()
      .from(areas)
      .where(and(eq(areas.level, 'community')))
      .limit(1);
    const all = await database.db.select().from(departments).limit(2);
    const [litter] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'litter'));
    await recordAudit(database.db, {
      actorId: cast.admin.id,
      actorRole: 'admin',
      action: 'test.names',
      targetType: 'report_category',
      targetId: 1,
      summary: {
        before: { categoryId: litter!.id, districtId: district!.id, departmentIds: all.map((d) => d.id), deadlineDays: 5 },
        after: { routing: { communityId: community!.id, userId: 2_000_000 } },
      },
    });
    const { entries } = await listAuditEntries(database.db, { action: 'test.names' });
    const names = await auditNames(
      database.db,
      entries.map((entry) => entry.summary),
      'zh-CN',
    );
    const t = translator('zh-CN');
    // (PostgreSQL's jsonb keeps its own order of keys.)
    expect(
      describeFields(entries[0]!.summary.before, t, names)
        .map((f) => [f.label, f.value])
        .sort(),
    ).toEqual(
      [
        ['类别', litter!.nameZh],
        ['区', district!.nameZh],
        ['责任单位', all.map((d) => d.nameZh).join('、')],
        ['期限（工作日）', '5'],
      ].sort(),
    );
    const en = await auditNames(
      database.db,
      entries.map((entry) => entry.summary),
      'en',
    );
    expect(describeFields(entries[0]!.summary.before, translator('en'), en).map((f) => `${f.label}: ${f.value}`)).toContain(`Category: ${litter!.nameEn}`);
    expect(describeFields(entries[0]!.summary.after, t, names).map((f) => f.value.split('；').sort())).toEqual([[`社区: ${community!.nameZh}`, '用户: #2000000'].sort()]);
  });

  it('names a target that is a named thing (a category, a person), and no other', async () => {
    const [litter] = await database.db.select().from(reportCategories).where(eq(reportCategories.code, 'litter'));
    await recordAudit(database.db, { actorId: cast.admin.id, actorRole: 'admin', action: 'test.target', targetType: 'report_category', targetId: litter!.id, summary: {} });
    await recordAudit(database.db, { actorId: cast.admin.id, actorRole: 'admin', action: 'test.target', targetType: 'user', targetId: cast.staff.id, summary: {} });
    const { entries } = await listAuditEntries(database.db, { action: 'test.target' });
    const names = await auditNames(
      database.db,
      entries.map((entry) => auditTargetField(entry.targetType, entry.targetId)),
      'en',
    );
    const named = entries.map((entry) => Object.entries(auditTargetField(entry.targetType, entry.targetId)!).map(([key, id]) => names(key, Number(id)))[0]);
    expect(named.sort()).toEqual([litter!.nameEn, 't-staff'].sort());
    expect(auditTargetField('report', String(reportId))).toBeNull();
    expect(auditTargetField('user', null)).toBeNull();
    for (const key of Object.values(AUDIT_TARGET_FIELDS)) expect(AUDIT_ID_FIELDS[key]).toBeDefined();
  });

  it('has a label in both languages for every id field it names', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const t = translator(locale);
      for (const key of Object.keys(AUDIT_ID_FIELDS)) expect(t(`audit.field.${key}`), `${locale} audit.field.${key}`).not.toBe(`audit.field.${key}`);
    }
  });
});
