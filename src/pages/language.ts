import type { APIRoute } from 'astro';
import { isLocale, LOCALE_COOKIE } from '../i18n';
import { safeReturnPath } from '../lib/server/http/redirect';

/** Switches the language (a form, so it works without JavaScript) and remembers it for a year. */
export const POST: APIRoute = async ({ request, cookies, redirect, locals, url }) => {
  const form = await request.formData().catch(() => new FormData());
  const locale = form.get('locale');
  if (isLocale(locale)) {
    cookies.set(LOCALE_COOKIE, locale, { path: '/', maxAge: 365 * 24 * 3600, sameSite: 'lax', secure: locals.secure });
  }
  return redirect(safeReturnPath(form.get('returnTo') as string | null, '/', url.origin), 303);
};
