/**
 * The volunteer domain's secrets: ID numbers encrypted with AES-256-GCM (DATA_ENCRYPTION_KEY) and a
 * keyed hash of them (APP_SECRET) so uniqueness is checked without decrypting; signed, short-lived
 * check-in codes that need no server memory.
 */
import { createCipheriv, createDecipheriv, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { config } from '../config';

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
const ID_AAD = Buffer.from('volunteer.id_number');

export function encryptIdNumber(keys: VolunteerKeys, idNumber: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  cipher.setAAD(ID_AAD);
  const body = Buffer.concat([cipher.update(idNumber, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function decryptIdNumber(keys: VolunteerKeys, stored: string): string {
  try {
    return decryptWith(keys.encryptionKey, stored);
  } catch (error) {
    if (!keys.previousEncryptionKey) throw error;
    return decryptWith(keys.previousEncryptionKey, stored);
  }
}

function decryptWith(encryptionKey: Buffer, stored: string): string {
  const raw = Buffer.from(stored.replace(/^v1\./, ''), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, 12));
  decipher.setAAD(ID_AAD);
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
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
