import type { SmsMessage, SmsSender } from '../../src/lib/server/notifications/sms';

/** Keeps what would have gone out by SMS, so a test can read the code a person would type. */
export class RecordingSender implements SmsSender {
  sent: { phone: string; message: SmsMessage }[] = [];
  async send(phone: string, message: SmsMessage) {
    this.sent.push({ phone, message });
  }
  get lastCode(): string {
    return this.sent.at(-1)!.message.code;
  }
}
