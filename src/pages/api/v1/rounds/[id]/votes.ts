import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, pathId, readBody, respond } from '../../../../../lib/server/http/api';
import { BallotResponse } from '../../../../../lib/server/openapi/responses';
import { authorize } from '../../../../../lib/server/http/guard';
import { castBallot } from '../../../../../lib/server/nominations';
import { ballotInput } from '../../../../../lib/server/nominations/inputs';

const STATUS: Record<string, number> = { not_found: 404, forbidden: 403, phone_unverified: 403, voting_closed: 409, already_voted: 409 };

/** Cast the account's one ballot: {"nominees":[id, …]}, up to the round's picks. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'rounds.vote');
  const roundId = pathId(context.params.id);
  const { nominees } = await readBody(context, ballotInput);
  const result = await castBallot(await getDb(), user, { roundId, nominationIds: nominees, ip: context.locals.clientIp });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(BallotResponse, { ballot: { id: result.ballot.id, nominees: [...new Set(nominees)] } }, 201);
};
