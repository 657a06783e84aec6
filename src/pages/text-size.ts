import type { APIRoute } from 'astro';
import { safeReturnPath } from '../lib/server/http/redirect';
import { TEXT_SIZE_COOKIE } from '../lib/server/http/text-size';

/** Switches larger text on or off (a form, so it works without JavaScript) and remembers it for a year, like the language. */
export const POST: APIRoute = async ({ request, cookies, redirect, locals, url }) => {
  const form = await request.formData().catch(() => new FormData());
  const size = form.get('size');
  if (size === 'large') cookies.set(TEXT_SIZE_COOKIE, 'large', { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', secure: locals.secure });
  else if (size === 'normal') cookies.delete(TEXT_SIZE_COOKIE, { path: '/' });
  return redirect(safeReturnPath(form.get('returnTo') as string | null, '/', url.origin), 303);
};
