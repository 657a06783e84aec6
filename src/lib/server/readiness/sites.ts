/**
 * Importing sites from CSV (admins): columns code,type,name,lat,lng,department. Every bad row is
 * reported with its line number before anything is written; then all rows are upserted by code in
 * one transaction, with one audit entry. Types may be given by code (main_road) or name (主次干道).
 */
import { inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { departments, readinessSites, SITE_TYPES, type SiteType } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { resolvePoint } from '../city';
import { fail, type Result } from '../result';
import { SITE_TYPE_NAMES } from './types';
import { proposedValues } from '../upsert';

export const IMPORT_MAX_ROWS = 5000;
const COLUMNS = ['code', 'type', 'name', 'lat', 'lng', 'department'] as const;

/** RFC 4180 fields: quotes, doubled quotes, commas and newlines inside quotes. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const body = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted) {
      if (c === '"' && body[i + 1] === '"') ((field += '"'), i++);
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') (row.push(field), (field = ''));
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && body[i + 1] === '\n') i++;
      (row.push(field), rows.push(row), (row = []), (field = ''));
    } else field += c;
  }
  if (field !== '' || row.length) (row.push(field), rows.push(row));
  return rows;
}

export interface RowError {
  /** The line in the file, 1 being the header. */
  line: number;
  key: string;
  params?: Record<string, string | number>;
}

type SiteRow = {
  code: string;
  type: SiteType;
  name: string;
  lat: number;
  lng: number;
  departmentId: number;
  gridId: number;
  communityId: number;
  subdistrictId: number;
  districtId: number;
};

export function parseSiteType(value: string): SiteType | null {
  const v = value.trim();
  if ((SITE_TYPES as readonly string[]).includes(v)) return v as SiteType;
  return SITE_TYPES.find((type) => SITE_TYPE_NAMES[type].zh === v || SITE_TYPE_NAMES[type].en.toLowerCase() === v.toLowerCase()) ?? null;
}

export async function importSites(
  db: Db,
  actor: Actor,
  csv: string,
  requestId?: string | null,
): Promise<Result<{ inserted: number; updated: number }, 'forbidden' | 'invalid'> & { errors?: RowError[] }> {
  const rows = parseCsv(csv).filter((row) => row.some((cell) => cell.trim() !== ''));
  const header = (rows.shift() ?? []).map((cell) => cell.trim().toLowerCase());
  if (COLUMNS.some((column, i) => header[i] !== column)) return { ...fail('invalid', 'readiness.import.error.header', { params: { columns: COLUMNS.join(',') } }), errors: [] };
  if (rows.length === 0 || rows.length > IMPORT_MAX_ROWS) return { ...fail('invalid', 'readiness.import.error.count', { params: { max: IMPORT_MAX_ROWS } }), errors: [] };
  const byCode = new Map(
    (await db.select({ id: departments.id, code: departments.code, nameZh: departments.nameZh }).from(departments)).flatMap(
      (d) =>
        [
          [d.code, d.id],
          [d.nameZh, d.id],
        ] as [string, number][],
    ),
  );
  const errors: RowError[] = [];
  const parsed: SiteRow[] = [];
  const seen = new Set<string>();
  for (const [index, cells] of rows.entries()) {
    const line = index + 2;
    const [code = '', typeText = '', name = '', latText = '', lngText = '', department = ''] = cells.map((cell) => cell.trim());
    const type = parseSiteType(typeText);
    const lat = Number(latText);
    const lng = Number(lngText);
    const departmentId = byCode.get(department);
    if (!/^[\w.-]{1,40}$/.test(code)) errors.push({ line, key: 'readiness.import.error.code' });
    else if (seen.has(code)) errors.push({ line, key: 'readiness.import.error.duplicate', params: { code } });
    else if (!type) errors.push({ line, key: 'readiness.import.error.type', params: { value: typeText } });
    else if (!name || name.length > 100) errors.push({ line, key: 'readiness.import.error.name' });
    else if (latText === '' || lngText === '' || !Number.isFinite(lat) || !Number.isFinite(lng)) errors.push({ line, key: 'readiness.import.error.point' });
    else if (departmentId === undefined) errors.push({ line, key: 'readiness.import.error.department', params: { value: department } });
    else {
      const areas = await resolvePoint(db, { lat, lng });
      if (!areas) errors.push({ line, key: 'readiness.import.error.outside' });
      else
        parsed.push({
          code,
          type,
          name,
          lat,
          lng,
          departmentId,
          gridId: areas.grid.id,
          communityId: areas.community.id,
          subdistrictId: areas.subdistrict.id,
          districtId: areas.district.id,
        });
    }
    seen.add(code);
  }
  if (errors.length) return { ...fail('invalid', 'readiness.import.error.rows', { params: { count: errors.length } }), errors };
  const counts = await db.transaction(async (tx) => {
    const before = new Set(
      (
        await tx
          .select({ code: readinessSites.code })
          .from(readinessSites)
          .where(
            inArray(
              readinessSites.code,
              parsed.map((row) => row.code),
            ),
          )
      ).map((row) => row.code),
    );
    for (let i = 0; i < parsed.length; i += 500) {
      await tx
        .insert(readinessSites)
        .values(parsed.slice(i, i + 500))
        .onConflictDoUpdate({
          target: readinessSites.code,
          set: {
            ...proposedValues(readinessSites, ['type', 'name', 'lat', 'lng', 'departmentId', 'gridId', 'communityId', 'subdistrictId', 'districtId']),
            active: true,
          },
        });
    }
    const counts = { inserted: parsed.length - before.size, updated: before.size };
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'readiness.import',
      targetType: 'readiness_sites',
      targetId: null,
      summary: { after: counts },
      requestId: requestId ?? null,
    });
    return counts;
  });
  return { ok: true, ...counts };
}
