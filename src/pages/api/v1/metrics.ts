import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { readQuery, respond } from '../../../lib/server/http/api';
import { MetricsResponse } from '../../../lib/server/openapi/responses';
import { metricsQuery } from '../../../lib/server/metrics/inputs';
import { notFound } from '../../../lib/server/http/errors';
import { getPublicRates } from '../../../lib/server/metrics';
import { getCampaign, listCampaigns } from '../../../lib/server/quizzes';

/** Public: the city's and districts' rates with n and 95% intervals, for ?campaign=id (default: the latest open one). */
export const GET: APIRoute = async ({ url }) => {
  const db = await getDb();
  const asked = readQuery(url, metricsQuery).campaign;
  const campaign = asked ? await getCampaign(db, asked) : (await listCampaigns(db, { states: ['open', 'closed'] }))[0];
  if (!campaign || campaign.state === 'draft') throw notFound();
  const report = await getPublicRates(db, campaign.id);
  const area = ({ code, nameZh, nameEn, respondents, measures, ranks }: (typeof report)['city']) => ({ code, nameZh, nameEn, respondents, measures, ranks });
  return respond(
    MetricsResponse,
    {
      campaign: { id: campaign.id, title: { zh: campaign.titleZh, en: campaign.titleEn } },
      target: report.target,
      minSample: report.minSample,
      maxIntervalWidth: report.maxIntervalWidth,
      weighted: report.weighted,
      city: area(report.city),
      districts: report.districts.map(area),
    },
    200,
    { 'cache-control': 'public, max-age=60' },
  );
};
