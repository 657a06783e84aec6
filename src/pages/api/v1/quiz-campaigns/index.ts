import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { listCampaigns } from '../../../../lib/server/quizzes';

/** Open and closed quiz campaigns; public. */
export const GET: APIRoute = async () => {
  const campaigns = await listCampaigns(await getDb(), { states: ['open', 'closed'] });
  return json({
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: { zh: c.titleZh, en: c.titleEn },
      description: { zh: c.descriptionZh, en: c.descriptionEn },
      state: c.state,
      questionsPerAttempt: c.questionsPerAttempt,
      timeLimitSeconds: c.timeLimitSeconds,
      withSurvey: c.withSurvey,
    })),
  });
};
