/**
 * Sessions as in the Lucia guide ("Basic session API"): a random token in the cookie, its SHA-256
 * as the stored id, 30 days that slide forward when half are used.
 */
import { createHash } from 'node:crypto';
import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding';
import type { AstroCookies } from 'astro';
import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { sessions, users } from '../../../../db/schema';
import type { Role } from '../../../../db/schema';

export const SESSION_COOKIE = 'session';
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_LIFETIME = 30 * DAY;

export interface Session {
  id: string;
  userId: number;
  expiresAt: Date;
}

/** What a request knows about its user; never the password hash. */
export interface SessionUser {
  id: number;
  displayName: string;
  phone: string | null;
  username: string | null;
  role: Role;
  departmentId: number | null;
  gridCellId: number | null;
  phoneVerified: boolean;
  /** The privacy notice version last accepted (null: none on record); a newer notice is asked for at once. */
  noticeVersion: string | null;
}

/** `unread`: the user's unread notices when the session was read (the header's count). */
export type SessionValidationResult = { session: Session; user: SessionUser; refreshed: boolean; unread: number } | { session: null; user: null };

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

/** The token's SHA-256 in hex (as the Lucia guide has it; node:crypto's native hash, read on every signed-in request). */
export function sessionIdFromToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export async function createSession(db: Db, token: string, userId: number, now = new Date()): Promise<Session> {
  const session: Session = { id: sessionIdFromToken(token), userId, expiresAt: new Date(now.getTime() + SESSION_LIFETIME) };
  await db.insert(sessions).values(session);
  return session;
}

/**
 * The one query every signed-in request makes: the session, its user, the privacy notice accepted and
 * the unread notices (for the header), built once per database handle and prepared (named), so a
 * request spends neither query building nor planning on it.
 */
function sessionQuery(db: Db) {
  return (
    db
      .select({
        session: { id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt },
        user: {
          id: users.id,
          displayName: users.displayName,
          phone: users.phone,
          username: users.username,
          role: users.role,
          departmentId: users.departmentId,
          gridCellId: users.gridCellId,
          phoneVerifiedAt: users.phoneVerifiedAt,
          noticeVersion: sql<
            string | null
          >`(select pc.version from privacy_consents pc where pc.user_id = ${users.id} and pc.kind = 'privacy' and pc.withdrawn_at is null order by pc.accepted_at desc, pc.id desc limit 1)`,
        },
        unread: sql<number>`(select count(*)::int from notifications n where n.user_id = ${users.id} and n.read_at is null)`.mapWith(Number),
      })
      .from(sessions)
      // A disabled or closed account's sessions are deleted with the change; the join refuses any left.
      .innerJoin(users, and(eq(sessions.userId, users.id), isNull(users.disabledAt), isNull(users.closedAt)))
      .where(eq(sessions.id, sql.placeholder('sessionId')))
      .prepare('session_validate')
  );
}

const preparedSessionQueries = new WeakMap<Db, ReturnType<typeof sessionQuery>>();

export async function validateSessionToken(db: Db, token: string, now = new Date()): Promise<SessionValidationResult> {
  const sessionId = sessionIdFromToken(token);
  let query = preparedSessionQueries.get(db);
  if (!query) {
    query = sessionQuery(db);
    preparedSessionQueries.set(db, query);
  }
  const [row] = await query.execute({ sessionId });
  if (!row) return { session: null, user: null };
  const { session } = row;
  if (now.getTime() >= session.expiresAt.getTime()) {
    await db.delete(sessions).where(eq(sessions.id, session.id));
    return { session: null, user: null };
  }
  let refreshed = false;
  if (now.getTime() >= session.expiresAt.getTime() - SESSION_LIFETIME / 2) {
    session.expiresAt = new Date(now.getTime() + SESSION_LIFETIME);
    await db.update(sessions).set({ expiresAt: session.expiresAt }).where(eq(sessions.id, session.id));
    refreshed = true;
  }
  const { phoneVerifiedAt, ...user } = row.user;
  return { session, user: { ...user, phoneVerified: phoneVerifiedAt !== null }, refreshed, unread: row.unread };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

export async function invalidateUserSessions(db: Db, userId: number): Promise<void> {
  await db.delete(sessions).where(eq(sessions.userId, userId));
}

export function setSessionTokenCookie(cookies: AstroCookies, token: string, expiresAt: Date, secure: boolean): void {
  cookies.set(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, expires: expiresAt, path: '/' });
}

export function deleteSessionTokenCookie(cookies: AstroCookies, secure: boolean): void {
  cookies.set(SESSION_COOKIE, '', { httpOnly: true, sameSite: 'lax', secure, maxAge: 0, path: '/' });
}
