import type { APIRoute } from 'astro';
import { getDb } from '../../../../lib/server/db';
import { notFound } from '../../../../lib/server/http/errors';
import { authorize, requireUser } from '../../../../lib/server/http/guard';
import { getPhotoKeys } from '../../../../lib/server/nominations';
import { getStorage } from '../../../../lib/server/storage';

/**
 * A nomination's photo from private storage, for the office and for the nominator who sent it
 * (before consent nothing is public).
 */
export const GET: APIRoute = async ({ locals, params, url }) => {
  requireUser(locals);
  const keys = await getPhotoKeys(await getDb(), Number(params.id));
  if (!keys) throw notFound();
  authorize(locals, 'nominations.photo', keys);
  const file = await getStorage().get(url.searchParams.has('thumb') ? keys.privateThumbnailKey : keys.privateKey);
  if (!file) throw notFound();
  return new Response(new Uint8Array(file.data), {
    headers: { 'content-type': file.contentType, 'content-length': String(file.data.length), 'cache-control': 'private, no-store' },
  });
};
