/**
 * Open311 GeoReport v2: API keys (issued and revoked by admins, stored as SHA-256) and the mapping
 * of reports to the spec's service requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../../../db/client';
import { departments, open311Keys, reportCategories, reportPhotos, reports, type ReportStatus } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { absoluteUrl } from '../http/origin';
import { mediaUrl } from '../photos';
import { fail, type Result } from '../result';
import { maskPersonalNumbers } from './mask';
import { open311Status, PUBLIC_STATUSES } from './workflow';
import { addDays, cityIso, startOfCityDay } from '../time';
import { xmlText } from '../output';

export const DEMO_OPEN311_KEY = 'demo-open311-key-wenming-2026';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function issueOpen311Key(db: Db, actor: Actor, name: string, requestId?: string | null, key = `wm_${randomBytes(24).toString('base64url')}`) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) return fail('invalid', 'form.invalid', { fields: { name: 'reports.open311.error.name' } });
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(open311Keys).values({ name: trimmed, keyHash: hashKey(key), prefix: key.slice(0, 7), createdBy: actor.id }).returning({ id: open311Keys.id });
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'open311.key.issue', targetType: 'open311_key', targetId: row!.id, summary: { after: { name: trimmed } }, requestId: requestId ?? null });
    return { ok: true as const, id: row!.id, key };
  });
}

export async function revokeOpen311Key(db: Db, actor: Actor, id: number, requestId?: string | null): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const [row] = await tx.update(open311Keys).set({ revokedAt: new Date(), revokedBy: actor.id }).where(and(eq(open311Keys.id, id), isNull(open311Keys.revokedAt))).returning({ name: open311Keys.name });
    if (!row) return fail('not_found', 'error.notFound');
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'open311.key.revoke', targetType: 'open311_key', targetId: id, summary: { before: { name: row.name } }, requestId: requestId ?? null });
    return { ok: true as const };
  });
}

export async function listOpen311Keys(db: Db) {
  return db.select({ id: open311Keys.id, name: open311Keys.name, prefix: open311Keys.prefix, createdAt: open311Keys.createdAt, revokedAt: open311Keys.revokedAt }).from(open311Keys).orderBy(desc(open311Keys.id));
}

/** The key's name when it is valid and not revoked. */
export async function checkOpen311Key(db: Db, key: string | null | undefined): Promise<string | null> {
  if (!key) return null;
  const [row] = await db.select({ name: open311Keys.name }).from(open311Keys).where(and(eq(open311Keys.keyHash, hashKey(key)), isNull(open311Keys.revokedAt)));
  return row?.name ?? null;
}

/** Demo mode: one well-known key (listed in the README). */
export async function seedDemoOpen311Key(db: Db): Promise<void> {
  await db.insert(open311Keys).values({ name: 'Demo client', keyHash: hashKey(DEMO_OPEN311_KEY), prefix: DEMO_OPEN311_KEY.slice(0, 7) }).onConflictDoNothing();
}

export async function open311Services(db: Db) {
  const rows = await db
    .select({ code: reportCategories.code, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn, department: departments.nameZh })
    .from(reportCategories)
    .innerJoin(departments, eq(departments.id, reportCategories.departmentId))
    .where(eq(reportCategories.active, true))
    .orderBy(asc(reportCategories.sortOrder));
  return rows.map((row) => ({
    service_code: row.code,
    service_name: row.nameZh,
    description: row.nameEn,
    metadata: false,
    type: 'realtime',
    keywords: [row.nameEn.toLowerCase(), row.code].join(', '),
    group: row.department,
  }));
}

/** ISO 8601 with the city's offset (+08:00), as Open311 clients expect. */
export function isoChina(date: Date | null): string | null {
  return date ? cityIso(date) : null;
}

export interface Open311Query {
  ids?: number[] | undefined;
  serviceCode?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  status?: 'open' | 'closed' | undefined;
}

export async function open311Requests(db: Db, query: Open311Query, now: Date = new Date()) {
  const parts = [inArray(reports.status, [...PUBLIC_STATUSES])];
  if (query.ids?.length) parts.push(inArray(reports.id, query.ids));
  else {
    // The spec's default: the last 90 days.
    parts.push(gte(reports.createdAt, query.start ?? new Date(now.getTime() - 90 * 86_400_000)));
    if (query.end) parts.push(lte(reports.createdAt, query.end));
  }
  if (query.serviceCode) parts.push(eq(reportCategories.code, query.serviceCode));
  if (query.status === 'closed') parts.push(eq(reports.status, 'closed'));
  if (query.status === 'open') parts.push(sql`${reports.status} <> 'closed'`);
  const rows = await db
    .select({
      id: reports.id,
      status: reports.status,
      description: reports.description,
      lat: reports.lat,
      lng: reports.lng,
      code: reportCategories.code,
      name: reportCategories.nameZh,
      agency: departments.nameZh,
      createdAt: reports.createdAt,
      updatedAt: reports.updatedAt,
      deadline: reports.deadline,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(departments, eq(departments.id, reports.departmentId))
    .where(and(...parts))
    .orderBy(desc(reports.createdAt))
    .limit(1000);
  const photos = rows.length
    ? await db
        .selectDistinctOn([reportPhotos.reportId], { reportId: reportPhotos.reportId, key: reportPhotos.key })
        .from(reportPhotos)
        .where(and(inArray(reportPhotos.reportId, rows.map((row) => row.id)), eq(reportPhotos.stage, 'before')))
        .orderBy(reportPhotos.reportId, asc(reportPhotos.id))
    : [];
  const photoOf = new Map(photos.map((photo) => [photo.reportId, photo.key]));
  return rows.map((row) => ({
    service_request_id: String(row.id),
    status: open311Status(row.status as ReportStatus),
    status_notes: row.status,
    service_name: row.name,
    service_code: row.code,
    description: maskPersonalNumbers(row.description),
    agency_responsible: row.agency ?? '',
    service_notice: '',
    requested_datetime: isoChina(row.createdAt),
    updated_datetime: isoChina(row.updatedAt),
    expected_datetime: row.deadline ? cityIso(new Date(startOfCityDay(addDays(row.deadline, 1))!.getTime() - 1000)) : null,
    address: '',
    lat: row.lat,
    long: row.lng,
    media_url: photoOf.has(row.id) ? absoluteUrl(mediaUrl(photoOf.get(row.id)!)) : '',
  }));
}

/** Open311's XML: the same fields, one element each. */
export function toXml(root: string, item: string, rows: Record<string, unknown>[]): string {
  const escape = xmlText;
  const body = rows
    .map((row) => `<${item}>${Object.entries(row).map(([key, value]) => (Array.isArray(value) ? `<${key}/>` : `<${key}>${escape(value)}</${key}>`)).join('')}</${item}>`)
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><${root}>${body}</${root}>`;
}

export type Open311Format = 'json' | 'xml';

/** "requests.json" → ['requests', 'json']; null for anything else. */
export function splitFormat(file: string | undefined): [string, Open311Format] | null {
  const match = /^(.+)\.(json|xml)$/.exec(file ?? '');
  return match ? [match[1]!, match[2] as Open311Format] : null;
}

export function open311Response(format: Open311Format, root: string, item: string, rows: Record<string, unknown>[], status = 200): Response {
  const body = format === 'xml' ? toXml(root, item, rows) : JSON.stringify(rows);
  return new Response(body, {
    status,
    headers: { 'content-type': format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8', 'cache-control': 'no-store', 'access-control-allow-origin': '*' },
  });
}

/** The spec's error list, `[{code, description}]`. */
export function open311Error(format: Open311Format, status: 400 | 403 | 404, description: string): Response {
  return open311Response(format, 'errors', 'error', [{ code: status, description }], status);
}

/** A community named in address_string, at the middle of its bounding box: our own names, no outside geocoder. */
export async function locateAddress(db: Db, address: string): Promise<{ lat: number; lng: number } | null> {
  const text = address.trim();
  if (!text) return null;
  const [row] = await selectRows<{ lat: number; lng: number }>(
    db,
    sql`select (min_lat + max_lat) / 2 as lat, (min_lng + max_lng) / 2 as lng from areas
      where level = 'community' and (position(name_zh in ${text}) > 0 or lower(${text}) like '%' || lower(name_en) || '%')
      order by length(name_zh) desc limit 1`,
  );
  return row ? { lat: Number(row.lat), lng: Number(row.lng) } : null;
}
