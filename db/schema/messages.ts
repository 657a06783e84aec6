import { sql } from 'drizzle-orm';
import { bigserial, boolean, check, doublePrecision, index, integer, pgTable, primaryKey, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { createdAt, timestamptz } from './columns';
import { users } from './auth';
import { areas } from './city';

export const CHANNELS = ['sms', 'email', 'wechat'] as const;
export type Channel = (typeof CHANNELS)[number];

export const MESSAGE_STATUSES = ['queued', 'held', 'sent', 'recorded', 'failed', 'suppressed'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/**
 * The outbox: every message for an outside channel (SMS, e-mail, WeChat), rendered in the
 * recipient's language when it is queued, then delivered by a job. `recorded` means no gateway is
 * configured (demo mode): the admins' outbox page is where it can be read. `held` waits for
 * `send_after` (quiet hours); `suppressed` was refused (daily cap, unsubscribed) with a reason.
 * The recipient address is kept only to deliver; the purge clears it (ops).
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    channel: text('channel').$type<Channel>().notNull(),
    userId: integer('user_id').references(() => users.id, { onDelete: 'set null' }),
    /** A phone number or e-mail address; never shown unmasked. */
    recipient: text('recipient').notNull(),
    /** What it is about, e.g. "report.status", "auth.code"; preferences and caps go by it. */
    kind: text('kind').notNull(),
    /** Codes (one-time passwords) pass quiet hours and caps, and are masked on the outbox page outside demo mode. */
    isCode: boolean('is_code').notNull().default(false),
    locale: text('locale').notNull().default('zh-CN'),
    /** The provider's template (SMS) and its parameters, as sent. */
    template: text('template'),
    templateParams: text('template_params').array(),
    subject: text('subject'),
    body: text('body').notNull(),
    status: text('status').$type<MessageStatus>().notNull().default('queued'),
    reason: text('reason'),
    /** A message with this key is queued once (e.g. "shift.reminder:24h:signup:12"). */
    dedupeKey: text('dedupe_key'),
    sendAfter: timestamptz('send_after'),
    providerId: text('provider_id'),
    ...createdAt,
    sentAt: timestamptz('sent_at'),
  },
  (t) => [
    check('outbox_messages_channel_check', sql`${t.channel} in ('sms', 'email', 'wechat')`),
    check('outbox_messages_status_check', sql`${t.status} in ('queued', 'held', 'sent', 'recorded', 'failed', 'suppressed')`),
    uniqueIndex('outbox_messages_dedupe_idx').on(t.dedupeKey),
    index('outbox_messages_created_idx').on(t.createdAt),
    // Daily caps count a recipient's messages of a channel since midnight.
    index('outbox_messages_recipient_idx').on(t.channel, t.recipient, t.createdAt),
  ],
);

/**
 * Per kind and channel, what someone chose to receive. No row means the kind's default; in-app is
 * always on and has no row.
 */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    channel: text('channel').$type<Channel>().notNull(),
    enabled: boolean('enabled').notNull(),
    updatedAt: timestamptz('updated_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind, t.channel] })],
);

/** An e-mail address a user added to receive e-mail (staff digests, residents who want it). */
export const contactEmails = pgTable('contact_emails', {
  userId: integer('user_id')
    .primaryKey()
    .references(() => users.id, { onDelete: 'cascade' }),
  email: text('email').notNull(),
  ...createdAt,
});

export const FOLLOW_KINDS = ['area', 'radius'] as const;

/**
 * An area someone follows for new reports: a community or grid cell (`area_id`), or a radius
 * around a point; optionally only some categories; alerts at once or in a daily digest.
 */
export const areaFollows = pgTable(
  'area_follows',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    areaId: integer('area_id').references(() => areas.id, { onDelete: 'cascade' }),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    radiusM: integer('radius_m'),
    /** Category codes; empty means all. */
    categories: text('categories')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    digest: boolean('digest').notNull().default(false),
    ...createdAt,
  },
  (t) => [
    check('area_follows_target_check', sql`(${t.areaId} is not null) <> (${t.lat} is not null and ${t.lng} is not null and ${t.radiusM} between 50 and 5000)`),
    index('area_follows_user_idx').on(t.userId),
    index('area_follows_area_idx').on(t.areaId),
    // Circles near a point (immediate alerts), and the digest's batches by id.
    index('area_follows_point_idx')
      .on(t.lat, t.lng)
      .where(sql`${t.lat} is not null`),
    index('area_follows_digest_idx')
      .on(t.id)
      .where(sql`${t.digest}`),
  ],
);
