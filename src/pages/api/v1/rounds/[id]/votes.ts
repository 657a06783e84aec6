import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { apiFailure, json, readJson } from '../../../../../lib/server/http/api';
import { authorize } from '../../../../../lib/server/http/guard';
import { castBallot } from '../../../../../lib/server/nominations';

const STATUS: Record<string, number> = { not_found: 404, forbidden: 403, phone_unverified: 403, voting_closed: 409, already_voted: 409 };

/** Cast the account's one ballot: {"nominees":[id, …]}, up to the round's picks. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'rounds.vote');
  const body = await readJson(context);
  const nominees = Array.isArray(body.nominees) ? body.nominees.map((value) => (typeof value === 'number' ? value : Number.NaN)) : [];
  const result = await castBallot(await getDb(), user, { roundId: Number(context.params.id), nominationIds: nominees, ip: context.locals.clientIp });
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return json({ ballot: { id: result.ballot.id, nominees: [...new Set(nominees)] } }, 201);
};
