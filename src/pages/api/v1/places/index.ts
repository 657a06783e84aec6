import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { respond } from '../../../../lib/server/http/api';
import { PlacesResponse } from '../../../../lib/server/openapi/responses';
import { badRequest } from '../../../../lib/server/http/errors';
import { searchPlaces } from '../../../../lib/server/places';
import { placeSearchInput, queryObject } from '../../../../lib/server/places/inputs';

/** Place search over the gazetteer; points in WGS-84. Public. */
export const GET: APIRoute = async ({ url, locals }) => {
  const input = placeSearchInput.safeParse(queryObject(url));
  if (!input.success) throw badRequest('places.error.query');
  return respond(PlacesResponse, { places: await searchPlaces(await getDb(), input.data.q, locals.locale, input.data.limit) });
};
