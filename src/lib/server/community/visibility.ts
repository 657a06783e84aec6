/**
 * What flags hide: an item whose review is `hidden` (enough flags, pending review) or `removed` (a
 * moderator upheld the flags) is out of every public read — pages, the API, Open311, feeds, open
 * data and the map's markers. Public queries add `publicOnly(...)`; single reads ask `isHidden`.
 */
import { and, eq, inArray, sql, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { contentReviews, type FlagTarget, type HideState } from '../../../../db/schema';

export const HIDDEN_STATES = ['hidden', 'removed'] as const;

/** SQL true when the item with this id column is not hidden (a primary-key probe per row). */
export function publicOnly(targetType: FlagTarget, idColumn: AnyColumn | SQL): SQL {
  return sql`not exists (select 1 from ${contentReviews} where ${contentReviews.targetType} = ${targetType} and ${contentReviews.targetId} = ${idColumn} and ${contentReviews.state} in ('hidden', 'removed'))`;
}

export async function isHidden(db: Db, targetType: FlagTarget, targetId: number): Promise<boolean> {
  const [row] = await db
    .select({ state: contentReviews.state })
    .from(contentReviews)
    .where(and(eq(contentReviews.targetType, targetType), eq(contentReviews.targetId, targetId), inArray(contentReviews.state, [...HIDDEN_STATES])));
  return row !== undefined;
}

/** The hidden ids among some items of one type. */
export async function hiddenIds(db: Db, targetType: FlagTarget, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: contentReviews.targetId })
    .from(contentReviews)
    .where(and(eq(contentReviews.targetType, targetType), inArray(contentReviews.targetId, [...ids]), inArray(contentReviews.state, [...HIDDEN_STATES])));
  return new Set(rows.map((row) => row.id));
}

/** The review state of each item among some of one type that flags put under review (hidden, removed or restored). */
export async function reviewStates(db: Db, targetType: FlagTarget, ids: readonly number[]): Promise<Map<number, HideState>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: contentReviews.targetId, state: contentReviews.state })
    .from(contentReviews)
    .where(and(eq(contentReviews.targetType, targetType), inArray(contentReviews.targetId, [...ids])));
  return new Map(rows.map((row) => [row.id, row.state]));
}
