/**
 * Flags and auto-hide (Decidim's flags): any signed-in person flags a public report, update,
 * nomination story or objection once, with a reason. When `flags.hideThreshold` (default 3) distinct
 * flags from accounts older than a day are open on an item, it is hidden pending review (one
 * `INSERT … ON CONFLICT` decides it, so concurrent flags hide it once). Moderators work the queue:
 * restore (the flags were false) or remove, with a reason, audited; the flaggers are told the
 * outcome, the author is told why their content was hidden and may ask for a review once. Repeat
 * false flaggers (`flags.falseLimit` dismissed flags within `flags.falseWindowDays`) may not flag for
 * `flags.pauseDays`.
 */
import { and, asc, count, desc, eq, gte, inArray, isNotNull, isNull, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  contentFlags,
  contentReviews,
  FLAG_TARGETS,
  nominationObjections,
  nominationRounds,
  nominations,
  reportCategories,
  reports,
  reportUpdates,
  users,
  type FlagReason,
  type FlagTarget,
  type HideState,
} from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit/record';
import { notify } from '../notifications';
import { fail, type Result } from '../result';
import { countVisibilityChange, lockCountedReport } from '../reports/map';
import { maskPersonalNumbers } from '../reports/mask';
import { PUBLIC_STATUSES as REPORT_PUBLIC } from '../reports/workflow';
import { PUBLIC_STATUSES as NOMINATION_PUBLIC } from '../nominations/workflow';
import { getSettings } from '../settings';
import { communityPermissions } from './permissions';
import { HIDDEN_STATES } from './visibility';

const DAY_MS = 86_400_000;
/** Advisory lock class of flags on one item (plus the target type's index); ids are int4. */
const FLAG_LOCK_CLASS = 21_000;
/** Accounts younger than this do not count towards a hide (their flags are still recorded). */
export const FLAG_ACCOUNT_MIN_AGE_MS = DAY_MS;

interface TargetInfo {
  authorId: number | null;
  /** Where the item is seen, for notices. */
  link: string;
  /** A short, masked excerpt for the moderators' queue. */
  excerpt: string;
}

/** The item if it exists and is in public view (flags are on public content); null otherwise. */
async function publicTarget(db: Db, targetType: FlagTarget, targetId: number): Promise<TargetInfo | null> {
  switch (targetType) {
    case 'report': {
      const [row] = await db.select({ status: reports.status, authorId: reports.reporterId, text: reports.description }).from(reports).where(eq(reports.id, targetId));
      return row && REPORT_PUBLIC.includes(row.status) ? { authorId: row.authorId, link: `/reports/${targetId}`, excerpt: row.text } : null;
    }
    case 'update': {
      const [row] = await db
        .select({ status: reportUpdates.status, reportStatus: reports.status, reportId: reportUpdates.reportId, authorId: reportUpdates.authorId, text: reportUpdates.body })
        .from(reportUpdates)
        .innerJoin(reports, eq(reports.id, reportUpdates.reportId))
        .where(eq(reportUpdates.id, targetId));
      return row && row.status === 'visible' && REPORT_PUBLIC.includes(row.reportStatus)
        ? { authorId: row.authorId, link: `/reports/${row.reportId}#update-${targetId}`, excerpt: row.text }
        : null;
    }
    case 'nomination': {
      const [row] = await db
        .select({ status: nominations.status, authorId: nominations.nominatorId, text: sql<string>`coalesce(${nominations.publishedStory}, ${nominations.story})` })
        .from(nominations)
        .where(eq(nominations.id, targetId));
      return row && (NOMINATION_PUBLIC as readonly string[]).includes(row.status) ? { authorId: row.authorId, link: `/good-people/${targetId}`, excerpt: row.text } : null;
    }
    case 'objection': {
      const [row] = await db
        .select({ authorId: nominationObjections.userId, roundId: nominationObjections.roundId, text: nominationObjections.reason })
        .from(nominationObjections)
        .where(eq(nominationObjections.id, targetId));
      return row ? { authorId: row.authorId, link: `/good-people/rounds/${row.roundId}/notice`, excerpt: row.text } : null;
    }
  }
}

/** When a person may flag again, or null when they may now. */
export async function flagPausedUntil(db: Db, userId: number, now: Date = new Date()): Promise<Date | null> {
  const s = await getSettings(db, ['flags.falseLimit', 'flags.falseWindowDays', 'flags.pauseDays']);
  const since = new Date(now.getTime() - s['flags.falseWindowDays'] * DAY_MS);
  const dismissed = await db
    .select({ at: contentFlags.resolvedAt })
    .from(contentFlags)
    .where(and(eq(contentFlags.userId, userId), eq(contentFlags.status, 'dismissed'), gte(contentFlags.resolvedAt, since)))
    .orderBy(desc(contentFlags.resolvedAt))
    .limit(s['flags.falseLimit']);
  if (dismissed.length < s['flags.falseLimit']) return null;
  const until = new Date(dismissed[0]!.at!.getTime() + s['flags.pauseDays'] * DAY_MS);
  return until > now ? until : null;
}

export type FlagFailure = 'not_found' | 'already_flagged' | 'paused' | 'own_content';

/**
 * One person's flag. A second flag on the same item is `already_flagged` (the API's 409). The
 * threshold counts open flags from accounts that were older than a day when they flagged.
 */
export async function flagItem(
  db: Db,
  actor: Actor,
  input: { targetType: FlagTarget; targetId: number; reason: FlagReason },
  now: Date = new Date(),
): Promise<Result<{ flag: { id: number }; hidden: boolean }, FlagFailure>> {
  const target = await publicTarget(db, input.targetType, input.targetId);
  if (!target) return fail('not_found', 'error.notFound');
  const [review] = await db
    .select({ state: contentReviews.state })
    .from(contentReviews)
    .where(and(eq(contentReviews.targetType, input.targetType), eq(contentReviews.targetId, input.targetId)));
  if (review && review.state !== 'restored') return fail('not_found', 'error.notFound');
  if (target.authorId === actor.id) return fail('own_content', 'flags.error.own');
  const paused = await flagPausedUntil(db, actor.id, now);
  if (paused) return fail('paused', 'flags.error.paused', { params: { until: paused.toISOString().slice(0, 10) } });
  return db.transaction(async (tx) => {
    // Flags on one item one at a time, so that each counts the others' flags: two concurrent last
    // flags would otherwise each see one flag short of the threshold, and the item stay shown.
    await tx.execute(sql`select pg_advisory_xact_lock(${FLAG_LOCK_CLASS + FLAG_TARGETS.indexOf(input.targetType)}::int, ${input.targetId}::int)`);
    const [account] = await tx.select({ createdAt: users.createdAt }).from(users).where(eq(users.id, actor.id));
    const counted = !!account && now.getTime() - account.createdAt.getTime() >= FLAG_ACCOUNT_MIN_AGE_MS;
    const [flag] = await tx
      .insert(contentFlags)
      .values({ targetType: input.targetType, targetId: input.targetId, userId: actor.id, reason: input.reason, counted, createdAt: now })
      .onConflictDoNothing()
      .returning({ id: contentFlags.id });
    if (!flag) return fail('already_flagged', 'flags.error.already');
    const threshold = (await getSettings(tx, ['flags.hideThreshold']))['flags.hideThreshold'];
    const [open] = await tx
      .select({ n: count() })
      .from(contentFlags)
      .where(and(eq(contentFlags.targetType, input.targetType), eq(contentFlags.targetId, input.targetId), eq(contentFlags.status, 'open'), eq(contentFlags.counted, true)));
    let hidden = false;
    if ((open?.n ?? 0) >= threshold) {
      // A report's map counts change with it (under its row lock, taken before its state is read).
      const onMap = input.targetType === 'report' ? await lockCountedReport(tx, input.targetId) : null;
      // Hidden once: a new row, or a restored item flagged again; concurrent flags meet here.
      const changed = await tx
        .insert(contentReviews)
        .values({ targetType: input.targetType, targetId: input.targetId, state: 'hidden', authorId: target.authorId, hiddenAt: now, createdAt: now })
        .onConflictDoUpdate({
          target: [contentReviews.targetType, contentReviews.targetId],
          set: { state: 'hidden', hiddenAt: now, decidedAt: null, decidedBy: null, decisionReason: null },
          setWhere: sql`${contentReviews.state} = 'restored'`,
        })
        .returning({ state: contentReviews.state });
      hidden = changed.length > 0;
      if (hidden) {
        if (onMap) await countVisibilityChange(tx, onMap, true);
        await recordAudit(tx, {
          actorId: null,
          actorRole: 'system',
          action: 'flag.autoHide',
          targetType: input.targetType,
          targetId: input.targetId,
          summary: { after: { state: 'hidden', flags: open!.n, threshold } },
        });
        if (target.authorId !== null) {
          await notify(tx, [target.authorId], { kind: 'flag.hidden', messageKey: 'flags.notice.hidden', params: { number: input.targetId }, link: '/flags/mine' }, now);
        }
      }
    }
    return { ok: true as const, flag: { id: flag.id }, hidden };
  });
}

export interface QueueItem {
  targetType: FlagTarget;
  targetId: number;
  state: HideState | 'open';
  openFlags: number;
  reasons: Record<string, number>;
  excerpt: string;
  link: string;
  appealedAt: Date | null;
  appealNote: string | null;
  context: TargetContext;
}

/** The moderators' queue: items with open flags (hidden or not yet), and removed items whose author asked for a review. */
export async function flagQueue(db: Db): Promise<QueueItem[]> {
  const flagged = await db
    .select({ targetType: contentFlags.targetType, targetId: contentFlags.targetId, reason: contentFlags.reason, n: count() })
    .from(contentFlags)
    .where(eq(contentFlags.status, 'open'))
    .groupBy(contentFlags.targetType, contentFlags.targetId, contentFlags.reason)
    .orderBy(asc(contentFlags.targetType), asc(contentFlags.targetId))
    .limit(1000);
  const appealed = await db
    .select({ targetType: contentReviews.targetType, targetId: contentReviews.targetId })
    .from(contentReviews)
    .where(and(isNotNull(contentReviews.appealedAt), or(isNull(contentReviews.decidedAt), sql`${contentReviews.decidedAt} < ${contentReviews.appealedAt}`)))
    .limit(200);
  const items = new Map<string, QueueItem>();
  const keyOf = (type: string, id: number) => `${type}:${id}`;
  for (const row of [...flagged, ...appealed.map((a) => ({ ...a, reason: null, n: 0 }))]) {
    const key = keyOf(row.targetType, row.targetId);
    const item = items.get(key) ?? {
      targetType: row.targetType,
      targetId: row.targetId,
      state: 'open' as const,
      openFlags: 0,
      reasons: {},
      excerpt: '',
      link: '',
      appealedAt: null,
      appealNote: null,
      context: {},
    };
    item.openFlags += row.n;
    if (row.reason) item.reasons[row.reason] = (item.reasons[row.reason] ?? 0) + row.n;
    items.set(key, item);
  }
  const list = [...items.values()];
  for (const item of list) {
    const [review] = await db
      .select()
      .from(contentReviews)
      .where(and(eq(contentReviews.targetType, item.targetType), eq(contentReviews.targetId, item.targetId)));
    if (review) {
      item.state = review.state;
      item.appealedAt = review.appealedAt;
      item.appealNote = review.appealNote;
    }
    const info = await describeTarget(db, item.targetType, item.targetId);
    item.excerpt = maskPersonalNumbers(info.excerpt).slice(0, 200);
    item.link = info.link;
    item.context = info.context;
  }
  // Hidden and appealed first: they wait on a moderator.
  const rank = (item: QueueItem) => (item.appealedAt ? 0 : item.state === 'hidden' ? 1 : 2);
  return list.sort((a, b) => rank(a) - rank(b) || b.openFlags - a.openFlags);
}

/** What a moderator needs to judge a flagged item besides its text: where it belongs and in what state. */
export interface TargetContext {
  /** The report (a report's own number, or the report an update is on). */
  reportId?: number;
  /** A report's category code. */
  category?: string;
  /** The item's own status (a report's, a nomination's, an update's, an objection's). */
  status?: string;
  /** The nominee (a nomination, or the nomination an objection is about). */
  nominee?: string;
  /** The round an objection was filed in. */
  round?: string;
}

/** Any item, public or not (moderators see hidden ones), with its context for the queue. */
async function describeTarget(db: Db, targetType: FlagTarget, targetId: number): Promise<TargetInfo & { context: TargetContext }> {
  switch (targetType) {
    case 'report': {
      const [row] = await db
        .select({ authorId: reports.reporterId, text: reports.description, status: reports.status, category: reportCategories.code })
        .from(reports)
        .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
        .where(eq(reports.id, targetId));
      return {
        authorId: row?.authorId ?? null,
        link: `/reports/${targetId}`,
        excerpt: row?.text ?? '',
        context: row ? { reportId: targetId, category: row.category, status: row.status } : {},
      };
    }
    case 'update': {
      const [row] = await db
        .select({ authorId: reportUpdates.authorId, reportId: reportUpdates.reportId, text: reportUpdates.body, status: reportUpdates.status })
        .from(reportUpdates)
        .where(eq(reportUpdates.id, targetId));
      return {
        authorId: row?.authorId ?? null,
        link: row ? `/reports/${row.reportId}#update-${targetId}` : '#',
        excerpt: row?.text ?? '',
        context: row ? { reportId: row.reportId, status: row.status } : {},
      };
    }
    case 'nomination': {
      const [row] = await db
        .select({
          authorId: nominations.nominatorId,
          text: sql<string>`coalesce(${nominations.publishedStory}, ${nominations.story})`,
          nominee: nominations.nomineeName,
          status: nominations.status,
        })
        .from(nominations)
        .where(eq(nominations.id, targetId));
      return {
        authorId: row?.authorId ?? null,
        link: `/staff/nominations/${targetId}`,
        excerpt: row?.text ?? '',
        context: row ? { nominee: row.nominee, status: row.status } : {},
      };
    }
    case 'objection': {
      const [row] = await db
        .select({
          authorId: nominationObjections.userId,
          roundId: nominationObjections.roundId,
          text: nominationObjections.reason,
          status: nominationObjections.status,
          nominee: nominations.nomineeName,
          round: nominationRounds.title,
        })
        .from(nominationObjections)
        .innerJoin(nominations, eq(nominations.id, nominationObjections.nominationId))
        .innerJoin(nominationRounds, eq(nominationRounds.id, nominationObjections.roundId))
        .where(eq(nominationObjections.id, targetId));
      return {
        authorId: row?.authorId ?? null,
        link: row ? `/staff/rounds/${row.roundId}#objection-${targetId}` : '#',
        excerpt: row?.text ?? '',
        context: row ? { nominee: row.nominee, round: row.round, status: row.status } : {},
      };
    }
  }
}

/**
 * A moderator restores (the flags were false: dismissed, counting against their flaggers) or removes
 * (the flags upheld: the item stays out of public view) an item, with a reason. Audited; the flaggers
 * are told the outcome and the author the decision.
 */
export async function reviewItem(
  db: Db,
  actor: Actor,
  input: { targetType: FlagTarget; targetId: number; decision: 'restore' | 'remove'; reason: string },
  requestId: string | null = null,
  now: Date = new Date(),
): Promise<Result<{ state: HideState }, 'forbidden' | 'not_found'>> {
  if (!communityPermissions['community.moderate'](actor)) return fail('forbidden', 'error.forbidden');
  const info = await describeTarget(db, input.targetType, input.targetId);
  if (!info.excerpt) return fail('not_found', 'error.notFound');
  const state: HideState = input.decision === 'restore' ? 'restored' : 'removed';
  const reason = input.reason.trim();
  return db.transaction(async (tx) => {
    // A report's map counts follow its hidden state: its row lock first, so that two decisions (or a
    // decision and a last flag, or a status change) read each other's outcome.
    const onMap = input.targetType === 'report' ? await lockCountedReport(tx, input.targetId) : null;
    const [before] = await tx
      .select({ state: contentReviews.state })
      .from(contentReviews)
      .where(and(eq(contentReviews.targetType, input.targetType), eq(contentReviews.targetId, input.targetId)))
      .for('update');
    const wasHidden = (HIDDEN_STATES as readonly string[]).includes(before?.state ?? 'open');
    if (onMap && wasHidden !== (state === 'removed')) await countVisibilityChange(tx, onMap, state === 'removed');
    await tx
      .insert(contentReviews)
      .values({
        targetType: input.targetType,
        targetId: input.targetId,
        state,
        authorId: info.authorId,
        hiddenAt: state === 'removed' ? now : null,
        decidedBy: actor.id,
        decidedAt: now,
        decisionReason: reason,
        createdAt: now,
      })
      .onConflictDoUpdate({ target: [contentReviews.targetType, contentReviews.targetId], set: { state, decidedBy: actor.id, decidedAt: now, decisionReason: reason } });
    const flaggers = await tx
      .update(contentFlags)
      .set({ status: input.decision === 'restore' ? 'dismissed' : 'upheld', resolvedAt: now })
      .where(and(eq(contentFlags.targetType, input.targetType), eq(contentFlags.targetId, input.targetId), eq(contentFlags.status, 'open')))
      .returning({ userId: contentFlags.userId });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: input.decision === 'restore' ? 'flag.restore' : 'flag.remove',
      targetType: input.targetType,
      targetId: input.targetId,
      summary: { before: { state: before?.state ?? 'open' }, after: { state, reason, flags: flaggers.length } },
      requestId,
    });
    await notify(
      tx,
      flaggers.map((f) => f.userId),
      { kind: 'flag.outcome', messageKey: input.decision === 'restore' ? 'flags.notice.restored' : 'flags.notice.removed', params: { number: input.targetId, reason } },
      now,
    );
    if (info.authorId !== null) {
      await notify(
        tx,
        [info.authorId],
        {
          kind: 'flag.decision',
          messageKey: input.decision === 'restore' ? 'flags.notice.authorRestored' : 'flags.notice.authorRemoved',
          params: { number: input.targetId, reason },
          link: '/flags/mine',
        },
        now,
      );
    }
    return { ok: true as const, state };
  });
}

/** The author asks for a review of a hidden or removed item, once. */
export async function appealHide(
  db: Db,
  actor: Actor,
  input: { targetType: FlagTarget; targetId: number; note?: string | undefined },
  now: Date = new Date(),
): Promise<Result<{}, 'not_found' | 'already_appealed'>> {
  return db.transaction(async (tx) => {
    const [review] = await tx
      .select({ appealedAt: contentReviews.appealedAt })
      .from(contentReviews)
      .where(
        and(
          eq(contentReviews.targetType, input.targetType),
          eq(contentReviews.targetId, input.targetId),
          eq(contentReviews.authorId, actor.id),
          inArray(contentReviews.state, [...HIDDEN_STATES]),
        ),
      )
      .for('update');
    if (!review) return fail('not_found', 'error.notFound');
    if (review.appealedAt) return fail('already_appealed', 'flags.error.alreadyAppealed');
    await tx
      .update(contentReviews)
      .set({ appealedAt: now, appealNote: input.note?.trim() || null })
      .where(and(eq(contentReviews.targetType, input.targetType), eq(contentReviews.targetId, input.targetId)));
    const office = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(inArray(users.role, ['moderator', 'admin']), isNull(users.disabledAt)));
    await notify(
      tx,
      office.map((o) => o.id),
      { kind: 'flag.appeal', messageKey: 'flags.notice.appeal', params: { number: input.targetId }, link: '/staff/community#flags' },
      now,
    );
    return { ok: true as const };
  });
}

/** What of a person's content is hidden or removed, with the reason and whether they may still ask for a review. */
export async function myHiddenItems(db: Db, userId: number) {
  const rows = await db
    .select()
    .from(contentReviews)
    .where(and(eq(contentReviews.authorId, userId), inArray(contentReviews.state, [...HIDDEN_STATES])))
    .orderBy(desc(contentReviews.hiddenAt));
  const items = [];
  for (const row of rows) {
    const [top] = await db
      .select({ reason: contentFlags.reason, n: count() })
      .from(contentFlags)
      .where(and(eq(contentFlags.targetType, row.targetType), eq(contentFlags.targetId, row.targetId)))
      .groupBy(contentFlags.reason)
      .orderBy(desc(count()))
      .limit(1);
    const info = await describeTarget(db, row.targetType, row.targetId);
    items.push({
      targetType: row.targetType,
      targetId: row.targetId,
      state: row.state,
      reason: top?.reason ?? null,
      decisionReason: row.decisionReason,
      excerpt: info.excerpt.slice(0, 120),
      hiddenAt: row.hiddenAt,
      mayAppeal: row.appealedAt === null,
      appealedAt: row.appealedAt,
    });
  }
  return items;
}

/** Flags' i18n keys, for the label of an outcome. */
export const FLAG_OUTCOME_KINDS = ['flag.hidden', 'flag.outcome', 'flag.decision', 'flag.appeal'] as const;
