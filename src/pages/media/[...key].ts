import type { APIRoute } from 'astro';
import { getStorage } from '../../lib/server/storage';

/**
 * Public uploaded files by exact key: long-cached (keys never change content), no listing, and
 * nothing under private/.
 */
export const GET: APIRoute = async ({ params }) => {
  const file = await getStorage().get(`public/${params.key ?? ''}`);
  if (!file) return new Response('Not found', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
  return new Response(new Uint8Array(file.data), {
    headers: {
      'content-type': file.contentType,
      'content-length': String(file.data.length),
      'cache-control': 'public, max-age=31536000, immutable',
    },
  });
};
