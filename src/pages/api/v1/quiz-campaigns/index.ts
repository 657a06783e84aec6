import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { QuizCampaignsResponse } from '../../../../lib/server/openapi/responses';
import { listCampaigns } from '../../../../lib/server/quizzes';

/** Open and closed quiz campaigns; public. */
export const GET: APIRoute = async () => {
  const campaigns = await listCampaigns(await getDb(), { states: ['open', 'closed'] });
  return respond(QuizCampaignsResponse, {
    campaigns: campaigns.map((c) => ({
      id: c.id,
      title: { zh: c.titleZh, en: c.titleEn },
      description: { zh: c.descriptionZh, en: c.descriptionEn },
      state: c.state as 'open' | 'closed', // the only states listed
      questionsPerAttempt: c.questionsPerAttempt,
      timeLimitSeconds: c.timeLimitSeconds,
      withSurvey: c.withSurvey,
    })),
  });
};
