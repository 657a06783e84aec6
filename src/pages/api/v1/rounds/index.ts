import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { listRounds, roundJson } from '../../../../lib/server/nominations';

/** Every round with its stage by the server's clock; public. */
export const GET: APIRoute = async () => json({ rounds: (await listRounds(await getDb())).map(roundJson) });
