/**
 * 志愿服务记录证明 (志愿服务记录与证明出具办法: the organizer that recorded the hours issues it): requested by
 * the volunteer for a chosen period, issued from approved hours, with a certificate number and an
 * unguessable verification code (80 random bits) that anyone may check on the public page.
 */
import { randomBytes } from 'node:crypto';
import { and, count, eq, gte, inArray, lte, sql } from 'drizzle-orm';
import { preparedQuery, type Db } from '../../../../db/client';
import { volunteerCertificateRequests, volunteerCertificates, volunteerHours, volunteerProjects, volunteers, volunteerTeamMembers, volunteerTeams } from '../../../../db/schema';
import { notify } from '../notifications';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { getSetting } from '../settings';
import { maskName } from './idnumber';
import { cityDay, cityYear } from '../time';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** 16 characters of Crockford base32, shown in groups of four. */
export function newVerificationCode(): string {
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let code = '';
  for (let i = 0; i < 16; i++) code = CROCKFORD[Number((bits >> BigInt(i * 5)) & 31n)]! + code;
  return code;
}

/** As typed: spaces and dashes dropped, upper case, the letters people confuse mapped as Crockford does. */
export function normalizeVerificationCode(input: string): string {
  return input.replace(/[\s-]/g, '').toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
}

export function formatVerificationCode(code: string): string {
  return code.match(/.{1,4}/g)?.join('-') ?? code;
}

const isDay = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value));

type Period = { periodFrom: string; periodTo: string };

/** Approved minutes per project of a volunteer in a period, and how many records there are still undecided. */
async function periodHours(db: Db, volunteerId: number, period: Period) {
  const inPeriod = and(eq(volunteerHours.volunteerId, volunteerId), gte(volunteerHours.servedOn, period.periodFrom), lte(volunteerHours.servedOn, period.periodTo));
  const projects = await db
    .select({ title: volunteerProjects.title, minutes: sql<number>`sum(${volunteerHours.approvedMinutes})::int` })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .where(and(inPeriod, eq(volunteerHours.status, 'approved')))
    .groupBy(volunteerProjects.id, volunteerProjects.title)
    .orderBy(volunteerProjects.title);
  const [pending] = await db
    .select({ n: count() })
    .from(volunteerHours)
    .where(and(inPeriod, eq(volunteerHours.status, 'pending')));
  const list = projects.map((project) => ({ title: project.title, minutes: Number(project.minutes) }));
  return { projects: list, totalMinutes: list.reduce((sum, project) => sum + project.minutes, 0), pending: pending?.n ?? 0 };
}

async function insertCertificate(
  tx: Db,
  volunteer: typeof volunteers.$inferSelect,
  period: Period,
  hours: { projects: { title: string; minutes: number }[]; totalMinutes: number },
  issuer: string,
  issuedBy: number | null,
) {
  const [row] = await tx
    .insert(volunteerCertificates)
    .values({
      volunteerId: volunteer.id,
      // Filled in below from the id: ZM-<year>-<id>.
      number: `pending-${randomBytes(8).toString('hex')}`,
      verificationCode: newVerificationCode(),
      periodFrom: period.periodFrom,
      periodTo: period.periodTo,
      totalMinutes: hours.totalMinutes,
      projects: hours.projects,
      issuer,
      realName: volunteer.realName,
      idNumberMasked: volunteer.idNumberMasked,
      volunteerNumber: volunteer.volunteerNumber,
      issuedBy,
    })
    .returning({ id: volunteerCertificates.id, issuedAt: volunteerCertificates.issuedAt });
  const number = `ZM-${cityYear(row!.issuedAt)}-${String(row!.id).padStart(6, '0')}`;
  await tx.update(volunteerCertificates).set({ number }).where(eq(volunteerCertificates.id, row!.id));
  return { id: row!.id, number };
}

export type CertificateRequestOutcome = { status: 'issued'; certificate: { id: number; number: string } } | { status: 'requested'; request: { id: number }; pending: number };

/**
 * A volunteer asks for a certificate (志愿服务记录证明) for a period. When every hours record in the
 * period is decided (none pending), the system issues it at once in the name of the organization set
 * in the settings ('volunteers.certificateIssuer'). Otherwise the request waits for a leader of a team
 * whose hours it covers, or an admin, who issues it (see issueRequestedCertificate).
 */
export async function requestCertificate(
  db: Db,
  actor: Actor,
  input: Period,
  locale: 'zh-CN' | 'en' = 'zh-CN',
  requestId?: string,
): Promise<Result<CertificateRequestOutcome, 'invalid' | 'not_volunteer' | 'no_hours'>> {
  if (!isDay(input.periodFrom) || !isDay(input.periodTo) || input.periodFrom > input.periodTo) {
    return fail('invalid', 'form.invalid', { fields: { periodTo: 'volunteers.certificate.error.period' } });
  }
  const [volunteer] = await db.select().from(volunteers).where(eq(volunteers.userId, actor.id));
  if (!volunteer) return fail('not_volunteer', 'volunteers.signup.error.notVolunteer');
  const hours = await periodHours(db, volunteer.id, input);
  if (hours.totalMinutes === 0 && hours.pending === 0) return fail('no_hours', 'volunteers.certificate.error.noHours');
  const issuer = await getSetting(db, 'volunteers.certificateIssuer');
  return db.transaction(async (tx) => {
    if (hours.pending > 0) {
      const [request] = await tx
        .insert(volunteerCertificateRequests)
        .values({ volunteerId: volunteer.id, periodFrom: input.periodFrom, periodTo: input.periodTo })
        .returning({ id: volunteerCertificateRequests.id });
      return { ok: true as const, status: 'requested' as const, request: request!, pending: hours.pending };
    }
    const certificate = await insertCertificate(tx, volunteer, input, hours, locale === 'en' ? issuer.en : issuer.zh, null);
    await tx
      .insert(volunteerCertificateRequests)
      .values({ volunteerId: volunteer.id, periodFrom: input.periodFrom, periodTo: input.periodTo, status: 'issued', certificateId: certificate.id });
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.certificate.issue',
      targetType: 'volunteer_certificate',
      targetId: certificate.id,
      summary: { after: { number: certificate.number, totalMinutes: hours.totalMinutes, periodFrom: input.periodFrom, periodTo: input.periodTo, by: 'system' } },
      requestId: requestId ?? null,
    });
    return { ok: true as const, status: 'issued' as const, certificate };
  });
}

/** The teams whose projects hold hours of a request's volunteer in its period, with their leaders and organizations. */
export async function certificateRequestTeams(db: Db, requestId: number) {
  const [request] = await db.select().from(volunteerCertificateRequests).where(eq(volunteerCertificateRequests.id, requestId));
  if (!request) return null;
  const teams = await db
    .selectDistinct({ id: volunteerTeams.id, organization: volunteerTeams.organization })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerProjects.teamId))
    .where(and(eq(volunteerHours.volunteerId, request.volunteerId), gte(volunteerHours.servedOn, request.periodFrom), lte(volunteerHours.servedOn, request.periodTo)))
    .orderBy(volunteerTeams.id);
  const leaders = teams.length
    ? await db
        .select({ teamId: volunteerTeamMembers.teamId, userId: volunteers.userId })
        .from(volunteerTeamMembers)
        .innerJoin(volunteers, eq(volunteers.id, volunteerTeamMembers.volunteerId))
        .where(
          and(
            inArray(
              volunteerTeamMembers.teamId,
              teams.map((team) => team.id),
            ),
            eq(volunteerTeamMembers.role, 'leader'),
          ),
        )
    : [];
  return {
    request,
    teams: teams.map((team) => ({ ...team, leaderUserIds: leaders.filter((leader) => leader.teamId === team.id).map((leader) => leader.userId) })),
    /** For can(user, 'volunteers.certificate.issue', …): a leader of any of these teams. */
    leaderUserIds: [...new Set(leaders.map((leader) => leader.userId))],
  };
}

/**
 * A leader of a team whose hours the request covers (or an admin) issues it from the approved hours.
 * The issuing organization is the leader's team's (the organizer that recorded the hours); for an
 * admin, the one in the settings. The caller checks can(user, 'volunteers.certificate.issue', …).
 */
export async function issueRequestedCertificate(
  db: Db,
  actor: Actor,
  requestId: number,
  locale: 'zh-CN' | 'en' = 'zh-CN',
  auditRequestId?: string,
): Promise<Result<{ certificate: { id: number; number: string } }, 'not_found' | 'already_issued' | 'no_hours'>> {
  const covering = await certificateRequestTeams(db, requestId);
  if (!covering) return fail('not_found', 'error.notFound');
  const issuerSetting = await getSetting(db, 'volunteers.certificateIssuer');
  const ownTeam = covering.teams.find((team) => team.leaderUserIds.includes(actor.id));
  const issuer = actor.role !== 'admin' && ownTeam ? ownTeam.organization : locale === 'en' ? issuerSetting.en : issuerSetting.zh;
  return db.transaction(async (tx) => {
    const [request] = await tx.select().from(volunteerCertificateRequests).where(eq(volunteerCertificateRequests.id, requestId)).for('update');
    if (!request) return fail('not_found', 'error.notFound');
    if (request.status !== 'pending') return fail('already_issued', 'volunteers.certificate.error.alreadyIssued');
    const [volunteer] = await tx.select().from(volunteers).where(eq(volunteers.id, request.volunteerId));
    const hours = await periodHours(tx, request.volunteerId, request);
    if (hours.totalMinutes === 0) return fail('no_hours', 'volunteers.certificate.error.noHours');
    const certificate = await insertCertificate(tx, volunteer!, request, hours, issuer, actor.id);
    await tx.update(volunteerCertificateRequests).set({ status: 'issued', certificateId: certificate.id }).where(eq(volunteerCertificateRequests.id, requestId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.certificate.issue',
      targetType: 'volunteer_certificate',
      targetId: certificate.id,
      summary: { after: { number: certificate.number, totalMinutes: hours.totalMinutes, periodFrom: request.periodFrom, periodTo: request.periodTo, issuer, requestId } },
      requestId: auditRequestId ?? null,
    });
    await notify(tx, [volunteer!.userId], {
      kind: 'certificate.issued',
      messageKey: 'notification.certificate.issued',
      params: { number: certificate.number },
      link: `/volunteer/certificates/${certificate.id}`,
    });
    return { ok: true as const, certificate };
  });
}

/** Pending requests a user may issue: those covering hours of a team they lead (all, for an admin). */
export async function listCertificateRequests(db: Db, actor: Actor) {
  const pending = await db
    .select({
      id: volunteerCertificateRequests.id,
      periodFrom: volunteerCertificateRequests.periodFrom,
      periodTo: volunteerCertificateRequests.periodTo,
      requestedAt: volunteerCertificateRequests.requestedAt,
      realName: volunteers.realName,
      volunteerNumber: volunteers.volunteerNumber,
    })
    .from(volunteerCertificateRequests)
    .innerJoin(volunteers, eq(volunteers.id, volunteerCertificateRequests.volunteerId))
    .where(eq(volunteerCertificateRequests.status, 'pending'))
    .orderBy(volunteerCertificateRequests.requestedAt)
    .limit(100);
  const mine = [];
  for (const request of pending) {
    const covering = await certificateRequestTeams(db, request.id);
    if (actor.role === 'admin' || covering?.leaderUserIds.includes(actor.id)) mine.push(request);
  }
  return mine;
}

/** An admin revokes a certificate (audited); the public verification page then says so. */
export async function revokeCertificate(
  db: Db,
  actor: Actor,
  certificateId: number,
  input: { reason: string },
  requestId?: string,
  now = new Date(),
): Promise<Result<{}, 'invalid' | 'not_found' | 'already_revoked'>> {
  const reason = input.reason?.trim() ?? '';
  if (!reason || reason.length > 200) return fail('invalid', 'form.invalid', { fields: { reason: 'volunteers.certificate.error.revokeReason' } });
  return db.transaction(async (tx) => {
    const [certificate] = await tx.select().from(volunteerCertificates).where(eq(volunteerCertificates.id, certificateId)).for('update');
    if (!certificate) return fail('not_found', 'error.notFound');
    if (certificate.revokedAt) return fail('already_revoked', 'volunteers.certificate.error.alreadyRevoked');
    await tx.update(volunteerCertificates).set({ revokedAt: now, revokedBy: actor.id, revokeReason: reason }).where(eq(volunteerCertificates.id, certificateId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'volunteer.certificate.revoke',
      targetType: 'volunteer_certificate',
      targetId: certificateId,
      summary: { before: { number: certificate.number }, after: { revokedAt: now.toISOString(), reason } },
      requestId: requestId ?? null,
    });
    return { ok: true as const };
  });
}

function certificatesOfQuery(db: Db) {
  return db
    .select()
    .from(volunteerCertificates)
    .where(eq(volunteerCertificates.volunteerId, sql.placeholder('volunteerId')))
    .prepare('volunteer_certificates');
}

function pendingRequestsOfQuery(db: Db) {
  return db
    .select()
    .from(volunteerCertificateRequests)
    .where(and(eq(volunteerCertificateRequests.volunteerId, sql.placeholder('volunteerId')), eq(volunteerCertificateRequests.status, 'pending')))
    .prepare('volunteer_certificate_requests');
}

/** A volunteer's own certificates and their requests still waiting for a leader (queries prepared once per handle). */
export async function volunteerCertificatesOf(db: Db, volunteerId: number) {
  const [certificates, pendingRequests] = await Promise.all([
    preparedQuery(db, certificatesOfQuery).execute({ volunteerId }),
    preparedQuery(db, pendingRequestsOfQuery).execute({ volunteerId }),
  ]);
  return { certificates, pendingRequests };
}

export async function getCertificate(db: Db, id: number) {
  const [row] = await db
    .select({ certificate: volunteerCertificates, userId: volunteers.userId })
    .from(volunteerCertificates)
    .innerJoin(volunteers, eq(volunteers.id, volunteerCertificates.volunteerId))
    .where(eq(volunteerCertificates.id, id));
  return row ?? null;
}

/** What the public verification page may show: genuine or not, the masked name, the hours, validity. */
export async function verifyCertificate(db: Db, code: string) {
  const normalized = normalizeVerificationCode(code);
  if (!/^[0-9A-Z]{16}$/.test(normalized)) return null;
  const [row] = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.verificationCode, normalized));
  if (!row) return null;
  return {
    number: row.number,
    maskedName: maskName(row.realName),
    totalHours: Math.round((row.totalMinutes / 60) * 10) / 10,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    issuedOn: cityDay(row.issuedAt),
    valid: row.revokedAt === null,
  };
}
