/**
 * The kinds of message people receive, with what each channel does by default; everyone can
 * change these per kind and channel at /notifications/settings (in-app is always on). A kind not
 * listed here goes in-app and, when the person added an address, by e-mail.
 */
import type { Channel } from '../../../../db/schema';

export interface KindDefaults {
  sms: boolean;
  email: boolean;
  /** The notice param names, in order, that fill the SMS template's {1}, {2}, … */
  smsParams?: string[];
}

export const MESSAGE_KINDS: Record<string, KindDefaults> = {
  'report.status': { sms: false, email: true, smsParams: ['number', 'status'] },
  'report.rate': { sms: false, email: true, smsParams: ['number'] },
  'report.assigned': { sms: true, email: true, smsParams: ['number', 'deadline'] },
  'report.deadline': { sms: true, email: true, smsParams: ['number', 'deadline'] },
  'report.ticket': { sms: true, email: true, smsParams: ['number', 'ticket'] },
  'report.digest': { sms: false, email: true },
  'area.report': { sms: false, email: true },
  'shift.signup': { sms: false, email: true, smsParams: ['title', 'startsAt'] },
  'shift.promoted': { sms: true, email: true, smsParams: ['title', 'startsAt'] },
  'shift.reminder': { sms: true, email: true, smsParams: ['title', 'startsAt'] },
  'shift.changed': { sms: true, email: true, smsParams: ['title', 'startsAt'] },
  'shift.cancelled': { sms: true, email: true, smsParams: ['title', 'startsAt'] },
  'hours.approved': { sms: false, email: true, smsParams: ['hours'] },
  'nomination.decision': { sms: false, email: true, smsParams: ['name'] },
  'round.open': { sms: false, email: false, smsParams: ['round'] },
};

/**
 * Kinds sent only to a phone number, to someone without an account (no preferences apply): the
 * param names that fill their SMS templates.
 */
export const PHONE_ONLY_SMS_PARAMS: Record<string, string[]> = {
  'nomination.consent': ['round', 'url'],
  'sampling.invite': ['title', 'url'],
};

export function defaultFor(kind: string, channel: Channel): boolean {
  if (channel === 'wechat') return false;
  const defaults = MESSAGE_KINDS[kind];
  if (!defaults) return channel === 'email';
  return defaults[channel];
}
