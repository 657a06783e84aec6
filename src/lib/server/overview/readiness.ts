/** The readiness section: latest site scores, sites never or long not inspected, the period's inspections. */
import { getSettings } from '../settings';
import { readinessFigures, siteTypeName } from '../readiness';
import type { SectionProvider } from './section';
import { cityDay } from '../time';

export const readinessSection: SectionProvider = async (db, period, locale) => {
  const settings = await getSettings(db, ['readiness.staleDays', 'readiness.passScore', 'readiness.fieldWeight']);
  const figures = await readinessFigures(db, { staleDays: settings['readiness.staleDays'], passScore: settings['readiness.passScore'], from: period.from, to: period.to });
  if (figures.total === 0) return null;
  return {
    key: 'readiness',
    titleKey: 'overview.readiness.title',
    figures: [
      { key: 'sites', labelKey: 'overview.readiness.sites', value: figures.total, format: 'count', snapshot: true },
      { key: 'meanScore', labelKey: 'overview.readiness.meanScore', value: figures.meanScore, format: 'score', snapshot: true },
      {
        key: 'readinessScore',
        labelKey: 'overview.readiness.readinessScore',
        value: figures.meanScore === null ? null : Math.round(figures.meanScore * settings['readiness.fieldWeight']) / 100,
        format: 'score',
        detail: `/ ${settings['readiness.fieldWeight']}`,
        snapshot: true,
      },
      { key: 'passing', labelKey: 'overview.readiness.passing', value: figures.passingShare, format: 'percent', detail: `≥ ${settings['readiness.passScore']}`, snapshot: true },
      { key: 'never', labelKey: 'overview.readiness.never', value: figures.never, format: 'count', snapshot: true },
      { key: 'stale', labelKey: 'overview.readiness.stale', value: figures.stale, format: 'count', detail: `> ${settings['readiness.staleDays']}d`, snapshot: true },
      { key: 'inspections', labelKey: 'overview.readiness.inspections', value: figures.inspections, format: 'count' },
      { key: 'periodMeanScore', labelKey: 'overview.readiness.periodMeanScore', value: figures.periodMeanScore, format: 'score' },
      { key: 'failedItems', labelKey: 'overview.readiness.failedItems', value: figures.failedItems, format: 'count' },
    ],
    tables: [
      {
        captionKey: 'overview.readiness.attention',
        columns: ['overview.col.site', 'overview.col.type', 'overview.col.score', 'overview.col.inspectedAt'],
        rows: figures.attention.map((site) => ({
          cells: [site.name, siteTypeName(site.type, locale), site.lastScore, site.lastInspectedAt ? cityDay(site.lastInspectedAt) : null],
          href: `/readiness/sites/${site.id}`,
        })),
      },
    ],
  };
};
