/**
 * Fingerprints of the two shared secrets, stored by the first instance that starts on a database
 * (a settings row): an instance started with another APP_SECRET or DATA_ENCRYPTION_KEY refuses to
 * become ready instead of writing data the others cannot read. A fingerprint is an HMAC of a fixed
 * text under the secret: it tells whether two secrets are the same and nothing about them.
 */
import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { settings } from '../../../../db/schema';

export const FINGERPRINTS_KEY = 'system.secret_fingerprints';

export interface SecretFingerprints {
  appSecret: string;
  dataEncryptionKey: string;
}

export function fingerprint(secret: string | Buffer): string {
  return createHmac('sha256', secret).update('wenming.secret-fingerprint.v1').digest('base64url').slice(0, 22);
}

export interface InstanceSecrets {
  appSecret: string;
  dataEncryptionKey: Buffer;
  /** The key before a rotation (DATA_ENCRYPTION_KEY_PREVIOUS): its fingerprint is accepted until the re-encryption stores the new one. */
  previousDataEncryptionKey?: Buffer | undefined;
}

/** The names of the secrets that do not match the stored fingerprints (storing them if none are). */
export async function checkSecretFingerprints(db: Db, secrets: InstanceSecrets): Promise<('APP_SECRET' | 'DATA_ENCRYPTION_KEY')[]> {
  const mine: SecretFingerprints = { appSecret: fingerprint(secrets.appSecret), dataEncryptionKey: fingerprint(secrets.dataEncryptionKey) };
  await db.insert(settings).values({ key: FINGERPRINTS_KEY, value: mine }).onConflictDoNothing();
  const [row] = await db.select({ value: settings.value }).from(settings).where(eq(settings.key, FINGERPRINTS_KEY));
  const stored = row?.value as Partial<SecretFingerprints> | undefined;
  const mismatched: ('APP_SECRET' | 'DATA_ENCRYPTION_KEY')[] = [];
  if (stored?.appSecret !== mine.appSecret) mismatched.push('APP_SECRET');
  const keys = [mine.dataEncryptionKey, ...(secrets.previousDataEncryptionKey ? [fingerprint(secrets.previousDataEncryptionKey)] : [])];
  if (!keys.includes(stored?.dataEncryptionKey ?? '')) mismatched.push('DATA_ENCRYPTION_KEY');
  return mismatched;
}

/** After a re-encryption: the new key's fingerprint becomes the one instances must match. */
export async function storeDataKeyFingerprint(db: Db, dataEncryptionKey: Buffer, appSecret: string): Promise<void> {
  const value: SecretFingerprints = { appSecret: fingerprint(appSecret), dataEncryptionKey: fingerprint(dataEncryptionKey) };
  await db
    .insert(settings)
    .values({ key: FINGERPRINTS_KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
}
