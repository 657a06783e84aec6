import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { RoundsResponse } from '../../../../lib/server/openapi/responses';
import { listRounds, roundJson } from '../../../../lib/server/nominations';

/** Every round with its stage by the server's clock; public. */
export const GET: APIRoute = async () => respond(RoundsResponse, { rounds: (await listRounds(await getDb())).map(roundJson) });
