/**
 * One-click unsubscribe (RFC 8058): every e-mail carries a signed link that turns one kind of
 * e-mail off for its recipient, without logging in. The signature (HMAC-SHA256 under APP_SECRET)
 * covers the user and the kind, so a link cannot be edited into another's.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { config } from '../config';

function signature(userId: number, kind: string): string {
  return createHmac('sha256', config.appSecret).update(`unsubscribe\n${userId}\n${kind}`).digest('base64url');
}

export function unsubscribeToken(userId: number, kind: string): string {
  return `${userId}.${Buffer.from(kind).toString('base64url')}.${signature(userId, kind)}`;
}

/** The user and kind a token stands for, or null when it is not one we signed. */
export function readUnsubscribeToken(token: string): { userId: number; kind: string } | null {
  const match = /^(\d{1,10})\.([A-Za-z0-9_-]{1,200})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const userId = Number(match[1]);
  const kind = Buffer.from(match[2]!, 'base64url').toString('utf8');
  const expected = Buffer.from(signature(userId, kind));
  const given = Buffer.from(match[3]!);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { userId, kind } : null;
}

export function unsubscribeUrl(userId: number, kind: string): string {
  return `${config.publicOrigin ?? 'http://localhost:4321'}/unsubscribe?token=${unsubscribeToken(userId, kind)}`;
}

export function unsubscribeHeaders(userId: number, kind: string): Record<string, string> {
  return { 'List-Unsubscribe': `<${unsubscribeUrl(userId, kind)}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
}
