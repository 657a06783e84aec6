import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { INT4_MAX } from '../../../../lib/server/http/schema';
import { open311Error, open311Requests, open311Response, splitFormat } from '../../../../lib/server/reports';

/** One service request, as a one-element list (the spec's shape). */
export const GET: APIRoute = async ({ params }) => {
  const parsed = splitFormat(params.file);
  if (!parsed) return open311Error('json', 404, 'Not found');
  const [id, format] = parsed;
  const number = Number(id);
  if (!Number.isInteger(number) || number <= 0 || number > INT4_MAX) return open311Error(format, 404, 'Not found');
  const rows = await open311Requests(await getDb(), { ids: [number] });
  if (rows.length === 0) return open311Error(format, 404, `No request ${id}`);
  return open311Response(format, 'service_requests', 'request', rows);
};
