import { index, pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';

/**
 * What a signed-out person (or one whose session expired) typed into a form that was refused with
 * 401: kept for half an hour so that, after logging in, the page comes back with it filled in
 * (src/lib/server/http/form-drafts.ts). Keyed by the SHA-256 of a random token held in an HttpOnly
 * cookie of that browser; single use; passwords and files are never kept.
 */
export const formDrafts = pgTable(
  'form_drafts',
  {
    tokenHash: text('token_hash').primaryKey(),
    /** The page the form was on (path only). */
    path: text('path').notNull(),
    /** The Astro action's name and its serialized refused result (with the typed values). */
    action: text('action').notNull(),
    result: text('result').notNull(),
    expiresAt: timestamptz('expires_at').notNull(),
    ...createdAt,
  },
  (t) => [index('form_drafts_expires_idx').on(t.expiresAt)],
);
