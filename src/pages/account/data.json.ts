import type { APIRoute } from 'astro';
import { confirmPassword } from '../../lib/server/auth';
import { config } from '../../lib/server/config';
import { getDb } from '../../lib/server/db';
import { notFound } from '../../lib/server/http/errors';
import { authorize } from '../../lib/server/http/guard';
import { formText } from '../../lib/server/http/input';
import { exportDownload } from '../../lib/server/privacy/http';

/** The download behind /account/data: GET masks the ID number; POST with the password shows it in full. */
export const GET: APIRoute = async ({ locals }) => {
  const user = authorize(locals, 'account.read', { userId: locals.user?.id ?? -1 });
  const response = await exportDownload(await getDb(), user.id);
  if (!response) throw notFound();
  return response;
};

export const POST: APIRoute = async ({ locals, request, redirect }) => {
  const user = authorize(locals, 'account.update', { userId: locals.user?.id ?? -1 });
  const db = await getDb();
  const form = await request.formData().catch(() => new FormData());
  const checked = await confirmPassword(db, user.id, formText(form, 'password'), config.appSecret);
  if (!checked.ok) return redirect(`/account/data?error=${checked.code}`, 303);
  const response = await exportDownload(db, user.id, { revealIdNumber: true });
  if (!response) throw notFound();
  return response;
};
