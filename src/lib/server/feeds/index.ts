/**
 * Public Atom feeds: new reports (city-wide or filtered by area, category or a circle on the map),
 * the honour roll, and volunteer projects. Only what the public pages show: public statuses,
 * descriptions masked, no reporter, no exact home address.
 */
import { and, desc, eq, gte, inArray, lte, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, reportCategories, reports, volunteerProjects } from '../../../../db/schema';
import { config } from '../config';
import { distanceMeters } from '../kernel/geo';
import { honourRoll } from '../nominations/queries';
import { maskPersonalNumbers } from '../reports/mask';
import { PUBLIC_POINT_DEGREES, publicPoint } from '../reports/public-point';
import { PUBLIC_STATUSES } from '../reports/workflow';
import { renderAtom, TAG_AUTHORITY, type AtomEntry } from './atom';
import { publicOnly } from '../community/visibility';

export const FEED_SIZE = 50;
export const MAX_RADIUS_M = 5000;

export interface ReportFeedQuery {
  area?: string | null;
  category?: string | null;
  lat?: string | null;
  lng?: string | null;
  radius?: string | null;
}

export type FeedResult = { ok: true; body: string } | { ok: false; messageKey: string };

const origin = () => config.publicOrigin ?? 'http://localhost:4321';
const AREA_COLUMN = { district: reports.districtId, subdistrict: reports.subdistrictId, community: reports.communityId, grid: reports.gridId } as const;

export async function reportsFeed(db: Db, query: ReportFeedQuery): Promise<FeedResult> {
  const parts: SQL[] = [inArray(reports.status, [...PUBLIC_STATUSES]), publicOnly('report', reports.id)];
  const titleParts: string[] = [];
  const self = new URLSearchParams();
  if (query.area) {
    const value = query.area.trim();
    if (!/^[A-Za-z0-9_-]{1,40}$/.test(value)) return { ok: false, messageKey: 'feeds.error.area' };
    const byId = /^\d{1,9}$/.test(value) ? eq(areas.id, Number(value)) : undefined;
    const [area] = await db
      .select({ id: areas.id, level: areas.level, nameZh: areas.nameZh })
      .from(areas)
      .where(byId ? or(byId, eq(areas.code, value)) : eq(areas.code, value))
      .limit(1);
    if (!area) return { ok: false, messageKey: 'feeds.error.area' };
    parts.push(eq(AREA_COLUMN[area.level as keyof typeof AREA_COLUMN], area.id));
    titleParts.push(area.nameZh);
    self.set('area', value);
  }
  if (query.category) {
    const [category] = await db
      .select({ id: reportCategories.id, nameZh: reportCategories.nameZh })
      .from(reportCategories)
      .where(eq(reportCategories.code, query.category.slice(0, 60)));
    if (!category) return { ok: false, messageKey: 'feeds.error.category' };
    parts.push(eq(reports.categoryId, category.id));
    titleParts.push(category.nameZh);
    self.set('category', query.category);
  }
  let circle: { lat: number; lng: number; radius: number } | null = null;
  if (query.lat || query.lng || query.radius) {
    const [lat, lng, radius] = [Number(query.lat), Number(query.lng), Number(query.radius ?? 1000)];
    if (!query.lat || !query.lng || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180)
      return { ok: false, messageKey: 'feeds.error.point' };
    if (!Number.isFinite(radius) || radius <= 0 || radius > MAX_RADIUS_M) return { ok: false, messageKey: 'feeds.error.radius' };
    circle = { lat, lng, radius };
    // A bounding box in SQL (wider by the public grid's step), the circle below.
    const dLat = radius / 111_320 + PUBLIC_POINT_DEGREES;
    const dLng = radius / (111_320 * Math.max(0.01, Math.cos((lat * Math.PI) / 180))) + PUBLIC_POINT_DEGREES;
    parts.push(gte(reports.lat, lat - dLat), lte(reports.lat, lat + dLat), gte(reports.lng, lng - dLng), lte(reports.lng, lng + dLng));
    titleParts.push(`${radius} 米`);
    for (const [name, value] of [
      ['lat', lat],
      ['lng', lng],
      ['radius', radius],
    ] as const)
      self.set(name, String(value));
  }
  const rows = await db
    .select({
      id: reports.id,
      description: reports.description,
      status: reports.status,
      lat: reports.lat,
      lng: reports.lng,
      createdAt: reports.createdAt,
      updatedAt: reports.updatedAt,
      code: reportCategories.code,
      nameZh: reportCategories.nameZh,
    })
    .from(reports)
    .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
    .where(and(...parts))
    .orderBy(desc(reports.createdAt), desc(reports.id))
    .limit(circle ? FEED_SIZE * 4 : FEED_SIZE);
  // Inside the circle by the public point (public-point.ts): a small circle must not tell the exact one.
  const inside = circle ? rows.filter((row) => distanceMeters(circle, publicPoint(row)) <= circle.radius).slice(0, FEED_SIZE) : rows;
  const entries: AtomEntry[] = inside.map((row) => ({
    id: `${TAG_AUTHORITY}report/${row.id}`,
    title: `#${row.id} ${row.nameZh}`,
    updated: row.updatedAt,
    published: row.createdAt,
    link: `${origin()}/reports/${row.id}`,
    summary: maskPersonalNumbers(row.description),
    categories: [row.code, row.status],
  }));
  const query_ = self.toString();
  return {
    ok: true,
    body: renderAtom({
      id: `${TAG_AUTHORITY}feeds/reports${query_ ? `?${query_}` : ''}`,
      title: ['文明城市 · 市民上报', ...titleParts].join(' · '),
      self: `${origin()}/feeds/reports.atom${query_ ? `?${query_}` : ''}`,
      alternate: `${origin()}/reports`,
      author: '文明城市创建平台',
      entries,
      fallbackUpdated: new Date(Date.UTC(2026, 0, 1)),
    }),
  };
}

export async function honourFeed(db: Db): Promise<string> {
  const { people } = await honourRoll(db, {});
  return renderAtom({
    id: `${TAG_AUTHORITY}feeds/good-people`,
    title: '文明城市 · 好人榜',
    self: `${origin()}/feeds/good-people.atom`,
    alternate: `${origin()}/good-people`,
    author: '文明城市创建平台',
    entries: people.map((person) => ({
      id: `${TAG_AUTHORITY}good-people/${person.id}`,
      title: `${person.nomineeName}（${person.round.title}）`,
      updated: person.announcedAt,
      link: `${origin()}/good-people/${person.id}`,
      summary: person.story ? maskPersonalNumbers(String(person.story)).slice(0, 500) : undefined,
      categories: [person.category],
    })),
    fallbackUpdated: new Date(Date.UTC(2026, 0, 1)),
  });
}

export async function projectsFeed(db: Db): Promise<string> {
  const rows = await db.select().from(volunteerProjects).orderBy(desc(volunteerProjects.createdAt), desc(volunteerProjects.id)).limit(FEED_SIZE);
  return renderAtom({
    id: `${TAG_AUTHORITY}feeds/volunteer-projects`,
    title: '文明城市 · 志愿服务项目',
    self: `${origin()}/feeds/volunteer-projects.atom`,
    alternate: `${origin()}/volunteer/shifts`,
    author: '文明城市创建平台',
    entries: rows.map((row) => ({
      id: `${TAG_AUTHORITY}volunteer-project/${row.id}`,
      title: row.title,
      updated: row.createdAt,
      link: `${origin()}/volunteer/shifts?project=${row.id}`,
      summary: row.description ? maskPersonalNumbers(row.description).slice(0, 500) : undefined,
      categories: [row.type],
    })),
    fallbackUpdated: new Date(Date.UTC(2026, 0, 1)),
  });
}
