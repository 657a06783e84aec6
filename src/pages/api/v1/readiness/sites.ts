import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { resolveDistrict } from '../../../../lib/server/city/inputs';
import { readQuery, respond } from '../../../../lib/server/http/api';
import { SitesResponse } from '../../../../lib/server/openapi/responses';
import { siteListQuery } from '../../../../lib/server/readiness/inputs';
import { authorize } from '../../../../lib/server/http/guard';
import { listSites } from '../../../../lib/server/readiness';

/** Inspection sites with their latest score, for staff (the mini-program's inspection list). */
export const GET: APIRoute = async ({ locals, url }) => {
  authorize(locals, 'readiness.view');
  const query = readQuery(url, siteListQuery);
  const db = await getDb();
  const sites = await listSites(db, { type: query.type, districtId: await resolveDistrict(db, query.district) });
  return respond(SitesResponse, {
    sites: sites.map((site) => ({
      id: site.id,
      code: site.code,
      type: site.type,
      name: site.name,
      lat: site.lat,
      lng: site.lng,
      department: site.department,
      district: site.district?.id ? site.district : null,
      lastScore: site.lastScore,
      lastInspectedAt: site.lastInspectedAt?.toISOString() ?? null,
    })),
  });
};
