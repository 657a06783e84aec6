/**
 * The awareness and satisfaction section: the city's rates with n and the 95% Wilson interval, from
 * the metrics domain's getRatesReport (the dashboard's own report), marked when the sample is too
 * small. The campaign is the one the metrics dashboard opens on: the open one, else the latest.
 */
import { getRatesReport, type Estimate, type Measure } from '../metrics';
import { listCampaigns } from '../quizzes';
import type { Figure, SectionProvider } from './section';
import { formatPercent } from '../../percent';

const SHOWN: Measure[] = ['awareness', 'satisfaction'];

const percent = (n: number | null) => formatPercent(n);

export function estimateFigure(measure: Measure, e: Estimate): Figure {
  return {
    key: measure,
    labelKey: `overview.metrics.${measure}`,
    value: e.rate,
    format: 'percent',
    note: e.low === null ? { key: 'overview.metrics.n', params: { n: e.n } } : { key: 'overview.metrics.interval', params: { n: e.n, low: percent(e.low), high: percent(e.high) } },
    small: e.small,
    // Rates are the campaign's to date, not the week's.
    snapshot: true,
  };
}

export const metricsSection: SectionProvider = async (db, _period, locale) => {
  const campaigns = await listCampaigns(db);
  const campaign = campaigns.find((c) => c.state === 'open') ?? campaigns[0];
  if (!campaign) return null;
  const report = await getRatesReport(db, campaign.id, { trend: false });
  return {
    key: 'metrics',
    titleKey: 'overview.metrics.title',
    figures: [
      {
        key: 'campaign',
        labelKey: 'overview.metrics.campaign',
        value: null,
        format: 'text',
        text: { key: 'overview.metrics.campaignName', params: { name: locale === 'en' ? campaign.titleEn : campaign.titleZh } },
        snapshot: true,
      },
      ...SHOWN.map((measure) => estimateFigure(measure, report.city.measures[measure])),
    ],
    tables: [],
  };
};
