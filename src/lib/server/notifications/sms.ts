/**
 * Text messages with a one-time code to one phone number (phone verification, password reset),
 * beside the notification sender in index.ts. The default sender queues them in the outbox like
 * every other SMS (src/lib/server/messages): delivered at once through the configured provider
 * (codes ignore quiet hours and daily caps), or, without one (demo mode), recorded for the admins'
 * outbox page, where the demo reads its codes.
 */
import type { Db } from '../../../../db/client';
import { translator } from '../../../i18n';
import { maskPhone } from '../auth/phone';
import { config } from '../config';
import { logger } from '../log';
import { queueMessage } from '../messages/outbox';

export interface SmsMessage {
  /** What the code is for; the SMS template is SMS_TEMPLATES["auth.<kind>"] with params [code, minutes]. */
  kind: 'phone_verification' | 'password_reset' | (string & {});
  /** The one-time code the message carries. */
  code: string;
  /** How long the code lasts, for the message's wording. */
  minutes: number;
}

/** An SMS gateway. Sending may throw; the caller decides what a failure means. */
export interface SmsSender {
  send(phone: string, message: SmsMessage): Promise<void>;
}

/** Demo mode: the message goes to the log, code included (demo accounts and data are not real). */
export const loggingSmsSender: SmsSender = {
  async send(phone, message) {
    logger.info('sms', { channel: 'log', phone: maskPhone(phone), kind: message.kind, code: message.code, minutes: message.minutes });
  },
};

/** No gateway outside demo mode: say so in the log, never the code. */
export const unconfiguredSmsSender: SmsSender = {
  async send(phone, message) {
    logger.warn('sms not sent: no SMS gateway is configured', { phone: maskPhone(phone), kind: message.kind });
  },
};

/** Queues the code in the outbox (a job delivers it at once). `database` gives the handle (the process's by default). */
export function outboxSmsSender(database: () => Promise<Db>): SmsSender {
  return {
    async send(phone, message) {
      const kind = `auth.${message.kind}`;
      const params = { code: message.code, minutes: message.minutes };
      await queueMessage(await database(), {
        channel: 'sms',
        recipient: phone,
        kind,
        isCode: true,
        body: translator('zh-CN')(`messages.sms.code.${message.kind}`, params),
        template: config.smsTemplates[kind] ?? null,
        templateParams: [message.code, String(message.minutes)],
      });
    },
  };
}

let smsSender: SmsSender = outboxSmsSender(async () => (await import('../db')).getDb());

export function getSmsSender(): SmsSender {
  return smsSender;
}

/** Replaces the gateway (a real one at start-up, or a recorder in tests). */
export function setSmsSender(next: SmsSender): void {
  smsSender = next;
}
