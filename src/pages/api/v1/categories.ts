import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { respond } from '../../../lib/server/http/api';
import { CategoriesResponse } from '../../../lib/server/openapi/responses';
import { cachedCategories } from '../../../lib/server/reports';

/** Report categories with their default department and working days; public (at most a second old). */
export const GET: APIRoute = async () => {
  const categories = await cachedCategories(await getDb());
  return respond(
    CategoriesResponse,
    categories.map((c) => ({
      code: c.code,
      name: { zh: c.nameZh, en: c.nameEn },
      department: { code: c.department.code, nameZh: c.department.nameZh, nameEn: c.department.nameEn },
      deadlineDays: c.deadlineDays,
    })),
    200,
    // The same for everyone: browsers may keep it a minute, the launcher's micro-cache a second.
    { 'cache-control': 'public, max-age=60' },
  );
};
