import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { pathId, respond } from '../../../../../lib/server/http/api';
import { CandidatesResponse } from '../../../../../lib/server/openapi/responses';
import { notFound } from '../../../../../lib/server/http/errors';
import { getRound, listCandidates, roundJson } from '../../../../../lib/server/nominations';

/** A round's public candidates (consented only) with their counts; public. */
export const GET: APIRoute = async ({ params }) => {
  const db = await getDb();
  const round = await getRound(db, pathId(params.id));
  if (!round) throw notFound();
  const showCounts = !['upcoming', 'nominating', 'reviewing'].includes(round.stage);
  const candidates = await listCandidates(db, round);
  return respond(CandidatesResponse, {
    round: roundJson(round),
    candidates: candidates.map((c) => ({
      id: c.id,
      nomineeName: c.nomineeName,
      category: c.category,
      status: c.status,
      community: c.community,
      district: c.district,
      story: c.story,
      thumbnailUrl: c.thumbnailUrl,
      votes: showCounts ? c.votes : null,
      flaggedVotes: showCounts ? c.flaggedVotes : null,
    })),
  });
};
