/**
 * Personal data encrypted at rest: AES-256-GCM under DATA_ENCRYPTION_KEY, bound to its purpose by
 * the additional data (a ciphertext of one field cannot be swapped into another), stored as
 * `v1.` + base64url(iv | ciphertext | tag). During a key rotation the previous key is tried too.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export interface SealingKeys {
  /** 32 bytes. */
  encryptionKey: Buffer;
  /** During a DATA_ENCRYPTION_KEY rotation: the key being replaced, tried when the current one fails. */
  previousEncryptionKey?: Buffer | undefined;
}

export function seal(keys: SealingKeys, purpose: string, text: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.encryptionKey, iv);
  cipher.setAAD(Buffer.from(purpose));
  const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()]);
  return `v1.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url')}`;
}

export function unseal(keys: SealingKeys, purpose: string, stored: string): string {
  try {
    return unsealWith(keys.encryptionKey, purpose, stored);
  } catch (error) {
    if (!keys.previousEncryptionKey) throw error;
    return unsealWith(keys.previousEncryptionKey, purpose, stored);
  }
}

function unsealWith(encryptionKey: Buffer, purpose: string, stored: string): string {
  const raw = Buffer.from(stored.replace(/^v1\./, ''), 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', encryptionKey, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(purpose));
  decipher.setAuthTag(raw.subarray(raw.length - 16));
  return Buffer.concat([decipher.update(raw.subarray(12, raw.length - 16)), decipher.final()]).toString('utf8');
}
