/** E-mail over SMTP with nodemailer (SMTP_URL, MAIL_FROM); every message carries its one-click unsubscribe headers. */
import nodemailer from 'nodemailer';
import type { ChannelSender } from './channels';

export function smtpSender(smtpUrl: string, from: string): ChannelSender {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    channel: 'email',
    async deliver(message) {
      const info = await transport.sendMail({
        from,
        to: message.recipient,
        subject: message.subject ?? '',
        text: message.body,
        headers: { ...message.headers, 'X-Wenming-Message': String(message.id) },
      });
      return { providerId: info.messageId };
    },
  };
}
