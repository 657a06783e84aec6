import type { APIRoute } from 'astro';
import { getDb } from '../../../../../lib/server/db';
import { authorize } from '../../../../../lib/server/http/guard';
import { readPhotoOriginal } from '../../../../../lib/server/reports';
import { getStorage } from '../../../../../lib/server/storage';

/**
 * The unblurred original of a report photo (`?thumbnail=1` for its thumbnail), for the staff who
 * handle the report only; never cached by shared caches.
 */
export const GET: APIRoute = async ({ params, url, locals }) => {
  const staff = authorize(locals, 'report.queue');
  const id = Number(params.id);
  const file = Number.isInteger(id) && id > 0 ? await readPhotoOriginal(await getDb(), getStorage(), staff, id, url.searchParams.get('thumbnail') === '1') : null;
  if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(file.data), {
    headers: { 'content-type': file.contentType, 'content-length': String(file.data.length), 'cache-control': 'private, no-store' },
  });
};
