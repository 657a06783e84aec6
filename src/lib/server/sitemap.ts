/**
 * What search engines may find: robots.txt and the sitemap of public pages (the sections, the
 * public reports, the honour roll's people, the upcoming volunteer shifts; nothing hidden by flags), every address from the
 * public origin (PUBLIC_ORIGIN), never from a request's Host header.
 */
import { and, desc, gte, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { Db } from '../../../db/client';
import { nominations, reports, volunteerShifts } from '../../../db/schema';
import { publicOnly } from './community/visibility';
import { absoluteUrl } from './http/origin';
import { PUBLIC_STATUSES as PUBLIC_NOMINATION_STATUSES } from './nominations/workflow';
import { PUBLIC_STATUSES } from './reports/workflow';

/** The sitemap protocol's limit per file; the newest are listed. */
export const SITEMAP_MAX_URLS = 50_000;

const SECTIONS = ['/', '/reports', '/reports/league', '/volunteer', '/volunteer/leaderboard', '/good-people', '/quiz', '/quiz/rates', '/open-data', '/privacy'];

/** Areas for people and tools, not for search: accounts, staff and admin pages, the APIs. */
const DISALLOWED = ['/account', '/admin', '/staff', '/notifications', '/api/', '/_actions/', '/media/originals/', '/login', '/register', '/password-reset'];

export function robotsTxt(): string {
  return ['User-agent: *', ...DISALLOWED.map((path) => `Disallow: ${path}`), '', `Sitemap: ${absoluteUrl('/sitemap.xml')}`, ''].join('\n');
}

export interface SitemapEntry {
  loc: string;
  lastmod?: string;
}

export async function sitemapEntries(db: Db, now: Date = new Date()): Promise<SitemapEntry[]> {
  const entries: SitemapEntry[] = SECTIONS.map((path) => ({ loc: absoluteUrl(path) }));
  const budget = SITEMAP_MAX_URLS - entries.length;
  const people = await db
    .select({ id: nominations.id, updatedAt: nominations.updatedAt })
    .from(nominations)
    // The same gate as the person's page: public statuses, with the nominee's consent recorded.
    .where(and(inArray(nominations.status, [...PUBLIC_NOMINATION_STATUSES]), isNotNull(nominations.consentRecordedAt), publicOnly('nomination', nominations.id)))
    .orderBy(desc(nominations.id))
    .limit(Math.floor(budget / 10));
  const shifts = await db
    .select({ id: volunteerShifts.id })
    .from(volunteerShifts)
    .where(and(gte(volunteerShifts.endsAt, now), isNull(volunteerShifts.cancelledAt)))
    .orderBy(volunteerShifts.startsAt)
    .limit(Math.floor(budget / 10));
  const publicReports = await db
    .select({ id: reports.id, updatedAt: reports.updatedAt })
    .from(reports)
    .where(and(inArray(reports.status, [...PUBLIC_STATUSES]), publicOnly('report', reports.id)))
    .orderBy(desc(reports.id))
    .limit(budget - people.length - shifts.length);
  for (const person of people) entries.push({ loc: absoluteUrl(`/good-people/${person.id}`), lastmod: person.updatedAt.toISOString() });
  for (const shift of shifts) entries.push({ loc: absoluteUrl(`/volunteer/shifts/${shift.id}`) });
  for (const report of publicReports) entries.push({ loc: absoluteUrl(`/reports/${report.id}`), lastmod: report.updatedAt.toISOString() });
  return entries;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderSitemap(entries: SitemapEntry[]): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">',
    ...entries.map((entry) => `  <url><loc>${xml(entry.loc)}</loc>${entry.lastmod ? `<lastmod>${entry.lastmod}</lastmod>` : ''}</url>`),
    '</urlset>',
    '',
  ].join('\n');
}
