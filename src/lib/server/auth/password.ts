import { hash, verify } from '@node-rs/argon2';

// OWASP's argon2id baseline (19 MiB, 2 passes); @node-rs/argon2 defaults to argon2id.
const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, outputLen: 32, parallelism: 1 };

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPasswordHash(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

/** An i18n key naming what is wrong with a new password, or null when it is acceptable. */
export function passwordProblem(password: string, phone?: string | null): string | null {
  if (password.length < PASSWORD_MIN_LENGTH) return 'auth.password.tooShort';
  if (password.length > PASSWORD_MAX_LENGTH) return 'auth.password.tooLong';
  if (/^\d+$/.test(password) || (phone && password.includes(phone))) return 'auth.password.tooWeak';
  return null;
}

// A real hash to verify against when the account does not exist, so that an unknown login
// costs the same time as a wrong password and timing does not reveal which accounts exist.
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  return (dummyHash ??= hashPassword('wenming-dummy-password'));
}
