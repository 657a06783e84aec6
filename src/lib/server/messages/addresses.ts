/**
 * Where a person's e-mail goes: the address on their account once proved by its link
 * (users.email with email_verified_at, see the accounts domain), else an address added for
 * messages only (contact_emails: staff set up by admins, tests). Unproved addresses get nothing.
 */
import { eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { contactEmails, users } from '../../../../db/schema';

/** The e-mail expression for a query that joins users and (left) contact_emails. */
export const deliverableEmail = sql<string | null>`coalesce(case when ${users.emailVerifiedAt} is not null then ${users.email} end, ${contactEmails.email})`;

/** Each of the users' deliverable address; users without one are absent. */
export async function emailAddresses(db: Db, userIds: readonly number[]): Promise<Map<number, string>> {
  if (userIds.length === 0) return new Map();
  const rows = await db
    .select({ userId: users.id, email: deliverableEmail })
    .from(users)
    .leftJoin(contactEmails, eq(contactEmails.userId, users.id))
    .where(inArray(users.id, [...userIds]));
  return new Map(rows.filter((row) => row.email).map((row) => [row.userId, row.email!]));
}
