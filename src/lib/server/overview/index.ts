/**
 * The office's overview as a list of sections, each from a small provider `(db, period) =>
 * Section | null` (null: the domain has nothing to show). The dashboard and the weekly bulletin
 * render the same sections from the same providers, so their figures match. Each provider reads
 * its domain's own query functions (never its own copy of a domain's rules).
 */
import type { Db } from '../../../../db/client';
import type { Period } from './period';
import { metricsSection } from './metrics';
import { nominationsSection } from './nominations';
import { readinessSection } from './readiness';
import { reportsSection } from './reports';
import { volunteersSection } from './volunteers';

export * from './period';
export * from './permissions';

export interface Figure {
  /** Stable within its section: the bulletin compares it with the previous week's. */
  key: string;
  labelKey: string;
  value: number | null;
  /** 'hours': value in minutes, shown as hours; 'text': `text` shown instead of a number (value stays null). */
  format: 'count' | 'percent' | 'score' | 'hours' | 'text';
  text?: Message;
  /** Shown beside the value, e.g. n and an interval. */
  detail?: string;
  /** A translated detail, e.g. 'n = 812, 95% 区间 …'. */
  note?: Message;
  /** Too small a sample to trust: the figure is shown, marked. */
  small?: boolean;
  /** Snapshots show the state now, not the period's, so the bulletin shows no change for them. */
  snapshot?: boolean;
}

/** An i18n key with its parameters, translated where the section is rendered. */
export interface Message {
  key: string;
  params?: Record<string, string | number>;
}

export interface Table {
  captionKey: string;
  columns: string[];
  rows: { cells: (string | number | null | Message)[]; href?: string }[];
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

export const SECTION_PROVIDERS: SectionProvider[] = [reportsSection, volunteersSection, nominationsSection, metricsSection, readinessSection];

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
