/**
 * Text messages to one phone number (verification codes), beside the notification sender in
 * index.ts. Until a real SMS gateway is configured, demo mode logs the message (code included, so a
 * tester can proceed) and any other deployment logs only that nothing was sent.
 */
import { maskPhone } from '../auth/phone';
import { config } from '../config';
import { logger } from '../log';

export interface SmsMessage {
  /** What the code is for: proving the account's phone, a forgotten password, or a new number. */
  kind: 'phone_verification' | 'password_reset' | 'phone_change';
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

let smsSender: SmsSender = config.demoMode ? loggingSmsSender : unconfiguredSmsSender;

export function getSmsSender(): SmsSender {
  return smsSender;
}

/** Replaces the gateway (a real one at start-up, or a recorder in tests). */
export function setSmsSender(next: SmsSender): void {
  smsSender = next;
}
