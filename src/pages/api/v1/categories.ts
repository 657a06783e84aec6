import type { APIRoute } from 'astro';
import { getDb } from '../../../lib/server/db';
import { json } from '../../../lib/server/http/api';
import { listCategories } from '../../../lib/server/reports';

/** Report categories with their default department and working days; public. */
export const GET: APIRoute = async () => {
  const categories = await listCategories(await getDb());
  return json(
    categories.map((c) => ({ code: c.code, name: { zh: c.nameZh, en: c.nameEn }, department: { code: c.department.code, nameZh: c.department.nameZh, nameEn: c.department.nameEn }, deadlineDays: c.deadlineDays })),
  );
};
