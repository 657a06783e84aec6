import type { APIRoute } from 'astro';
import { getCityOverview } from '../../../../lib/server/city';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { CityResponse } from '../../../../lib/server/openapi/responses';

/** The city's name, map centre and bounds, and its districts; public. */
export const GET: APIRoute = async () => respond(CityResponse, await getCityOverview(await getDb()));
