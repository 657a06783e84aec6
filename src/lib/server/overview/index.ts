/**
 * The office's overview as a list of sections, each from a small provider `(db, period) =>
 * Section | null` (null: the domain has nothing to show). The dashboard and the weekly bulletin
 * render the same sections from the same providers, so their figures match. Other domains
 * (volunteers, nominations, quizzes) add a provider to SECTION_PROVIDERS.
 */
import type { Db } from '../../../../db/client';
import type { Period } from './period';
import { readinessSection } from './readiness';
import { reportsSection } from './reports';

export * from './period';
export * from './permissions';

export interface Figure {
  /** Stable within its section: the bulletin compares it with the previous week's. */
  key: string;
  labelKey: string;
  value: number | null;
  format: 'count' | 'percent' | 'score';
  /** Shown beside the value, e.g. n and an interval. */
  detail?: string;
  /** Snapshots show the state now, not the period's, so the bulletin shows no change for them. */
  snapshot?: boolean;
}

export interface Table {
  captionKey: string;
  columns: string[];
  rows: { cells: (string | number | null)[]; href?: string }[];
}

export interface Section {
  key: string;
  titleKey: string;
  figures: Figure[];
  tables: Table[];
  /** Departments for the bulletin's 红榜 (best) and 黑榜 (worst). */
  league?: { red: LeagueEntry[]; black: LeagueEntry[]; month: string };
}

export interface LeagueEntry {
  nameZh: string;
  nameEn: string;
  onTimeRate: number | null;
  received: number;
  red: number;
}

export type SectionProvider = (db: Db, period: Period, locale: string) => Promise<Section | null>;

export const SECTION_PROVIDERS: SectionProvider[] = [reportsSection, readinessSection];

export async function buildOverview(db: Db, period: Period, locale: string): Promise<Section[]> {
  const sections = await Promise.all(SECTION_PROVIDERS.map((provider) => provider(db, period, locale)));
  return sections.filter((section): section is Section => section !== null);
}

/** The change of each non-snapshot figure from the previous period, by section and figure key. */
export function changesBetween(current: Section[], previous: Section[]): Map<string, number> {
  const changes = new Map<string, number>();
  for (const section of current) {
    const before = previous.find((s) => s.key === section.key);
    for (const figure of section.figures) {
      const old = before?.figures.find((f) => f.key === figure.key);
      if (!figure.snapshot && figure.value !== null && old?.value !== null && old?.value !== undefined) changes.set(`${section.key}.${figure.key}`, figure.value - old.value);
    }
  }
  return changes;
}
