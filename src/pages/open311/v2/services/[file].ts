import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { getCategoryByCode, listCategoryFields, open311Definition, open311DefinitionXml, open311Error, splitFormat } from '../../../../lib/server/reports';

/** A service definition: the category's extra questions as attributes (sent back as attribute[code]). */
export const GET: APIRoute = async ({ params }) => {
  const parsed = splitFormat(params.file);
  if (!parsed) return open311Error('json', 404, 'Not found');
  const [code, format] = parsed;
  const db = await getDb();
  const category = /^[\w-]{1,50}$/.test(code) ? await getCategoryByCode(db, code) : null;
  if (!category) return open311Error(format, 404, `No service ${code}`);
  const definition = open311Definition(category.code, await listCategoryFields(db, category.id));
  const headers = { 'content-type': format === 'xml' ? 'application/xml; charset=utf-8' : 'application/json; charset=utf-8', 'access-control-allow-origin': '*' };
  return new Response(format === 'xml' ? open311DefinitionXml(definition) : JSON.stringify(definition), { headers });
};
