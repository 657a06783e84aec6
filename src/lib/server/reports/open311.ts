/**
 * Open311 GeoReport v2: API keys (issued and revoked by admins, stored as SHA-256) and the mapping
 * of reports to the spec's service requests.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, lte, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../../../db/client';
import { areas, departments, open311Keys, reportCategories, reportPhotos, reports, type ReportStatus } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { mediaUrl } from '../photos';
import { fail, type Result } from '../result';
import { maskPersonalNumbers } from './mask';
import { open311Status, PUBLIC_STATUSES } from './workflow';
import { describePoint, formatPointDescription } from '../places/describe';
import { publicDegrees, publicPoint } from './public-point';
import { localName } from '../i18n-names';
import { alias } from 'drizzle-orm/pg-core';
import type { Locale } from '../../../i18n';
import { FIELD_TEXT_MAX, fieldsByCategory, type CategoryField } from './fields';
import { addDays, cityIso, startOfCityDay } from '../time';
import { xmlText } from '../output';
import { publicOnly } from '../community/visibility';

export const DEMO_OPEN311_KEY = 'demo-open311-key-wenming-2026';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export async function issueOpen311Key(db: Db, actor: Actor, name: string, requestId?: string | null, key = `wm_${randomBytes(24).toString('base64url')}`) {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100) return fail('invalid', 'form.invalid', { fields: { name: 'reports.open311.error.name' } });
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(open311Keys)
      .values({ name: trimmed, keyHash: hashKey(key), prefix: key.slice(0, 7), createdBy: actor.id })
      .returning({ id: open311Keys.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'open311.key.issue',
      targetType: 'open311_key',
      targetId: row!.id,
      summary: { after: { name: trimmed } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, id: row!.id, key };
  });
}

export async function revokeOpen311Key(db: Db, actor: Actor, id: number, requestId?: string | null): Promise<Result<{}, 'not_found'>> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(open311Keys)
      .set({ revokedAt: new Date(), revokedBy: actor.id })
      .where(and(eq(open311Keys.id, id), isNull(open311Keys.revokedAt)))
      .returning({ name: open311Keys.name });
    if (!row) return fail('not_found', 'error.notFound');
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'open311.key.revoke',
      targetType: 'open311_key',
      targetId: id,
      summary: { before: { name: row.name } },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

export async function listOpen311Keys(db: Db) {
  return db
    .select({ id: open311Keys.id, name: open311Keys.name, prefix: open311Keys.prefix, createdAt: open311Keys.createdAt, revokedAt: open311Keys.revokedAt })
    .from(open311Keys)
    .orderBy(desc(open311Keys.id));
}

/** The key's name when it is valid and not revoked. */
export async function checkOpen311Key(db: Db, key: string | null | undefined): Promise<string | null> {
  if (!key) return null;
  const [row] = await db
    .select({ name: open311Keys.name })
    .from(open311Keys)
    .where(and(eq(open311Keys.keyHash, hashKey(key)), isNull(open311Keys.revokedAt)));
  return row?.name ?? null;
}

/** Demo mode: one well-known key (listed in the README). */
export async function seedDemoOpen311Key(db: Db): Promise<void> {
  await db
    .insert(open311Keys)
    .values({ name: '12345 热线平台', keyHash: hashKey(DEMO_OPEN311_KEY), prefix: DEMO_OPEN311_KEY.slice(0, 7) })
    .onConflictDoNothing();
}

export async function open311Services(db: Db) {
  const [rows, questions] = await Promise.all([
    db
      .select({ code: reportCategories.code, nameZh: reportCategories.nameZh, nameEn: reportCategories.nameEn, department: departments.nameZh })
      .from(reportCategories)
      .innerJoin(departments, eq(departments.id, reportCategories.departmentId))
      .where(eq(reportCategories.active, true))
      .orderBy(asc(reportCategories.sortOrder)),
    fieldsByCategory(db),
  ]);
  return rows.map((row) => ({
    service_code: row.code,
    service_name: row.nameZh,
    description: row.nameEn,
    // True when the category has extra questions: clients read them from services/{code}.json.
    metadata: (questions.get(row.code)?.length ?? 0) > 0,
    type: 'realtime',
    keywords: [row.nameEn.toLowerCase(), row.code].join(', '),
    group: row.department,
  }));
}

const DATATYPES: Record<CategoryField['kind'], string> = { text: 'string', number: 'number', single: 'singlevaluelist', multi: 'multivaluelist', yesno: 'singlevaluelist' };

/** A service definition: the category's extra questions as GeoReport v2 attributes. */
export function open311Definition(code: string, fields: readonly CategoryField[]) {
  return {
    service_code: code,
    attributes: fields.map((field, index) => {
      const values =
        field.kind === 'yesno'
          ? [
              { key: 'yes', name: '是 Yes' },
              { key: 'no', name: '否 No' },
            ]
          : field.options.map((o) => ({ key: o.value, name: `${o.zh} ${o.en}` }));
      return {
        variable: true,
        code: field.code,
        datatype: DATATYPES[field.kind],
        required: field.required,
        datatype_description: field.kind === 'number' ? 'A number' : field.kind === 'text' ? `At most ${FIELD_TEXT_MAX} characters` : null,
        order: index + 1,
        description: `${field.labelZh} / ${field.labelEn}`,
        ...(values.length > 0 && { values }),
      };
    }),
  };
}

/** Service definitions in XML: the spec's nesting (attributes/attribute/values/value). */
export function open311DefinitionXml(definition: ReturnType<typeof open311Definition>): string {
  const attributes = definition.attributes
    .map((a) => {
      const simple = Object.entries(a)
        .filter(([key]) => key !== 'values')
        .map(([key, value]) => `<${key}>${xmlText(value)}</${key}>`)
        .join('');
      const values = a.values ? `<values>${a.values.map((v) => `<value><key>${xmlText(v.key)}</key><name>${xmlText(v.name)}</name></value>`).join('')}</values>` : '';
      return `<attribute>${simple}${values}</attribute>`;
    })
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>${xmlText(definition.service_code)}</service_code><attributes>${attributes}</attributes></service_definition>`;
}

/** ISO 8601 with the city's offset (+08:00), as Open311 clients expect. */
export function isoChina(date: Date | null): string | null {
  return date ? cityIso(date) : null;
}

export interface Open311Query {
  /** Exactly these requests (the spec: overrides every other filter). */
  ids?: number[] | undefined;
  serviceCodes?: string[] | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  statuses?: ('open' | 'closed')[] | undefined;
}

/** Requests answered with the full reverse-looked-up address; longer listings name the community and subdistrict. */
export const ADDRESS_LOOKUPS_MAX = 100;
const community = alias(areas, 'o311_community');
const subdistrict = alias(areas, 'o311_subdistrict');

export interface Open311Context {
  /** The portal's public origin, for absolute media URLs. */
  origin: string;
  locale: Locale;
  /** Status words for status_notes. */
  t: (key: string) => string;
}

/**
 * Service requests. A listing shows public reports (accepted and later); asked by id, a request
 * exists from the moment it is filed, so a client can read back what it posted: before the office
 * accepts it (and if it rejects or merges it) only its status, service and times are shown, not
 * its description, photo, point or address.
 */
export async function open311Requests(db: Db, query: Open311Query, context: Open311Context, now: Date = new Date()) {
  const parts = [];
  // Reports hidden by flags are not there at all, by id or in a listing.
  parts.push(publicOnly('report', reports.id));
  if (query.ids?.length) parts.push(inArray(reports.id, query.ids));
  else {
    parts.push(inArray(reports.status, [...PUBLIC_STATUSES]));
    // The spec's default: the last 90 days.
    parts.push(gte(reports.createdAt, query.start ?? new Date(now.getTime() - 90 * 86_400_000)));
    if (query.end) parts.push(lte(reports.createdAt, query.end));
    if (query.serviceCodes?.length) parts.push(inArray(reportCategories.code, query.serviceCodes));
    const statuses = new Set(query.statuses ?? []);
    if (statuses.size === 1 && statuses.has('closed')) parts.push(eq(reports.status, 'closed'));
    if (statuses.size === 1 && statuses.has('open')) parts.push(sql`${reports.status} <> 'closed'`);
  }
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
      community: { nameZh: community.nameZh, nameEn: community.nameEn },
      subdistrict: { nameZh: subdistrict.nameZh, nameEn: subdistrict.nameEn },
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .leftJoin(departments, eq(departments.id, reports.departmentId))
    .leftJoin(community, eq(community.id, reports.communityId))
    .leftJoin(subdistrict, eq(subdistrict.id, reports.subdistrictId))
    .where(and(...parts))
    .orderBy(desc(reports.createdAt))
    .limit(1000);
  const shown = rows.filter((row) => PUBLIC_STATUSES.includes(row.status as ReportStatus));
  const photos = shown.length
    ? await db
        .selectDistinctOn([reportPhotos.reportId], { reportId: reportPhotos.reportId, key: reportPhotos.key })
        .from(reportPhotos)
        .where(
          and(
            inArray(
              reportPhotos.reportId,
              shown.map((row) => row.id),
            ),
            eq(reportPhotos.stage, 'before'),
          ),
        )
        .orderBy(reportPhotos.reportId, asc(reportPhotos.id))
    : [];
  const photoOf = new Map(photos.map((photo) => [photo.reportId, photo.key]));
  // The reverse lookup ("near <place>, <community>, <subdistrict>") costs a nearest-place search
  // per request: done for answers of up to 100 requests (by id, or a narrow filter); a longer
  // listing gives the community and subdistrict, which the report keeps.
  const addresses = new Map<number, string>();
  if (shown.length <= ADDRESS_LOOKUPS_MAX) {
    for (let i = 0; i < shown.length; i += 16) {
      const batch = shown.slice(i, i + 16);
      const described = await Promise.all(batch.map((row) => describePoint(db, publicPoint(row), context.locale)));
      batch.forEach((row, j) => addresses.set(row.id, described[j]!.text));
    }
  } else {
    for (const row of shown)
      addresses.set(
        row.id,
        formatPointDescription(
          { near: null, community: localName(row.community, context.locale) || null, subdistrict: localName(row.subdistrict, context.locale) || null },
          context.locale,
        ),
      );
  }
  return rows.map((row) => {
    const visible = PUBLIC_STATUSES.includes(row.status as ReportStatus);
    return {
      service_request_id: String(row.id),
      status: open311Status(row.status as ReportStatus),
      status_notes: context.t(`reports.status.${row.status}`),
      service_name: row.name,
      service_code: row.code,
      description: visible ? maskPersonalNumbers(row.description) : '',
      agency_responsible: row.agency ?? '',
      service_notice: '',
      requested_datetime: isoChina(row.createdAt),
      updated_datetime: isoChina(row.updatedAt),
      expected_datetime: visible && row.deadline ? cityIso(new Date(startOfCityDay(addDays(row.deadline, 1))!.getTime() - 1000)) : null,
      address: visible ? (addresses.get(row.id) ?? '') : '',
      address_id: '',
      zipcode: '',
      // The public point (public-point.ts), as everywhere the public reads reports.
      lat: visible ? publicDegrees(row.lat) : null,
      long: visible ? publicDegrees(row.lng) : null,
      media_url: visible && photoOf.has(row.id) ? new URL(mediaUrl(photoOf.get(row.id)!), context.origin).toString() : '',
    };
  });
}

/** When this endpoint last changed in a way clients should know (discovery's changeset). */
export const OPEN311_CHANGESET = '2026-12-04T00:00:00+08:00';

/** The discovery document: where the endpoint is, its formats and whom to ask. */
export function open311Discovery(origin: string, contact: string, changeset: string) {
  return {
    changeset,
    contact,
    key_service: `${origin}/admin/open311`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${origin}/open311/v2`,
        changeset,
        type: 'production',
        formats: ['application/json', 'text/xml'],
      },
    ],
  };
}

export function open311DiscoveryXml(d: ReturnType<typeof open311Discovery>): string {
  const endpoints = d.endpoints
    .map(
      (e) =>
        `<endpoint><specification>${xmlText(e.specification)}</specification><url>${xmlText(e.url)}</url><changeset>${xmlText(e.changeset)}</changeset><type>${e.type}</type><formats>${e.formats.map((f) => `<format>${f}</format>`).join('')}</formats></endpoint>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="utf-8"?><discovery><changeset>${xmlText(d.changeset)}</changeset><contact>${xmlText(d.contact)}</contact><key_service>${xmlText(d.key_service)}</key_service><endpoints>${endpoints}</endpoints></discovery>`;
}

/** Open311's XML: the same fields, one element each; a list becomes repeated elements. */
export function toXml(root: string, item: string, rows: Record<string, unknown>[]): string {
  const element = (key: string, value: unknown): string =>
    Array.isArray(value) ? value.map((v) => element(key, v)).join('') || `<${key}/>` : value === null || value === undefined ? `<${key}/>` : `<${key}>${xmlText(value)}</${key}>`;
  const body = rows
    .map(
      (row) =>
        `<${item}>${Object.entries(row)
          .map(([key, value]) => element(key, value))
          .join('')}</${item}>`,
    )
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
    headers: {
      'content-type': format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    },
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
