import type { APIRoute } from 'astro';
import { getCityOverview } from '../../../../lib/server/city';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';

/** The city's name, map centre and bounds, and its districts; public. */
export const GET: APIRoute = async () => json(await getCityOverview(await getDb()));
