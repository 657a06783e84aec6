import type { APIRoute } from 'astro';
import { flagItem } from '../../../../lib/server/community';
import { flagInput } from '../../../../lib/server/community/inputs';
import { getDb } from '../../../../lib/server/db';
import { apiFailure, readBody, respond } from '../../../../lib/server/http/api';
import { FlagCreatedResponse } from '../../../../lib/server/openapi/responses';
import { authorize } from '../../../../lib/server/http/guard';

const STATUS: Record<string, number> = { not_found: 404, already_flagged: 409, own_content: 403, paused: 403 };

/** Flag a public report, update, nomination story or objection: `{targetType, targetId, reason}`; 201, a second flag 409. */
export const POST: APIRoute = async (context) => {
  const user = authorize(context.locals, 'flag.add');
  const body = await readBody(context, flagInput);
  const result = await flagItem(await getDb(), user, body);
  if (!result.ok) return apiFailure(context.locals, result, STATUS[result.code] ?? 400);
  return respond(FlagCreatedResponse, { flag: { id: result.flag.id, targetType: body.targetType, targetId: body.targetId, reason: body.reason } }, 201);
};
