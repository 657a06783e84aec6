import type { APIRoute } from 'astro';
import { csvResponse } from '../../../lib/server/csv';
import { getDb } from '../../../lib/server/db';
import { notFound } from '../../../lib/server/http/errors';
import { authorize } from '../../../lib/server/http/guard';
import { getRatesReport, ratesCsv } from '../../../lib/server/metrics';
import { getCampaign } from '../../../lib/server/quizzes';
import { getSetting } from '../../../lib/server/settings';

/** The dashboard's figures for every area and measure, as CSV for Excel. */
export const GET: APIRoute = async ({ locals, url }) => {
  authorize(locals, 'metrics.dashboard');
  const db = await getDb();
  const campaign = await getCampaign(db, Number(url.searchParams.get('campaign')));
  if (!campaign) throw notFound();
  const report = await getRatesReport(db, campaign.id, { weighted: url.searchParams.get('weighted') === 'on', trend: false });
  const cityName = await getSetting(db, 'city.name');
  return csvResponse(ratesCsv(report, locals.locale, locals.locale === 'en' ? cityName.en : cityName.zh), `rates-campaign-${campaign.id}.csv`);
};
