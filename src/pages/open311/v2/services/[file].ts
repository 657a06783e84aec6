import type { APIRoute } from 'astro';
import { getCategoryByCode, open311Error, splitFormat } from '../../../../lib/server/reports';
import { getDb } from '../../../../lib/server/db';

/** A service definition: our categories take no extra attributes. */
export const GET: APIRoute = async ({ params }) => {
  const parsed = splitFormat(params.file);
  if (!parsed) return open311Error('json', 404, 'Not found');
  const [code, format] = parsed;
  const category = await getCategoryByCode(await getDb(), code);
  if (!category) return open311Error(format, 404, `No service ${code}`);
  if (format === 'json') {
    return new Response(JSON.stringify({ service_code: category.code, attributes: [] }), { headers: { 'content-type': 'application/json; charset=utf-8' } });
  }
  return new Response(`<?xml version="1.0" encoding="utf-8"?><service_definition><service_code>${category.code}</service_code><attributes/></service_definition>`, {
    headers: { 'content-type': 'application/xml; charset=utf-8' },
  });
};
