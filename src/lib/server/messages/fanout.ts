/**
 * From a notice to outside messages: for each recipient, an SMS (verified phone) and an e-mail (a
 * proved address, ./addresses.ts) when they want this kind on that channel, rendered in zh-CN (the city's language;
 * English templates exist for the e-mail of English readers) and queued in the caller's transaction.
 */
import { eq, inArray } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { contactEmails, users } from '../../../../db/schema';
import { translator, type Locale } from '../../../i18n';
import { config } from '../config';
import type { Notice } from '../notifications';
import { formatNoticeParams } from '../notifications/format';
import { deliverableEmail } from './addresses';
import { MESSAGE_KINDS, PHONE_ONLY_SMS_PARAMS } from './kinds';
import { queueMessage } from './outbox';
import { wantedBy } from './preferences';
import { unsubscribeUrl } from './unsubscribe';

export function renderNotice(notice: Notice, locale: Locale): string {
  return translator(locale)(notice.messageKey, formatNoticeParams(notice.params, locale));
}

export function smsTemplateFor(kind: string, notice: Pick<Notice, 'params'>): { template: string | null; templateParams: string[] } {
  const names = MESSAGE_KINDS[kind]?.smsParams ?? PHONE_ONLY_SMS_PARAMS[kind] ?? [];
  // Times as the text shows them (China time, zh-CN), not as stored.
  const params = formatNoticeParams(notice.params, 'zh-CN');
  return { template: config.smsTemplates[kind] ?? null, templateParams: names.map((name) => String(params[name] ?? '')) };
}

/**
 * An e-mail in the city's language, the same text in English below it (no language is stored per
 * person, and English readers are few but real), the link, and the signed unsubscribe link.
 */
export function emailFor(notice: Notice, userId: number, locale: Locale, second: Locale | null = locale === 'en' ? null : 'en'): { subject: string; body: string } {
  const t = translator(locale);
  const text = renderNotice(notice, locale);
  const origin = config.publicOrigin ?? 'http://localhost:4321';
  const lines = [text];
  if (notice.link) lines.push('', `${origin}${notice.link}`);
  const other = second ? renderNotice(notice, second) : null;
  if (second && other && other !== text) lines.push('', other);
  lines.push('', '--', t('messages.email.footer'));
  if (second) lines.push(translator(second)('messages.email.footer'));
  lines.push(`${t('messages.email.unsubscribe')}${second ? ` / ${translator(second)('messages.email.unsubscribe')}` : ''}: ${unsubscribeUrl(userId, notice.kind)}`);
  return { subject: `${t('messages.email.subjectPrefix')}${text}`.slice(0, 200), body: lines.join('\n') };
}

export interface FanOutOptions {
  now?: Date;
  /** Makes the messages once-only: "<key>:<channel>:<user>". */
  dedupeKey?: string;
}

export async function fanOut(db: Db, userIds: readonly number[], notice: Notice, options: FanOutOptions = {}): Promise<number> {
  const now = options.now ?? new Date();
  const [sms, email] = await Promise.all([wantedBy(db, userIds, notice.kind, 'sms'), wantedBy(db, userIds, notice.kind, 'email')]);
  const wanted = [...new Set([...sms, ...email])];
  if (wanted.length === 0) return 0;
  const people = await db
    .select({ id: users.id, phone: users.phone, phoneVerifiedAt: users.phoneVerifiedAt, email: deliverableEmail })
    .from(users)
    .leftJoin(contactEmails, eq(contactEmails.userId, users.id))
    .where(inArray(users.id, wanted));
  let queued = 0;
  for (const person of people) {
    const key = (channel: string) => (options.dedupeKey ? `${options.dedupeKey}:${channel}:${person.id}` : null);
    if (sms.has(person.id) && person.phone && person.phoneVerifiedAt) {
      const id = await queueMessage(
        db,
        {
          channel: 'sms',
          recipient: person.phone,
          userId: person.id,
          kind: notice.kind,
          body: renderNotice(notice, 'zh-CN'),
          ...smsTemplateFor(notice.kind, notice),
          dedupeKey: key('sms'),
        },
        now,
      );
      if (id) queued++;
    }
    if (email.has(person.id) && person.email) {
      const id = await queueMessage(
        db,
        { channel: 'email', recipient: person.email, userId: person.id, kind: notice.kind, ...emailFor(notice, person.id, 'zh-CN'), dedupeKey: key('email') },
        now,
      );
      if (id) queued++;
    }
  }
  return queued;
}

/** A text to someone known only by a phone number (a hotline caller). */
export async function smsToPhone(db: Db, phone: string, notice: Notice, options: FanOutOptions = {}): Promise<number | null> {
  return queueMessage(
    db,
    { channel: 'sms', recipient: phone, kind: notice.kind, body: renderNotice(notice, 'zh-CN'), ...smsTemplateFor(notice.kind, notice), dedupeKey: options.dedupeKey ?? null },
    options.now,
  );
}
