import { index, pgTable, serial, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns';

/**
 * Submission rate limits (src/lib/server/limits): one row per counted submission and key, where a
 * key is a kind and an account ("report:account:12") or a keyed hash of the client's address
 * ("report:ip:…", never the address in clear). Shared by every instance; old rows are purged hourly.
 */
export const submissionHits = pgTable(
  'submission_hits',
  {
    id: serial('id').primaryKey(),
    key: text('key').notNull(),
    at: timestamptz('at').notNull(),
  },
  (t) => [index('submission_hits_key_at_idx').on(t.key, t.at), index('submission_hits_at_idx').on(t.at)],
);
