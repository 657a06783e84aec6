import type { APIRoute } from 'astro';
import { exportCityGeoJson } from '../../../lib/server/city';
import { getDb } from '../../../lib/server/db';
import { authorize } from '../../../lib/server/http/guard';

/** The current grid in the import format, so admins can edit and re-import it. */
export const GET: APIRoute = async ({ locals }) => {
  authorize(locals, 'city.import');
  const body = JSON.stringify(await exportCityGeoJson(await getDb()));
  return new Response(body, {
    headers: {
      'content-type': 'application/geo+json; charset=utf-8',
      'content-disposition': 'attachment; filename="city.geojson"',
      'cache-control': 'no-store',
    },
  });
};
