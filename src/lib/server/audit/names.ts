/**
 * What the ids in audit before/after fields stand for, by name: a department, a category, an area,
 * a person (their display name: the audit log is read by administrators, who see display names
 * elsewhere too; never a real name), a volunteer team, project, inspection site or checklist.
 * Every id field of this kind is listed once in AUDIT_ID_FIELDS; the names of one page of entries
 * are read with one query per kind, and a name no longer found reads as "#id".
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, checklistTemplates, departments, readinessSites, reportCategories, users, volunteerProjects, volunteers, volunteerTeams } from '../../../../db/schema';
import { siteTypeName } from '../readiness/types';

export type AuditNameKind = 'department' | 'category' | 'area' | 'user' | 'volunteer' | 'team' | 'project' | 'site' | 'template';

/** The audit fields that hold the id of a named thing (a list of ids under the same key reads as a list of names). */
export const AUDIT_ID_FIELDS: Readonly<Record<string, AuditNameKind>> = {
  departmentId: 'department',
  proposedDepartmentId: 'department',
  departmentIds: 'department',
  categoryId: 'category',
  districtId: 'area',
  subdistrictId: 'area',
  communityId: 'area',
  gridId: 'area',
  gridCellId: 'area',
  areaId: 'area',
  userId: 'user',
  assigneeId: 'user',
  authorId: 'user',
  reporterId: 'user',
  leaderId: 'user',
  volunteerId: 'volunteer',
  teamId: 'team',
  projectId: 'project',
  siteId: 'site',
  templateId: 'template',
};

/** The audit targets that are named things, by the id field that holds the same kind. */
export const AUDIT_TARGET_FIELDS: Readonly<Record<string, string>> = {
  report_category: 'categoryId',
  user: 'userId',
  volunteer: 'volunteerId',
  volunteer_team: 'teamId',
  volunteer_project: 'projectId',
  checklist_template: 'templateId',
};

/** An entry's target as an id field (`{ teamId: 3 }`), to look its name up with the fields'; null when the target has no name. */
export function auditTargetField(targetType: string, targetId: string | null): Record<string, string> | null {
  const key = AUDIT_TARGET_FIELDS[targetType];
  return key && targetId ? { [key]: targetId } : null;
}

/** The name of an id field's value in the reader's language, or undefined when the field holds no named thing or the thing is gone. */
export type AuditNameLookup = (key: string, id: number) => string | undefined;

type Named = { zh: string; en: string };

/** Walks before/after values and collects the ids of every named-thing field by kind. */
function collectIds(value: unknown, into: Map<AuditNameKind, Set<number>>, key = ''): void {
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) collectIds(item, into, key);
    return;
  }
  if (typeof value === 'object') {
    for (const [field, inner] of Object.entries(value as Record<string, unknown>)) collectIds(inner, into, field);
    return;
  }
  const kind = AUDIT_ID_FIELDS[key];
  const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,10}$/.test(value) ? Number(value) : NaN;
  if (kind && Number.isInteger(id) && id > 0 && id <= 2_147_483_647) {
    const ids = into.get(kind) ?? new Set<number>();
    ids.add(id);
    into.set(kind, ids);
  }
}

async function readNames(db: Db, kind: AuditNameKind, ids: number[]): Promise<Map<number, Named>> {
  const both = (rows: { id: number; nameZh: string; nameEn: string }[]) => new Map(rows.map((row) => [row.id, { zh: row.nameZh, en: row.nameEn }]));
  const one = (rows: { id: number; name: string }[]) => new Map(rows.map((row) => [row.id, { zh: row.name, en: row.name }]));
  switch (kind) {
    case 'department':
      return both(await db.select({ id: departments.id, nameZh: departments.nameZh, nameEn: departments.nameEn }).from(departments).where(inArray(departments.id, ids)));
    case 'category':
      return both(
        await db
          .select({ id: reportCategories.id, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn })
          .from(reportCategories)
          .where(inArray(reportCategories.id, ids)),
      );
    case 'area':
      return both(await db.select({ id: areas.id, nameZh: areas.nameZh, nameEn: areas.nameEn }).from(areas).where(inArray(areas.id, ids)));
    case 'user':
      return one(await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ids)));
    case 'volunteer':
      // The account's display name, never the real name the volunteer registered with.
      return one(
        await db.select({ id: volunteers.id, name: users.displayName }).from(volunteers).innerJoin(users, eq(users.id, volunteers.userId)).where(inArray(volunteers.id, ids)),
      );
    case 'team':
      return one(await db.select({ id: volunteerTeams.id, name: volunteerTeams.name }).from(volunteerTeams).where(inArray(volunteerTeams.id, ids)));
    case 'project':
      return one(await db.select({ id: volunteerProjects.id, name: volunteerProjects.title }).from(volunteerProjects).where(inArray(volunteerProjects.id, ids)));
    case 'site':
      return one(await db.select({ id: readinessSites.id, name: readinessSites.name }).from(readinessSites).where(inArray(readinessSites.id, ids)));
    case 'template': {
      const rows = await db
        .select({ id: checklistTemplates.id, siteType: checklistTemplates.siteType, version: checklistTemplates.version })
        .from(checklistTemplates)
        .where(inArray(checklistTemplates.id, ids));
      return new Map(
        rows.map((row) => [row.id, { zh: `${siteTypeName(row.siteType, 'zh-CN')} · 第 ${row.version} 版`, en: `${siteTypeName(row.siteType, 'en')} · version ${row.version}` }]),
      );
    }
  }
}

/** The names behind the id fields of these before/after summaries, in `locale`. */
export async function auditNames(db: Db, summaries: unknown[], locale: string): Promise<AuditNameLookup> {
  const wanted = new Map<AuditNameKind, Set<number>>();
  for (const summary of summaries) collectIds(summary, wanted);
  const found = new Map<AuditNameKind, Map<number, Named>>();
  await Promise.all([...wanted].map(async ([kind, ids]) => found.set(kind, await readNames(db, kind, [...ids]))));
  return (key, id) => {
    const kind = AUDIT_ID_FIELDS[key];
    const named = kind ? found.get(kind)?.get(id) : undefined;
    return named && (locale === 'en' ? named.en : named.zh);
  };
}
