import type { APIRoute } from 'astro';
import { SITE_TYPES, type SiteType } from '../../../../../db/schema';
import { getDb } from '../../../../lib/server/db';
import { json } from '../../../../lib/server/http/api';
import { authorize } from '../../../../lib/server/http/guard';
import { listSites } from '../../../../lib/server/readiness';

/** Inspection sites with their latest score, for staff (the mini-program's inspection list). */
export const GET: APIRoute = async ({ locals, url }) => {
  authorize(locals, 'readiness.view');
  const type = url.searchParams.get('type') ?? '';
  const district = Number(url.searchParams.get('district'));
  const sites = await listSites(await getDb(), {
    type: (SITE_TYPES as readonly string[]).includes(type) ? (type as SiteType) : undefined,
    districtId: Number.isInteger(district) && district > 0 ? district : undefined,
  });
  return json({
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
