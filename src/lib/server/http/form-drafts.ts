/**
 * Typed input kept across the login detour. A form refused with 401 (signed out, or the session
 * expired while the person typed) stores its refused result — what was typed, never passwords or
 * files — under a random token set in an HttpOnly cookie, and sends the person to log in. Back on
 * the page, signed in, the middleware hands the stored result to Astro as that action's result
 * (astro:actions `getActionContext().setActionResult`, the documented way to carry an action result
 * across a redirect), so the page shows the form filled in, as after any refused submission. It
 * works without JavaScript and across instances (the row is in the database); the row is used once
 * and lasts 30 minutes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { formDrafts } from '../../../../db/schema';

export const FORM_DRAFT_COOKIE = 'wm_form_draft';
export const FORM_DRAFT_MINUTES = 30;
/** A stored result larger than this is not kept (a form's text fields are far smaller). */
const RESULT_MAX = 64 * 1024;

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

export interface FormDraft {
  action: string;
  /** The action result, serialized by Astro's serializeActionResult. */
  result: string;
}

/** Keeps a refused form's result for `path`; the token for the cookie, or null when too large to keep. */
export async function saveFormDraft(db: Db, input: FormDraft & { path: string }, now = new Date()): Promise<string | null> {
  if (input.result.length > RESULT_MAX || input.action.length > 200 || input.path.length > 2000) return null;
  const token = randomBytes(32).toString('base64url');
  await db.insert(formDrafts).values({
    tokenHash: hashToken(token),
    path: input.path,
    action: input.action,
    result: input.result,
    expiresAt: new Date(now.getTime() + FORM_DRAFT_MINUTES * 60_000),
    createdAt: now,
  });
  return token;
}

/** The draft kept for this token and page, removed as it is read; null when none (or expired, or another page's). */
export async function takeFormDraft(db: Db, token: string, path: string, now = new Date()): Promise<FormDraft | null> {
  const [row] = await db
    .delete(formDrafts)
    .where(and(eq(formDrafts.tokenHash, hashToken(token)), eq(formDrafts.path, path), gt(formDrafts.expiresAt, now)))
    .returning({ action: formDrafts.action, result: formDrafts.result });
  return row ?? null;
}

/** Housekeeping: drafts past their half hour. */
export async function purgeFormDrafts(db: Db, now: Date): Promise<number> {
  return (await db.delete(formDrafts).where(lt(formDrafts.expiresAt, now)).returning({ tokenHash: formDrafts.tokenHash })).length;
}
