/**
 * 志愿服务记录证明: issued from approved hours for a chosen period, with a certificate number and an
 * unguessable verification code (80 random bits) that anyone may check on the public page.
 */
import { randomBytes } from 'node:crypto';
import { and, eq, gte, lte, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { volunteerCertificates, volunteerHours, volunteerProjects, volunteers } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/permissions';
import { fail, type Result } from '../result';
import { getSetting } from '../settings';
import { maskName } from './idnumber';

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

export async function issueCertificate(
  db: Db,
  actor: Actor,
  input: { periodFrom: string; periodTo: string },
  locale: 'zh-CN' | 'en' = 'zh-CN',
  requestId?: string,
): Promise<Result<{ certificate: { id: number; number: string } }, 'invalid' | 'not_volunteer' | 'no_hours'>> {
  if (!isDay(input.periodFrom) || !isDay(input.periodTo) || input.periodFrom > input.periodTo) {
    return fail('invalid', 'form.invalid', { fields: { periodTo: 'volunteers.certificate.error.period' } });
  }
  const [volunteer] = await db.select().from(volunteers).where(eq(volunteers.userId, actor.id));
  if (!volunteer) return fail('not_volunteer', 'volunteers.signup.error.notVolunteer');
  const projects = await db
    .select({ title: volunteerProjects.title, minutes: sql<number>`sum(${volunteerHours.approvedMinutes})::int` })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .where(and(eq(volunteerHours.volunteerId, volunteer.id), eq(volunteerHours.status, 'approved'), gte(volunteerHours.servedOn, input.periodFrom), lte(volunteerHours.servedOn, input.periodTo)))
    .groupBy(volunteerProjects.id, volunteerProjects.title)
    .orderBy(volunteerProjects.title);
  const totalMinutes = projects.reduce((sum, project) => sum + Number(project.minutes), 0);
  if (totalMinutes === 0) return fail('no_hours', 'volunteers.certificate.error.noHours');
  const issuer = await getSetting(db, 'volunteers.certificateIssuer');
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(volunteerCertificates)
      .values({
        volunteerId: volunteer.id,
        // Filled in below from the id: ZM-<year>-<id>.
        number: `pending-${randomBytes(8).toString('hex')}`,
        verificationCode: newVerificationCode(),
        periodFrom: input.periodFrom,
        periodTo: input.periodTo,
        totalMinutes,
        projects: projects.map((project) => ({ title: project.title, minutes: Number(project.minutes) })),
        issuer: locale === 'en' ? issuer.en : issuer.zh,
        realName: volunteer.realName,
        idNumberMasked: volunteer.idNumberMasked,
        volunteerNumber: volunteer.volunteerNumber,
        issuedBy: actor.id,
      })
      .returning({ id: volunteerCertificates.id, issuedAt: volunteerCertificates.issuedAt });
    const number = `ZM-${row!.issuedAt.getFullYear()}-${String(row!.id).padStart(6, '0')}`;
    await tx.update(volunteerCertificates).set({ number }).where(eq(volunteerCertificates.id, row!.id));
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'volunteer.certificate.issue', targetType: 'volunteer_certificate', targetId: row!.id, summary: { after: { number, totalMinutes, periodFrom: input.periodFrom, periodTo: input.periodTo } }, requestId: requestId ?? null });
    return { ok: true as const, certificate: { id: row!.id, number } };
  });
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
    issuedOn: row.issuedAt.toISOString().slice(0, 10),
    valid: row.revokedAt === null,
  };
}
