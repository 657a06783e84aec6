/**
 * Reads. Public reads only ever see nominations in PUBLIC_STATUSES, which the database guarantees
 * to have a consent record (the consent gate); the office's reads add the private details.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, or, sql, type SQL } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  areas,
  nominationAnnouncements,
  nominationBallots,
  nominationObjections,
  nominationPhotos,
  nominationRounds,
  nominations,
  nominationStoryEdits,
  nominationVotes,
  users,
  type FlaggedVotesPolicy,
  type NominationCategory,
  type NominationStatus,
} from '../../../../db/schema';
import { alias, type SelectedFields } from 'drizzle-orm/pg-core';
import { cachedForOneSecond } from '../cache';
import { maskPhone } from '../auth/phone';
import { mediaUrl } from '../photos';
import { cityMonth, cityMonthRange } from './shared';
import { PUBLIC_STATUSES, QUEUE_STATUSES, roundStage, type RoundSchedule, type RoundStage } from './workflow';
import { idAndNames } from '../i18n-names';
import { publicOnly } from '../community/visibility';

const subdistricts = alias(areas, 'subdistricts');
const districts = alias(areas, 'districts');

const placeColumns = {
  community: idAndNames(areas),
  district: idAndNames(districts),
};

/** The story the public reads: the office's edited text once published, else the nominator's. */
const publicStory = () => sql<string>`coalesce(${nominations.publishedStory}, ${nominations.story})`;

/** Nominations with their community and district: who, what, the public story and the place, plus `extra`. */
function selectWithPlace<T extends SelectedFields>(db: Db, extra: T) {
  return db
    .select({ id: nominations.id, nomineeName: nominations.nomineeName, category: nominations.category, story: publicStory(), ...extra, ...placeColumns })
    .from(nominations)
    .innerJoin(areas, eq(areas.id, nominations.communityId))
    .leftJoin(subdistricts, eq(subdistricts.id, areas.parentId))
    .leftJoin(districts, eq(districts.id, subdistricts.parentId));
}

export interface RoundSummary extends RoundSchedule {
  id: number;
  kind: 'good_people' | 'moral_model';
  title: string;
  stage: RoundStage;
  picksPerAccount: number;
  flaggedVotesPolicy: FlaggedVotesPolicy;
  announcedAt: Date | null;
  announcement: string | null;
}

const roundColumns = {
  id: nominationRounds.id,
  kind: nominationRounds.kind,
  title: nominationRounds.title,
  picksPerAccount: nominationRounds.picksPerAccount,
  flaggedVotesPolicy: nominationRounds.flaggedVotesPolicy,
  nominationOpensAt: nominationRounds.nominationOpensAt,
  reviewOpensAt: nominationRounds.reviewOpensAt,
  votingOpensAt: nominationRounds.votingOpensAt,
  votingClosesAt: nominationRounds.votingClosesAt,
  noticeOpensAt: nominationRounds.noticeOpensAt,
  noticeClosesAt: nominationRounds.noticeClosesAt,
  announcedAt: nominationAnnouncements.announcedAt,
  announcement: nominationAnnouncements.body,
};

/** Every round, newest voting first, with its stage at `now`. */
export async function listRounds(db: Db, now = new Date()): Promise<RoundSummary[]> {
  const rows = await db
    .select(roundColumns)
    .from(nominationRounds)
    .leftJoin(nominationAnnouncements, eq(nominationAnnouncements.roundId, nominationRounds.id))
    .orderBy(desc(nominationRounds.votingOpensAt), desc(nominationRounds.id));
  return rows.map((row) => ({ ...row, stage: roundStage(row, now) }));
}

export async function getRound(db: Db, roundId: number, now = new Date()): Promise<RoundSummary | null> {
  if (!Number.isInteger(roundId)) return null;
  const [row] = await db
    .select(roundColumns)
    .from(nominationRounds)
    .leftJoin(nominationAnnouncements, eq(nominationAnnouncements.roundId, nominationRounds.id))
    .where(eq(nominationRounds.id, roundId));
  return row ? { ...row, stage: roundStage(row, now) } : null;
}

/** Per nominee: the public count under the round's policy, and the flagged votes not yet reviewed. */
async function voteCounts(db: Db, roundId: number, policy: FlaggedVotesPolicy) {
  const clean = sql`(${nominationBallots.flags} = '[]'::jsonb or ${nominationBallots.keptAt} is not null)`;
  const counted = policy === 'include' ? sql`${nominationBallots.discountedAt} is null` : sql`${nominationBallots.discountedAt} is null and ${clean}`;
  const rows = await db
    .select({
      nominationId: nominationVotes.nominationId,
      votes: sql<number>`count(*) filter (where ${counted})`.mapWith(Number),
      flagged: sql<number>`count(*) filter (where ${nominationBallots.discountedAt} is null and not ${clean})`.mapWith(Number),
      discounted: sql<number>`count(*) filter (where ${nominationBallots.discountedAt} is not null)`.mapWith(Number),
    })
    .from(nominationVotes)
    .innerJoin(nominationBallots, eq(nominationBallots.id, nominationVotes.ballotId))
    .where(eq(nominationVotes.roundId, roundId))
    .groupBy(nominationVotes.nominationId);
  return new Map(rows.map((row) => [row.nominationId, row]));
}

export interface Place {
  community: { id: number; nameZh: string; nameEn: string };
  district: { id: number; nameZh: string; nameEn: string } | null;
}

export interface Candidate extends Place {
  id: number;
  nomineeName: string;
  category: NominationCategory;
  status: NominationStatus;
  story: string;
  thumbnailUrl: string | null;
  votes: number;
  flaggedVotes: number;
}

async function firstPhotos(db: Db, ids: number[]) {
  if (!ids.length) return new Map<number, { url: string; thumbnailUrl: string; width: number; height: number }>();
  const rows = await db
    .select({
      nominationId: nominationPhotos.nominationId,
      key: nominationPhotos.publicKey,
      thumb: nominationPhotos.publicThumbnailKey,
      width: nominationPhotos.width,
      height: nominationPhotos.height,
    })
    .from(nominationPhotos)
    .where(and(inArray(nominationPhotos.nominationId, ids), isNotNull(nominationPhotos.publicKey)))
    .orderBy(asc(nominationPhotos.nominationId), asc(nominationPhotos.position));
  const first = new Map<number, { url: string; thumbnailUrl: string; width: number; height: number }>();
  for (const row of rows)
    if (!first.has(row.nominationId)) first.set(row.nominationId, { url: mediaUrl(row.key!), thumbnailUrl: mediaUrl(row.thumb!), width: row.width, height: row.height });
  return first;
}

/**
 * A round's public candidates (consented only) with their counts; `statuses` narrows them (the
 * notice page lists the shortlisted). Ordered by votes once voting has opened, else by name.
 * Candidates hidden by flags are left out, except for the office (`withHidden`): its shortlist
 * form must list every candidate, or saving it would drop a hidden one from the shortlist.
 */
export async function listCandidates(
  db: Db,
  round: Pick<RoundSummary, 'id' | 'flaggedVotesPolicy' | 'stage'>,
  statuses: readonly NominationStatus[] = PUBLIC_STATUSES,
  options: { withHidden?: boolean } = {},
): Promise<Candidate[]> {
  const allowed = statuses.filter((status) => (PUBLIC_STATUSES as readonly NominationStatus[]).includes(status));
  if (!allowed.length) return [];
  const rows = await selectWithPlace(db, { status: nominations.status })
    .where(and(eq(nominations.roundId, round.id), inArray(nominations.status, allowed), options.withHidden ? undefined : publicOnly('nomination', nominations.id)))
    .orderBy(asc(nominations.id));
  const counts = await voteCounts(db, round.id, round.flaggedVotesPolicy);
  const photos = await firstPhotos(
    db,
    rows.map((row) => row.id),
  );
  const candidates = rows.map((row) => ({
    ...row,
    thumbnailUrl: photos.get(row.id)?.thumbnailUrl ?? null,
    votes: counts.get(row.id)?.votes ?? 0,
    flaggedVotes: counts.get(row.id)?.flagged ?? 0,
  }));
  const voted = !['upcoming', 'nominating', 'reviewing'].includes(round.stage);
  return voted ? candidates.sort((a, b) => b.votes - a.votes || a.id - b.id) : candidates.sort((a, b) => a.nomineeName.localeCompare(b.nomineeName, 'zh-CN'));
}

/**
 * Whether anyone voted in the round on this portal. A round without ballots (voted elsewhere, or
 * not put to a public vote) shows no counts: "0 票" beside an honoured person would say they were
 * elected with no votes.
 */
export async function roundHasBallots(db: Db, roundId: number): Promise<boolean> {
  const [row] = await db.select({ id: nominationBallots.id }).from(nominationBallots).where(eq(nominationBallots.roundId, roundId)).limit(1);
  return row !== undefined;
}

/** The nominees an account picked on its ballot in this round, or null if it has not voted. */
export async function getBallot(db: Db, roundId: number, userId: number): Promise<number[] | null> {
  const [ballot] = await db
    .select({ id: nominationBallots.id })
    .from(nominationBallots)
    .where(and(eq(nominationBallots.roundId, roundId), eq(nominationBallots.userId, userId)));
  if (!ballot) return null;
  const votes = await db.select({ nominationId: nominationVotes.nominationId }).from(nominationVotes).where(eq(nominationVotes.ballotId, ballot.id));
  return votes.map((vote) => vote.nominationId);
}

export interface PublicNomination extends Place {
  id: number;
  nomineeName: string;
  category: NominationCategory;
  status: NominationStatus;
  story: string;
  round: { id: number; title: string; kind: 'good_people' | 'moral_model' };
  announcedAt: Date | null;
  photos: { url: string; thumbnailUrl: string; width: number; height: number }[];
}

/** One nomination as the public may see it: consented and published, else null (a 404). */
export async function getPublicNomination(db: Db, nominationId: number): Promise<PublicNomination | null> {
  if (!Number.isInteger(nominationId)) return null;
  const [row] = await selectWithPlace(db, {
    status: nominations.status,
    round: { id: nominationRounds.id, title: nominationRounds.title, kind: nominationRounds.kind },
    announcedAt: nominationAnnouncements.announcedAt,
  })
    .innerJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
    .leftJoin(nominationAnnouncements, eq(nominationAnnouncements.roundId, nominationRounds.id))
    .where(
      and(eq(nominations.id, nominationId), inArray(nominations.status, [...PUBLIC_STATUSES]), isNotNull(nominations.consentRecordedAt), publicOnly('nomination', nominations.id)),
    );
  if (!row) return null;
  const photos = await db
    .select({ key: nominationPhotos.publicKey, thumb: nominationPhotos.publicThumbnailKey, width: nominationPhotos.width, height: nominationPhotos.height })
    .from(nominationPhotos)
    .where(and(eq(nominationPhotos.nominationId, nominationId), isNotNull(nominationPhotos.publicKey)))
    .orderBy(asc(nominationPhotos.position));
  return { ...row, photos: photos.map((p) => ({ url: mediaUrl(p.key!), thumbnailUrl: mediaUrl(p.thumb!), width: p.width, height: p.height })) };
}

export interface HonourFilters {
  month?: string | undefined;
  category?: string | undefined;
  districtId?: number | undefined;
  query?: string | undefined;
}

export const HONOUR_PAGE_SIZE = 24;

/** 好人榜: honoured people, newest announcement first, by month (city time), category, district, text. */
export async function honourRoll(db: Db, filters: HonourFilters, page = 1) {
  const parts: SQL[] = [eq(nominations.status, 'honoured'), publicOnly('nomination', nominations.id)];
  const range = filters.month ? cityMonthRange(filters.month) : null;
  if (range) parts.push(gte(nominationAnnouncements.announcedAt, range[0]), lt(nominationAnnouncements.announcedAt, range[1]));
  if (filters.category) parts.push(eq(nominations.category, filters.category as NominationCategory));
  if (filters.districtId) parts.push(eq(districts.id, filters.districtId));
  const query = filters.query?.trim();
  if (query) {
    const pattern = `%${query.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    parts.push(or(ilike(nominations.nomineeName, pattern), ilike(publicStory(), pattern), ilike(areas.nameZh, pattern))!);
  }
  const rows = await selectWithPlace(db, {
    announcedAt: nominationAnnouncements.announcedAt,
    round: { id: nominationRounds.id, title: nominationRounds.title, kind: nominationRounds.kind },
  })
    .innerJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
    .innerJoin(nominationAnnouncements, eq(nominationAnnouncements.roundId, nominationRounds.id))
    .where(and(...parts))
    .orderBy(desc(nominationAnnouncements.announcedAt), asc(nominations.id))
    .limit(HONOUR_PAGE_SIZE + 1)
    .offset((Math.max(page, 1) - 1) * HONOUR_PAGE_SIZE);
  const visible = rows.slice(0, HONOUR_PAGE_SIZE);
  const photos = await firstPhotos(
    db,
    visible.map((row) => row.id),
  );
  return {
    people: visible.map((row) => ({ ...row, month: cityMonth(row.announcedAt), thumbnailUrl: photos.get(row.id)?.thumbnailUrl ?? null })),
    hasMore: rows.length > HONOUR_PAGE_SIZE,
  };
}

/** The honour roll, its months and the rounds at most one second old: what /good-people shows everyone. */
export function cachedHonourPage(db: Db, filters: HonourFilters, page = 1) {
  return cachedForOneSecond(db, `nominations:honour:${page}:${JSON.stringify(filters)}`, async () => {
    const [roll, months, rounds] = await Promise.all([
      honourRoll(db, filters, page),
      cachedForOneSecond(db, 'nominations:months', () => honourMonths(db)),
      cachedForOneSecond(db, 'nominations:rounds', () => listRounds(db)),
    ]);
    return { roll, months, rounds };
  });
}

/** The months (city time) in which someone was honoured, newest first, for the filter. */
export async function honourMonths(db: Db): Promise<string[]> {
  const rows = await db.select({ at: nominationAnnouncements.announcedAt }).from(nominationAnnouncements).orderBy(desc(nominationAnnouncements.announcedAt));
  return [...new Set(rows.map((row) => cityMonth(row.at)))];
}

/** The office's queue (or any status), oldest first, with what a reviewer needs to pick one. */
export async function listNominationsForOffice(db: Db, statuses: readonly NominationStatus[] = QUEUE_STATUSES) {
  return db
    .select({
      id: nominations.id,
      nomineeName: nominations.nomineeName,
      category: nominations.category,
      status: nominations.status,
      createdAt: nominations.createdAt,
      updatedAt: nominations.updatedAt,
      community: { nameZh: areas.nameZh, nameEn: areas.nameEn },
      round: { id: nominationRounds.id, title: nominationRounds.title },
      nominator: { displayName: users.displayName, role: users.role, organizationName: users.organizationName },
    })
    .from(nominations)
    .innerJoin(areas, eq(areas.id, nominations.communityId))
    .innerJoin(users, eq(users.id, nominations.nominatorId))
    .leftJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
    .where(statuses.length ? inArray(nominations.status, [...statuses]) : undefined)
    .orderBy(asc(nominations.updatedAt), asc(nominations.id))
    .limit(200);
}

/** Everything about one nomination, for the office: private contact and evidence, photos, edits. */
export async function getNominationForOffice(db: Db, nominationId: number) {
  if (!Number.isInteger(nominationId)) return null;
  const recorder = alias(users, 'recorder');
  const [row] = await db
    .select({
      nomination: nominations,
      community: { nameZh: areas.nameZh, nameEn: areas.nameEn },
      nominator: { id: users.id, displayName: users.displayName, phone: users.phone, role: users.role, organizationName: users.organizationName },
      round: { id: nominationRounds.id, title: nominationRounds.title },
      consentRecorder: recorder.displayName,
    })
    .from(nominations)
    .innerJoin(areas, eq(areas.id, nominations.communityId))
    .innerJoin(users, eq(users.id, nominations.nominatorId))
    .leftJoin(recorder, eq(recorder.id, nominations.consentRecordedBy))
    .leftJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
    .where(eq(nominations.id, nominationId));
  if (!row) return null;
  const photos = await db.select().from(nominationPhotos).where(eq(nominationPhotos.nominationId, nominationId)).orderBy(asc(nominationPhotos.position));
  const edits = await db
    .select({
      id: nominationStoryEdits.id,
      before: nominationStoryEdits.before,
      after: nominationStoryEdits.after,
      note: nominationStoryEdits.note,
      createdAt: nominationStoryEdits.createdAt,
      editor: users.displayName,
    })
    .from(nominationStoryEdits)
    .innerJoin(users, eq(users.id, nominationStoryEdits.editedBy))
    .where(eq(nominationStoryEdits.nominationId, nominationId))
    .orderBy(desc(nominationStoryEdits.createdAt), desc(nominationStoryEdits.id));
  return { ...row, nominator: { ...row.nominator, phone: maskPhone(row.nominator.phone) }, photos, edits };
}

/** A nomination's private photo, for the office's guarded route; null for an unknown id. */
export async function getPhotoKeys(db: Db, photoId: number) {
  if (!Number.isInteger(photoId)) return null;
  const [row] = await db
    .select({ privateKey: nominationPhotos.privateKey, privateThumbnailKey: nominationPhotos.privateThumbnailKey, nominatorId: nominations.nominatorId })
    .from(nominationPhotos)
    .innerJoin(nominations, eq(nominations.id, nominationPhotos.nominationId))
    .where(eq(nominationPhotos.id, photoId));
  return row ?? null;
}

export async function listMyNominations(db: Db, userId: number) {
  return db
    .select({
      id: nominations.id,
      nomineeName: nominations.nomineeName,
      category: nominations.category,
      status: nominations.status,
      officeMessage: nominations.officeMessage,
      createdAt: nominations.createdAt,
      round: { id: nominationRounds.id, title: nominationRounds.title },
    })
    .from(nominations)
    .leftJoin(nominationRounds, eq(nominationRounds.id, nominations.roundId))
    .where(eq(nominations.nominatorId, userId))
    .orderBy(desc(nominations.createdAt), desc(nominations.id));
}

/** The nominator's own nomination with the fields of the form, for editing. */
export async function getOwnNomination(db: Db, userId: number, nominationId: number) {
  if (!Number.isInteger(nominationId)) return null;
  const [row] = await db
    .select({
      id: nominations.id,
      nomineeName: nominations.nomineeName,
      communityId: nominations.communityId,
      category: nominations.category,
      story: nominations.story,
      nominatorContact: nominations.nominatorContact,
      evidence: nominations.evidence,
      status: nominations.status,
      nominatorId: nominations.nominatorId,
      officeMessage: nominations.officeMessage,
      photos: count(nominationPhotos.id),
    })
    .from(nominations)
    .leftJoin(nominationPhotos, eq(nominationPhotos.nominationId, nominations.id))
    .where(and(eq(nominations.id, nominationId), eq(nominations.nominatorId, userId)))
    .groupBy(nominations.id);
  if (!row) return null;
  const photoList = await db
    .select({ id: nominationPhotos.id, position: nominationPhotos.position })
    .from(nominationPhotos)
    .where(eq(nominationPhotos.nominationId, nominationId))
    .orderBy(asc(nominationPhotos.position));
  return { ...row, photoList };
}

/** Ballots for the office: flagged ones first; voters' phones masked. */
export async function listBallotsForReview(db: Db, roundId: number, onlyFlagged = true) {
  const picks = db
    .select({ ballotId: nominationVotes.ballotId, names: sql<string>`string_agg(${nominations.nomineeName}, '、' order by ${nominations.nomineeName})`.as('names') })
    .from(nominationVotes)
    .innerJoin(nominations, eq(nominations.id, nominationVotes.nominationId))
    .where(eq(nominationVotes.roundId, roundId))
    .groupBy(nominationVotes.ballotId)
    .as('picks');
  const rows = await db
    .select({
      id: nominationBallots.id,
      ip: nominationBallots.ip,
      flags: nominationBallots.flags,
      picks: nominationBallots.picks,
      createdAt: nominationBallots.createdAt,
      discountedAt: nominationBallots.discountedAt,
      discountReason: nominationBallots.discountReason,
      keptAt: nominationBallots.keptAt,
      voter: { displayName: users.displayName, phone: users.phone, createdAt: users.createdAt },
      names: picks.names,
    })
    .from(nominationBallots)
    .innerJoin(users, eq(users.id, nominationBallots.userId))
    .leftJoin(picks, eq(picks.ballotId, nominationBallots.id))
    .where(and(eq(nominationBallots.roundId, roundId), onlyFlagged ? sql`${nominationBallots.flags} <> '[]'::jsonb` : undefined))
    .orderBy(asc(nominationBallots.createdAt), asc(nominationBallots.id))
    .limit(500);
  return rows.map((row) => ({ ...row, voter: { ...row.voter, phone: maskPhone(row.voter.phone) } }));
}

export async function countBallots(db: Db, roundId: number) {
  const [row] = await db
    .select({
      total: count(),
      flagged:
        sql<number>`count(*) filter (where ${nominationBallots.flags} <> '[]'::jsonb and ${nominationBallots.keptAt} is null and ${nominationBallots.discountedAt} is null)`.mapWith(
          Number,
        ),
      discounted: sql<number>`count(*) filter (where ${nominationBallots.discountedAt} is not null)`.mapWith(Number),
    })
    .from(nominationBallots)
    .where(eq(nominationBallots.roundId, roundId));
  return row ?? { total: 0, flagged: 0, discounted: 0 };
}

/** A round's objections for the office, with the objector's contact (private to the office). */
export async function listObjections(db: Db, roundId: number) {
  return db
    .select({
      id: nominationObjections.id,
      nominationId: nominationObjections.nominationId,
      nomineeName: nominations.nomineeName,
      objectorName: nominationObjections.objectorName,
      objectorContact: nominationObjections.objectorContact,
      reason: nominationObjections.reason,
      status: nominationObjections.status,
      outcome: nominationObjections.outcome,
      createdAt: nominationObjections.createdAt,
      resolvedAt: nominationObjections.resolvedAt,
    })
    .from(nominationObjections)
    .innerJoin(nominations, eq(nominations.id, nominationObjections.nominationId))
    .where(eq(nominationObjections.roundId, roundId))
    .orderBy(asc(nominationObjections.createdAt), asc(nominationObjections.id));
}
