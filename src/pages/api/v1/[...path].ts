import type { APIRoute } from 'astro';
import { notFound } from '../../../lib/server/http/errors';

/** Any /api/v1 path no route claims: a 404 in the API's error shape (the middleware renders it). */
export const ALL: APIRoute = () => {
  throw notFound();
};
