/**
 * The office's overview as a list of sections, each from a small provider `(db, period) =>
 * Section | null` (null: the domain has nothing to show). The dashboard and the weekly bulletin
 * render the same sections from the same providers, so their figures match. Each provider reads
 * its domain's own query functions (never its own copy of a domain's rules).
 */
import type { Db } from '../../../../db/client';
import type { Period } from './period';
import type { Section, SectionProvider } from './section';
import { metricsSection } from './metrics';
import { nominationsSection } from './nominations';
import { readinessSection } from './readiness';
import { reportsSection } from './reports';
import { volunteersSection } from './volunteers';

export * from './period';
export * from './permissions';
export type * from './section';

export const SECTION_PROVIDERS: SectionProvider[] = [reportsSection, volunteersSection, nominationsSection, metricsSection, readinessSection];

export async function buildOverview(db: Db, period: Period, locale: string, now = new Date()): Promise<Section[]> {
  const sections = await Promise.all(SECTION_PROVIDERS.map((provider) => provider(db, period, locale, now)));
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
