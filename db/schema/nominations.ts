import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, serial, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamps, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';

export const ROUND_KINDS = ['good_people', 'moral_model'] as const;
export type RoundKind = (typeof ROUND_KINDS)[number];

export const NOMINATION_CATEGORIES = ['helping', 'bravery', 'honesty', 'dedication', 'filial'] as const;
export type NominationCategory = (typeof NOMINATION_CATEGORIES)[number];

export const NOMINATION_STATUSES = ['submitted', 'info_requested', 'accepted', 'published', 'shortlisted', 'honoured', 'not_selected', 'rejected'] as const;
export type NominationStatus = (typeof NOMINATION_STATUSES)[number];

/** What public counts do with votes flagged as suspicious that the office has not reviewed yet. */
export const FLAGGED_VOTES_POLICIES = ['include', 'exclude'] as const;
export type FlaggedVotesPolicy = (typeof FLAGGED_VOTES_POLICIES)[number];

export const VOTE_FLAGS = ['burst', 'new_account'] as const;
export type VoteFlag = (typeof VOTE_FLAGS)[number];

/**
 * A selection round (评选), e.g. "2026年11月 身边好人". Its stage is derived from these instants and
 * the server's clock (src/lib/server/nominations/workflow.ts); nothing flips a stage by hand.
 */
export const nominationRounds = pgTable(
  'nomination_rounds',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').$type<RoundKind>().notNull(),
    title: text('title').notNull(),
    nominationOpensAt: timestamptz('nomination_opens_at').notNull(),
    reviewOpensAt: timestamptz('review_opens_at').notNull(),
    votingOpensAt: timestamptz('voting_opens_at').notNull(),
    votingClosesAt: timestamptz('voting_closes_at').notNull(),
    noticeOpensAt: timestamptz('notice_opens_at').notNull(),
    noticeClosesAt: timestamptz('notice_closes_at').notNull(),
    /** How many nominees one account may pick, on its one ballot. */
    picksPerAccount: integer('picks_per_account').notNull().default(10),
    flaggedVotesPolicy: text('flagged_votes_policy').$type<FlaggedVotesPolicy>().notNull().default('include'),
    createdBy: integer('created_by').references(() => users.id),
    ...timestamps,
  },
  (t) => [
    check('nomination_rounds_kind_check', sql`${t.kind} in ('good_people', 'moral_model')`),
    check('nomination_rounds_policy_check', sql`${t.flaggedVotesPolicy} in ('include', 'exclude')`),
    check('nomination_rounds_picks_check', sql`${t.picksPerAccount} between 1 and 100`),
    check(
      'nomination_rounds_schedule_check',
      sql`${t.nominationOpensAt} <= ${t.reviewOpensAt} and ${t.reviewOpensAt} <= ${t.votingOpensAt} and ${t.votingOpensAt} <= ${t.votingClosesAt} and ${t.votingClosesAt} <= ${t.noticeOpensAt} and ${t.noticeOpensAt} <= ${t.noticeClosesAt}`,
    ),
    index('nomination_rounds_voting_idx').on(t.votingOpensAt),
  ],
);

/** A person put forward, with the nominator's private details and the consent record. */
export const nominations = pgTable(
  'nominations',
  {
    id: serial('id').primaryKey(),
    nomineeName: text('nominee_name').notNull(),
    communityId: integer('community_id')
      .notNull()
      .references(() => areas.id),
    category: text('category').$type<NominationCategory>().notNull(),
    /** The story as the nominator wrote it; kept unchanged once the office edits. */
    story: text('story').notNull(),
    /** The office's edited or redacted text, which is what is published; null: the story as written. */
    publishedStory: text('published_story'),
    status: text('status').$type<NominationStatus>().notNull().default('submitted'),
    roundId: integer('round_id').references(() => nominationRounds.id),
    /** Private: never shown on public pages. */
    nominatorId: integer('nominator_id')
      .notNull()
      .references(() => users.id),
    nominatorContact: text('nominator_contact').notNull(),
    evidence: text('evidence').notNull().default(''),
    /** The office's last message to the nominator (request for information, reason for rejection). */
    officeMessage: text('office_message'),
    consentMethod: text('consent_method'),
    /** Who obtained the consent (a name, as the office recorded it). */
    consentObtainedBy: text('consent_obtained_by'),
    consentObtainedAt: timestamptz('consent_obtained_at'),
    consentRecordedBy: integer('consent_recorded_by').references(() => users.id),
    consentRecordedAt: timestamptz('consent_recorded_at'),
    publishedAt: timestamptz('published_at'),
    ...timestamps,
  },
  (t) => [
    check('nominations_status_check', sql`${t.status} in ('submitted', 'info_requested', 'accepted', 'published', 'shortlisted', 'honoured', 'not_selected', 'rejected')`),
    check('nominations_category_check', sql`${t.category} in ('helping', 'bravery', 'honesty', 'dedication', 'filial')`),
    // The consent gate, in the database too: nothing public without a consent record.
    check(
      'nominations_consent_check',
      sql`${t.status} not in ('published', 'shortlisted', 'honoured', 'not_selected') or (${t.consentRecordedAt} is not null and ${t.roundId} is not null)`,
    ),
    index('nominations_status_idx').on(t.status, t.createdAt),
    index('nominations_round_idx').on(t.roundId, t.status),
    index('nominations_nominator_idx').on(t.nominatorId),
  ],
);

/**
 * Photos go through the shared pipeline into private storage; public copies are made only when the
 * nomination is published (after consent).
 */
export const nominationPhotos = pgTable(
  'nomination_photos',
  {
    id: serial('id').primaryKey(),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nominations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull(),
    privateKey: text('private_key').notNull(),
    privateThumbnailKey: text('private_thumbnail_key').notNull(),
    publicKey: text('public_key'),
    publicThumbnailKey: text('public_thumbnail_key'),
    width: integer('width').notNull(),
    height: integer('height').notNull(),
    ...createdAt,
  },
  (t) => [index('nomination_photos_nomination_idx').on(t.nominationId, t.position)],
);

/** Every change the office makes to a story's published text (also in the audit log). */
export const nominationStoryEdits = pgTable(
  'nomination_story_edits',
  {
    id: serial('id').primaryKey(),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nominations.id, { onDelete: 'cascade' }),
    before: text('before').notNull(),
    after: text('after').notNull(),
    note: text('note').notNull().default(''),
    editedBy: integer('edited_by')
      .notNull()
      .references(() => users.id),
    ...createdAt,
  },
  (t) => [index('nomination_story_edits_nomination_idx').on(t.nominationId, t.createdAt)],
);

/**
 * One ballot per account per round: the unique index makes "once" exact under concurrency, and the
 * picks are checked against the round's limit on the one insert that carries them all.
 */
export const nominationBallots = pgTable(
  'nomination_ballots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => nominationRounds.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    /** Private to the office: the address the ballot came from, for burst detection. */
    ip: text('ip').notNull(),
    picks: integer('picks').notNull(),
    flags: jsonb('flags').$type<VoteFlag[]>().notNull().default([]),
    /** Set when the office discounts the ballot; its votes then count nowhere. */
    discountedAt: timestamptz('discounted_at'),
    discountReason: text('discount_reason'),
    /** Set when the office reviewed a flagged ballot and kept it. */
    keptAt: timestamptz('kept_at'),
    reviewedBy: integer('reviewed_by').references(() => users.id),
    ...createdAt,
  },
  (t) => [uniqueIndex('nomination_ballots_round_user_idx').on(t.roundId, t.userId), index('nomination_ballots_round_ip_idx').on(t.roundId, t.ip, t.createdAt)],
);

/** The picks of a ballot; unique per (round, account, nominee) as a second guard. */
export const nominationVotes = pgTable(
  'nomination_votes',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ballotId: bigint('ballot_id', { mode: 'number' })
      .notNull()
      .references(() => nominationBallots.id, { onDelete: 'cascade' }),
    roundId: integer('round_id')
      .notNull()
      .references(() => nominationRounds.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nominations.id, { onDelete: 'cascade' }),
    ...createdAt,
  },
  (t) => [
    uniqueIndex('nomination_votes_round_user_nominee_idx').on(t.roundId, t.userId, t.nominationId),
    index('nomination_votes_nomination_idx').on(t.nominationId),
    index('nomination_votes_ballot_idx').on(t.ballotId),
  ],
);

/**
 * Ballots per address per fixed time window, counted by an upsert so that concurrent ballots from
 * one address serialize on this row and the count is exact.
 */
export const nominationBallotBursts = pgTable(
  'nomination_ballot_bursts',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => nominationRounds.id, { onDelete: 'cascade' }),
    ip: text('ip').notNull(),
    windowStart: timestamptz('window_start').notNull(),
    ballots: integer('ballots').notNull().default(0),
  },
  (t) => [uniqueIndex('nomination_ballot_bursts_key_idx').on(t.roundId, t.ip, t.windowStart)],
);

export const OBJECTION_STATUSES = ['open', 'upheld', 'dismissed'] as const;
export type ObjectionStatus = (typeof OBJECTION_STATUSES)[number];

/** An objection during the public notice; the objector's contact stays with the office. */
export const nominationObjections = pgTable(
  'nomination_objections',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => nominationRounds.id, { onDelete: 'cascade' }),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nominations.id, { onDelete: 'cascade' }),
    userId: integer('user_id').references(() => users.id),
    objectorName: text('objector_name').notNull().default(''),
    objectorContact: text('objector_contact').notNull(),
    reason: text('reason').notNull(),
    status: text('status').$type<ObjectionStatus>().notNull().default('open'),
    outcome: text('outcome'),
    resolvedBy: integer('resolved_by').references(() => users.id),
    resolvedAt: timestamptz('resolved_at'),
    ...createdAt,
  },
  (t) => [check('nomination_objections_status_check', sql`${t.status} in ('open', 'upheld', 'dismissed')`), index('nomination_objections_round_idx').on(t.roundId, t.status)],
);

/** The round's result, announced once; the round is then over. */
export const nominationAnnouncements = pgTable('nomination_announcements', {
  id: serial('id').primaryKey(),
  roundId: integer('round_id')
    .notNull()
    .unique()
    .references(() => nominationRounds.id, { onDelete: 'cascade' }),
  body: text('body').notNull().default(''),
  announcedBy: integer('announced_by').references(() => users.id),
  announcedAt: timestamptz('announced_at').notNull().defaultNow(),
});

export const CONSENT_ANSWERS = ['agreed', 'declined'] as const;
export type ConsentAnswer = (typeof CONSENT_ANSWERS)[number];

/**
 * The office asks a nominee for consent by SMS: a signed link (src/lib/server/nominations/consent-link.ts)
 * to a page where the nominee, without an account, agrees (the nomination is published) or declines.
 * One row per request; a link works once, until `expires_at`, and only while it is the nomination's
 * latest request. The phone is kept masked here (the message itself is in the outbox until purged).
 */
export const nominationConsentRequests = pgTable(
  'nomination_consent_requests',
  {
    id: serial('id').primaryKey(),
    nominationId: integer('nomination_id')
      .notNull()
      .references(() => nominations.id, { onDelete: 'cascade' }),
    phoneMasked: text('phone_masked').notNull(),
    requestedBy: integer('requested_by').references(() => users.id, { onDelete: 'set null' }),
    ...createdAt,
    expiresAt: timestamptz('expires_at').notNull(),
    answer: text('answer').$type<ConsentAnswer>(),
    answeredAt: timestamptz('answered_at'),
  },
  (t) => [
    check('nomination_consent_requests_answer_check', sql`${t.answer} is null or ${t.answer} in ('agreed', 'declined')`),
    index('nomination_consent_requests_nomination_idx').on(t.nominationId, t.id),
  ],
);
