import type { APIRoute } from 'astro';
import { logOut } from '../lib/server/auth';
import { getDb } from '../lib/server/db';

export const POST: APIRoute = async (context) => {
  await logOut(await getDb(), context);
  return context.redirect('/', 303);
};
