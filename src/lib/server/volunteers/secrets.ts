/**
 * The volunteer domain's secrets: ID numbers encrypted with AES-256-GCM (DATA_ENCRYPTION_KEY) and a
 * keyed hash of them (APP_SECRET) so uniqueness is checked without decrypting; signed, short-lived
 * check-in codes that need no server memory.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../config';
import { seal, unseal } from '../sealed';

export interface VolunteerKeys {
  /** 32 bytes. */
  encryptionKey: Buffer;
  /** Keys the ID hash and signs check-in codes. */
  secret: string;
  /** During a DATA_ENCRYPTION_KEY rotation: the key being replaced, tried when the current one fails. */
  previousEncryptionKey?: Buffer | undefined;
}

export function volunteerKeys(): VolunteerKeys {
  return { encryptionKey: config.dataEncryptionKey, secret: config.appSecret, previousEncryptionKey: config.previousDataEncryptionKey };
}

/** Binds ciphertexts to their purpose: an ID number cannot be swapped into another encrypted field. */
const ID_PURPOSE = 'volunteer.id_number';

export function encryptIdNumber(keys: VolunteerKeys, idNumber: string): string {
  return seal(keys, ID_PURPOSE, idNumber);
}

export function decryptIdNumber(keys: VolunteerKeys, stored: string): string {
  return unseal(keys, ID_PURPOSE, stored);
}

export function hashIdNumber(keys: VolunteerKeys, idNumber: string): string {
  return createHmac('sha256', keys.secret).update(`volunteer.id_number:${idNumber}`).digest('base64url');
}

/** Codes change every 30 s; the current and the previous window are accepted, so a code lives 30-60 s. */
export const CHECK_IN_WINDOW_MS = 30_000;
/** After a valid scan by someone not yet logged in, the login detour may take this long. */
export const CHECK_IN_TICKET_MS = 10 * 60_000;

export type CheckInMode = 'in' | 'out';

function sign(keys: VolunteerKeys, text: string): string {
  return createHmac('sha256', keys.secret).update(`volunteer.checkin:${text}`).digest('base64url').slice(0, 22);
}

function sameSignature(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function checkInWindow(now: Date): number {
  return Math.floor(now.getTime() / CHECK_IN_WINDOW_MS);
}

/** The code the leader's screen shows now: shift, mode and 30-second window, signed. */
export function createCheckInToken(keys: VolunteerKeys, shiftId: number, mode: CheckInMode, now = new Date()): string {
  const body = `${shiftId}.${mode}.${checkInWindow(now)}`;
  return `${body}.${sign(keys, body)}`;
}

/** A longer-lived ticket for one valid scan, carried through the login form. */
export function createCheckInTicket(keys: VolunteerKeys, shiftId: number, mode: CheckInMode, now = new Date()): string {
  const body = `${shiftId}.${mode}.t${now.getTime() + CHECK_IN_TICKET_MS}`;
  return `${body}.${sign(keys, body)}`;
}

export type TokenCheck = { ok: true; shiftId: number; mode: CheckInMode } | { ok: false; reason: 'invalid' | 'expired' };

/** Checks a code or ticket: signature first, then its time (current or previous window; a ticket until it expires). */
export function verifyCheckInToken(keys: VolunteerKeys, token: string, now = new Date()): TokenCheck {
  const match = /^(\d{1,10})\.(in|out)\.(t?)(\d{1,15})\.([\w-]{22})$/.exec(token.trim());
  if (!match) return { ok: false, reason: 'invalid' };
  const [, shift, mode, ticket, time, signature] = match;
  if (!sameSignature(sign(keys, `${shift}.${mode}.${ticket}${time}`), signature!)) return { ok: false, reason: 'invalid' };
  const fresh = ticket ? Number(time) >= now.getTime() : [checkInWindow(now), checkInWindow(now) - 1].includes(Number(time));
  if (!fresh) return { ok: false, reason: 'expired' };
  return { ok: true, shiftId: Number(shift), mode: mode as CheckInMode };
}

/** A random token whose SHA-256 is stored (calendar feeds); the token itself is shown once per creation. */
export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
