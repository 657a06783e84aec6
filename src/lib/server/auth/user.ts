import { and, desc, eq, isNull, or } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, departments, privacyConsents, users, type Role } from '../../../../db/schema';
import { fail, type Result } from '../result';
import { dummyPasswordHash, hashPassword, passwordProblem, verifyPasswordHash } from './password';
import { normalizePhone } from './phone';
import { invalidateUserSessions } from './session';
import { accountLoginThrottle, clearFailures, ipLoginThrottle, recordFailure, secondsUntilAllowed, throttleKey } from './throttle';
import { idAndNames } from '../i18n-names';
import { takeAttempt, type Submitter as LimitSubmitter } from '../limits';
import { birthYearProblem } from '../privacy/minors';
import { cityYear } from '../time';

export const DISPLAY_NAME_MAX = 30;

export interface RegisterInput {
  phone: string;
  password: string;
  displayName: string;
  /** Asked at registration: someone who may be under 14 needs a guardian's consent to volunteer or nominate. */
  birthYear: number | null | undefined;
  /** The privacy notice version the person accepted; must be the current one. */
  consentVersion: string;
}

export interface PublicUser {
  id: number;
  displayName: string;
  role: Role;
}

export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: string; cause?: { code?: string } })?.code ?? (error as { cause?: { code?: string } })?.cause?.code;
  return code === '23505';
}

export async function registerUser(
  db: Db,
  input: RegisterInput,
  currentConsentVersion: string,
  /** The web's and the API's submitter: every attempt counts against `limits.signup` (a refusal tells whether a number is registered). */
  limits?: LimitSubmitter,
  now = new Date(),
): Promise<Result<{ user: PublicUser }, 'invalid' | 'phone_taken' | 'rate_limited'>> {
  const fields: Record<string, string> = {};
  const phone = normalizePhone(input.phone ?? '');
  if (!phone) fields.phone = 'auth.phone.invalid';
  const displayName = (input.displayName ?? '').trim();
  if (!displayName) fields.displayName = 'auth.displayName.required';
  else if (displayName.length > DISPLAY_NAME_MAX) fields.displayName = 'auth.displayName.tooLong';
  const problem = passwordProblem(input.password ?? '', phone);
  if (problem) fields.password = problem;
  const birthYear = birthYearProblem(input.birthYear, now);
  if (birthYear) fields.birthYear = birthYear;
  if (input.consentVersion !== currentConsentVersion) fields.consent = 'auth.consent.required';
  if (Object.keys(fields).length > 0) return fail('invalid', 'form.invalid', { fields, params: { year: cityYear(now) } });
  const limited = limits ? await takeAttempt(db, 'signup', limits) : null;
  if (limited) return limited;

  const passwordHash = await hashPassword(input.password);
  try {
    const user = await db.transaction(async (tx) => {
      const [created] = await tx
        .insert(users)
        .values({ phone, displayName, passwordHash, role: 'resident', birthYear: input.birthYear as number })
        .returning({ id: users.id, displayName: users.displayName, role: users.role });
      await tx.insert(privacyConsents).values({ userId: created!.id, version: currentConsentVersion });
      return created!;
    });
    return { ok: true, user };
  } catch (error) {
    // The unique index decides a race between two registrations of one number.
    if (isUniqueViolation(error)) return fail('phone_taken', 'form.invalid', { fields: { phone: 'auth.phone.taken' } });
    throw error;
  }
}

export interface LoginAttempt {
  /** Phone number, or the login name of a demo/service account. */
  login: string;
  password: string;
  /** The client's address, for per-address throttling. */
  ip: string;
}

export type LoginFailureCode = 'invalid_credentials' | 'throttled' | 'disabled';

/**
 * Checks a login. Unknown accounts and wrong passwords give the same answer, in the same time,
 * and count against the same throttle, so that nothing tells which accounts exist.
 */
export async function authenticate(db: Db, attempt: LoginAttempt, secret: string, now = new Date()): Promise<Result<{ user: PublicUser }, LoginFailureCode>> {
  const login = (attempt.login ?? '').trim();
  const phone = normalizePhone(login);
  const loginKey = throttleKey('login', phone ?? login, secret);
  const ipKey = throttleKey('ip', attempt.ip, secret);
  const wait = Math.max(await secondsUntilAllowed(db, loginKey, now), await secondsUntilAllowed(db, ipKey, now));
  if (wait > 0) {
    return fail('throttled', 'auth.login.throttled', { params: { minutes: Math.ceil(wait / 60), seconds: wait } });
  }

  const [user] = login
    ? await db
        .select({ id: users.id, displayName: users.displayName, role: users.role, passwordHash: users.passwordHash, disabledAt: users.disabledAt })
        .from(users)
        .where(and(phone ? or(eq(users.phone, phone), eq(users.username, login)) : eq(users.username, login), isNull(users.closedAt)))
        .limit(1)
    : [];
  const valid = await verifyPasswordHash(user?.passwordHash ?? (await dummyPasswordHash()), attempt.password ?? '');
  if (!user || !valid) {
    await recordFailure(db, loginKey, accountLoginThrottle, now);
    await recordFailure(db, ipKey, ipLoginThrottle, now);
    return fail('invalid_credentials', 'auth.login.invalid');
  }
  // Only the account's counter resets: a success on one's own account must not wipe an address's record.
  await clearFailures(db, loginKey);
  // Said only to whoever knows the password: it reveals nothing to a guesser.
  if (user.disabledAt) return fail('disabled', 'auth.login.disabled');
  return { ok: true, user: { id: user.id, displayName: user.displayName, role: user.role } };
}

export async function changePassword(db: Db, userId: number, input: { currentPassword: string; newPassword: string }): Promise<Result<{}, 'invalid'>> {
  const [user] = await db.select({ passwordHash: users.passwordHash, phone: users.phone }).from(users).where(eq(users.id, userId));
  if (!user) return fail('invalid', 'form.invalid');
  if (!(await verifyPasswordHash(user.passwordHash, input.currentPassword ?? ''))) {
    return fail('invalid', 'form.invalid', { fields: { currentPassword: 'auth.password.wrongCurrent' } });
  }
  const problem = passwordProblem(input.newPassword ?? '', user.phone);
  if (problem) return fail('invalid', 'form.invalid', { fields: { newPassword: problem } });
  const passwordHash = await hashPassword(input.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, userId));
    // A changed password ends every session; the caller opens a fresh one for the person at the keyboard.
    await invalidateUserSessions(tx, userId);
  });
  return { ok: true };
}

export async function getUserProfile(db: Db, userId: number) {
  const [user] = await db
    .select({
      id: users.id,
      displayName: users.displayName,
      phone: users.phone,
      username: users.username,
      role: users.role,
      organizationName: users.organizationName,
      phoneVerifiedAt: users.phoneVerifiedAt,
      email: users.email,
      emailVerifiedAt: users.emailVerifiedAt,
      birthYear: users.birthYear,
      createdAt: users.createdAt,
      department: idAndNames(departments),
      gridCell: idAndNames(areas),
    })
    .from(users)
    .leftJoin(departments, eq(users.departmentId, departments.id))
    .leftJoin(areas, eq(users.gridCellId, areas.id))
    .where(eq(users.id, userId));
  if (!user) return null;
  const [consent] = await db
    .select({ version: privacyConsents.version, acceptedAt: privacyConsents.acceptedAt })
    .from(privacyConsents)
    .where(and(eq(privacyConsents.userId, userId), eq(privacyConsents.kind, 'privacy')))
    .orderBy(desc(privacyConsents.acceptedAt))
    .limit(1);
  return { ...user, consent: consent ?? null };
}

/**
 * Re-authentication before a sensitive step (the full ID number in an export, closing the account):
 * the account's password, counted against the same throttle as logging in with it.
 */
export async function confirmPassword(
  db: Db,
  userId: number,
  password: string,
  secret: string,
  now = new Date(),
): Promise<Result<{}, 'wrong_password' | 'throttled' | 'not_found'>> {
  const [user] = await db
    .select({ phone: users.phone, username: users.username, passwordHash: users.passwordHash })
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.closedAt)));
  if (!user) return fail('not_found', 'error.notFound');
  const key = throttleKey('login', user.phone ?? user.username ?? String(userId), secret);
  const wait = await secondsUntilAllowed(db, key, now);
  if (wait > 0) return fail('throttled', 'auth.login.throttled', { params: { minutes: Math.ceil(wait / 60), seconds: wait } });
  if (!(await verifyPasswordHash(user.passwordHash, password ?? ''))) {
    await recordFailure(db, key, accountLoginThrottle, now);
    return fail('wrong_password', 'form.invalid', { fields: { password: 'auth.password.wrongCurrent' } });
  }
  return { ok: true };
}
