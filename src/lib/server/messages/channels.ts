/**
 * Outside channels: one sender per channel (SMS, e-mail; WeChat template messages later), chosen by
 * settings at start-up (./setup.ts) or installed by tests. A channel without a sender records its
 * messages in the outbox only (demo mode): the admins' outbox page shows them.
 *
 * WeChat: a service account's template message (POST cgi-bin/message/template/send) maps onto
 * OutgoingMessage as touser = recipient (the openid), template_id = template, data.keywordN =
 * templateParams[N-1] (named per kind like the SMS params, MESSAGE_KINDS.smsParams), and the body as
 * the fallback text. The `wechat` channel already exists in the outbox, the preferences (off by
 * default) and the delivery job (tests/messages/channels.test.ts installs a sender); what is missing
 * is the sender itself and a table binding users to openids.
 */
import type { Channel } from '../../../../db/schema';

export interface OutgoingMessage {
  id: number;
  channel: Channel;
  /** Phone number, e-mail address or (later) WeChat openid. */
  recipient: string;
  kind: string;
  locale: string;
  subject: string | null;
  body: string;
  /** The provider's template and its parameters (SMS providers send only registered templates). */
  template: string | null;
  templateParams: string[] | null;
  /** Extra headers for e-mail (List-Unsubscribe). */
  headers?: Record<string, string>;
}

export interface ChannelSender {
  readonly channel: Channel;
  /** Delivers or throws (the job retries with backoff). Returns the provider's message id if any. */
  deliver(message: OutgoingMessage): Promise<{ providerId?: string }>;
}

const KEY = Symbol.for('wenming.channelSenders');
const senders: Map<Channel, ChannelSender> = ((globalThis as Record<symbol, unknown>)[KEY] as Map<Channel, ChannelSender> | undefined) ?? new Map();
(globalThis as Record<symbol, unknown>)[KEY] = senders;

/** Installs (or with undefined removes) the sender of a channel. */
export function setChannelSender(channel: Channel, sender: ChannelSender | undefined): void {
  if (sender) senders.set(channel, sender);
  else senders.delete(channel);
}

export function getChannelSender(channel: Channel): ChannelSender | undefined {
  return senders.get(channel);
}
