/**
 * "Download my data" (PIPL art. 45): everything the portal holds about one person, as plain JSON,
 * dates in the city's time zone. Secrets are left out (password and code hashes, session ids,
 * calendar tokens, the ID number's cipher and hash, the address a ballot came from); the ID number
 * itself is masked unless the person has just re-entered their password. Ballots say which round,
 * never whom: they are secret. Built on request and never stored.
 */
import { and, asc, eq, gt, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  areaFollows,
  contactEmails,
  emailVerifications,
  nominationBallots,
  nominationPhotos,
  nominationRounds,
  nominations,
  notificationPreferences,
  notifications,
  privacyConsents,
  quizAttempts,
  quizCampaigns,
  reportFollowers,
  reportDevices,
  reportUpdates,
  contentFlags,
  pointAwards,
  pointProfiles,
  reportPhotos,
  reportRatings,
  reports,
  sessions,
  surveyAnswers,
  users,
  volunteerCertificateRequests,
  volunteerCertificates,
  volunteerHours,
  volunteerProjects,
  volunteerShifts,
  volunteerSignups,
  volunteerTeamMembers,
  volunteerTeams,
  volunteers,
} from '../../../../db/schema';
import { mediaUrl } from '../photos';
import { decryptIdNumber, volunteerKeys } from '../volunteers/secrets';
import { cityTimeZone } from '../time';
import { cityIso } from './time';

export const EXPORT_FORMAT = 'wenming-personal-data/1';

export interface ExportOptions {
  /** The person re-entered their password just now: include the ID number in full. */
  revealIdNumber?: boolean;
  now?: Date;
}

export async function exportPersonalData(db: Db, userId: number, options: ExportOptions = {}) {
  const now = options.now ?? new Date();
  const [account] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), isNull(users.closedAt)));
  if (!account) return null;

  const consents = await db.select().from(privacyConsents).where(eq(privacyConsents.userId, userId)).orderBy(asc(privacyConsents.acceptedAt), asc(privacyConsents.id));
  const myReports = await db.select().from(reports).where(eq(reports.reporterId, userId)).orderBy(asc(reports.createdAt));
  const reportIds = myReports.map((r) => r.id);
  const photos = reportIds.length ? await db.select().from(reportPhotos).where(inArray(reportPhotos.reportId, reportIds)).orderBy(asc(reportPhotos.id)) : [];
  const devices = reportIds.length ? await db.select().from(reportDevices).where(inArray(reportDevices.reportId, reportIds)) : [];
  const follows = await db.select().from(reportFollowers).where(eq(reportFollowers.userId, userId)).orderBy(asc(reportFollowers.createdAt));
  const ratings = await db.select().from(reportRatings).where(eq(reportRatings.userId, userId)).orderBy(asc(reportRatings.createdAt));
  const updates = await db.select().from(reportUpdates).where(eq(reportUpdates.authorId, userId)).orderBy(asc(reportUpdates.id));
  const flags = await db.select().from(contentFlags).where(eq(contentFlags.userId, userId)).orderBy(asc(contentFlags.id));
  const points = await db.select().from(pointAwards).where(eq(pointAwards.userId, userId)).orderBy(asc(pointAwards.id));
  const [pointProfile] = await db.select().from(pointProfiles).where(eq(pointProfiles.userId, userId));
  const [volunteer] = await db.select().from(volunteers).where(eq(volunteers.userId, userId));
  const volunteerId = volunteer?.id ?? -1;
  const teams = await db
    .select({ team: volunteerTeams.name, role: volunteerTeamMembers.role, joinedAt: volunteerTeamMembers.joinedAt })
    .from(volunteerTeamMembers)
    .innerJoin(volunteerTeams, eq(volunteerTeams.id, volunteerTeamMembers.teamId))
    .where(eq(volunteerTeamMembers.volunteerId, volunteerId));
  const signups = await db
    .select({ signup: volunteerSignups, project: volunteerProjects.title, startsAt: volunteerShifts.startsAt, endsAt: volunteerShifts.endsAt })
    .from(volunteerSignups)
    .innerJoin(volunteerShifts, eq(volunteerShifts.id, volunteerSignups.shiftId))
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerShifts.projectId))
    .where(eq(volunteerSignups.volunteerId, volunteerId))
    .orderBy(asc(volunteerShifts.startsAt));
  const hours = await db
    .select({ hours: volunteerHours, project: volunteerProjects.title })
    .from(volunteerHours)
    .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
    .where(eq(volunteerHours.volunteerId, volunteerId))
    .orderBy(asc(volunteerHours.servedOn));
  const certificates = await db.select().from(volunteerCertificates).where(eq(volunteerCertificates.volunteerId, volunteerId)).orderBy(asc(volunteerCertificates.issuedAt));
  const certificateRequests = await db.select().from(volunteerCertificateRequests).where(eq(volunteerCertificateRequests.volunteerId, volunteerId));
  const myNominations = await db.select().from(nominations).where(eq(nominations.nominatorId, userId)).orderBy(asc(nominations.createdAt));
  const nominationIds = myNominations.map((n) => n.id);
  const nominationPhotoRows = nominationIds.length ? await db.select().from(nominationPhotos).where(inArray(nominationPhotos.nominationId, nominationIds)) : [];
  const ballots = await db
    .select({
      round: nominationRounds.title,
      roundId: nominationBallots.roundId,
      picks: nominationBallots.picks,
      castAt: nominationBallots.createdAt,
      discountedAt: nominationBallots.discountedAt,
    })
    .from(nominationBallots)
    .innerJoin(nominationRounds, eq(nominationRounds.id, nominationBallots.roundId))
    .where(eq(nominationBallots.userId, userId))
    .orderBy(asc(nominationBallots.createdAt));
  const attempts = await db
    .select({ attempt: quizAttempts, titleZh: quizCampaigns.titleZh, titleEn: quizCampaigns.titleEn })
    .from(quizAttempts)
    .innerJoin(quizCampaigns, eq(quizCampaigns.id, quizAttempts.campaignId))
    .where(eq(quizAttempts.userId, userId))
    .orderBy(asc(quizAttempts.startedAt));
  const attemptIds = attempts.map((a) => a.attempt.id);
  const survey = attemptIds.length ? await db.select().from(surveyAnswers).where(inArray(surveyAnswers.attemptId, attemptIds)) : [];
  const myNotifications = await db.select().from(notifications).where(eq(notifications.userId, userId)).orderBy(asc(notifications.createdAt));
  const myAreaFollows = await db.select().from(areaFollows).where(eq(areaFollows.userId, userId)).orderBy(asc(areaFollows.createdAt), asc(areaFollows.id));
  const myPreferences = await db
    .select()
    .from(notificationPreferences)
    .where(eq(notificationPreferences.userId, userId))
    .orderBy(asc(notificationPreferences.kind), asc(notificationPreferences.channel));
  const [contactEmail] = await db.select({ email: contactEmails.email }).from(contactEmails).where(eq(contactEmails.userId, userId));
  const pendingEmails = await db
    .select({ email: emailVerifications.email, sentAt: emailVerifications.createdAt, expiresAt: emailVerifications.expiresAt })
    .from(emailVerifications)
    .where(and(eq(emailVerifications.userId, userId), isNull(emailVerifications.consumedAt), gt(emailVerifications.expiresAt, now)))
    .orderBy(asc(emailVerifications.createdAt));
  const mySessions = await db
    .select({ createdAt: sessions.createdAt, expiresAt: sessions.expiresAt })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(asc(sessions.createdAt));

  let idNumber: string | null = volunteer?.idNumberMasked ?? null;
  if (volunteer && options.revealIdNumber && volunteer.idNumberCipher) idNumber = decryptIdNumber(volunteerKeys(), volunteer.idNumberCipher);

  return {
    format: EXPORT_FORMAT,
    exportedAt: cityIso(now),
    timeZone: cityTimeZone,
    account: {
      id: account.id,
      displayName: account.displayName,
      phone: account.phone,
      phoneVerifiedAt: cityIso(account.phoneVerifiedAt),
      username: account.username,
      email: account.email,
      emailVerifiedAt: cityIso(account.emailVerifiedAt),
      /** An address an admin set up for messages only (staff), if any. */
      contactEmail: contactEmail?.email ?? null,
      /** An address added but not verified yet: it receives nothing but its link. */
      pendingEmail: pendingEmails.at(-1)
        ? { email: pendingEmails.at(-1)!.email, sentAt: cityIso(pendingEmails.at(-1)!.sentAt), expiresAt: cityIso(pendingEmails.at(-1)!.expiresAt) }
        : null,
      birthYear: account.birthYear,
      role: account.role,
      organizationName: account.organizationName,
      createdAt: cityIso(account.createdAt),
      updatedAt: cityIso(account.updatedAt),
    },
    consents: consents.map((c) => ({ kind: c.kind, version: c.version, detail: c.detail, acceptedAt: cityIso(c.acceptedAt), withdrawnAt: cityIso(c.withdrawnAt) })),
    reports: myReports.map((r) => ({
      id: r.id,
      categoryId: r.categoryId,
      description: r.description,
      status: r.status,
      lat: r.lat,
      lng: r.lng,
      createdAt: cityIso(r.createdAt),
      closedAt: cityIso(r.closedAt),
      // The keyed hash of the device it was filed from, while kept (privacy.retention.deviceDays).
      deviceHash: devices.find((d) => d.reportId === r.id)?.deviceHash ?? null,
      photos: photos
        .filter((p) => p.reportId === r.id)
        .map((p) => ({ stage: p.stage, url: mediaUrl(p.key), thumbnailUrl: mediaUrl(p.thumbnailKey), uploadedAt: cityIso(p.createdAt) })),
    })),
    follows: follows.map((f) => ({ reportId: f.reportId, followedAt: cityIso(f.createdAt) })),
    ratings: ratings.map((r) => ({ reportId: r.reportId, rating: r.rating, comment: r.comment, ratedAt: cityIso(r.createdAt) })),
    updates: updates.map((u) => ({
      reportId: u.reportId,
      text: u.body,
      mark: u.mark,
      status: u.status,
      photo: u.photoKey ? mediaUrl(u.photoKey) : null,
      hiddenReason: u.hiddenReason,
      createdAt: cityIso(u.createdAt),
    })),
    flags: flags.map((f) => ({ targetType: f.targetType, targetId: f.targetId, reason: f.reason, status: f.status, flaggedAt: cityIso(f.createdAt) })),
    points: {
      leaderboardName: pointProfile?.leaderboardName ?? null,
      awards: points.map((a) => ({ event: a.event, source: a.sourceKey, points: a.points, status: a.status, day: a.day, revokedReason: a.revokedReason })),
    },
    volunteer: volunteer
      ? {
          volunteerNumber: volunteer.volunteerNumber,
          realName: volunteer.realName,
          idNumber,
          idNumberMasked: !(options.revealIdNumber && volunteer.idNumberCipher),
          phone: volunteer.phone,
          communityId: volunteer.communityId,
          skills: volunteer.skills,
          availability: volunteer.availability,
          registeredAt: cityIso(volunteer.createdAt),
          teams: teams.map((t) => ({ team: t.team, role: t.role, joinedAt: cityIso(t.joinedAt) })),
          signups: signups.map(({ signup, project, startsAt, endsAt }) => ({
            project,
            startsAt: cityIso(startsAt),
            endsAt: cityIso(endsAt),
            status: signup.status,
            signedUpAt: cityIso(signup.signedUpAt),
            cancelledAt: cityIso(signup.cancelledAt),
            checkedInAt: cityIso(signup.checkedInAt),
            checkedOutAt: cityIso(signup.checkedOutAt),
          })),
          hours: hours.map(({ hours: h, project }) => ({
            project,
            servedOn: h.servedOn,
            minutes: h.minutes,
            approvedMinutes: h.approvedMinutes,
            status: h.status,
            reason: h.reason,
          })),
          certificates: certificates.map((c) => ({
            number: c.number,
            verificationCode: c.verificationCode,
            periodFrom: c.periodFrom,
            periodTo: c.periodTo,
            totalMinutes: c.totalMinutes,
            issuedAt: cityIso(c.issuedAt),
            revokedAt: cityIso(c.revokedAt),
          })),
          certificateRequests: certificateRequests.map((r) => ({ periodFrom: r.periodFrom, periodTo: r.periodTo })),
        }
      : null,
    nominations: myNominations.map((n) => ({
      id: n.id,
      nomineeName: n.nomineeName,
      category: n.category,
      story: n.story,
      contact: n.nominatorContact,
      evidence: n.evidence,
      status: n.status,
      officeMessage: n.officeMessage,
      createdAt: cityIso(n.createdAt),
      photos: nominationPhotoRows.filter((p) => p.nominationId === n.id).length,
    })),
    ballots: ballots.map((b) => ({ roundId: b.roundId, round: b.round, picks: b.picks, castAt: cityIso(b.castAt), discounted: b.discountedAt !== null })),
    quizAttempts: attempts.map(({ attempt, titleZh, titleEn }) => ({
      campaign: { zh: titleZh, en: titleEn },
      counted: attempt.counted,
      state: attempt.state,
      score: attempt.score,
      startedAt: cityIso(attempt.startedAt),
      submittedAt: cityIso(attempt.submittedAt),
      ageBand: attempt.ageBand,
      gender: attempt.gender,
      survey: survey.filter((s) => s.attemptId === attempt.id).map((s) => ({ item: s.item, value: s.value })),
    })),
    notifications: myNotifications.map((n) => ({
      kind: n.kind,
      messageKey: n.messageKey,
      params: n.params,
      link: n.link,
      createdAt: cityIso(n.createdAt),
      readAt: cityIso(n.readAt),
    })),
    subscriptions: {
      areas: myAreaFollows.map((f) => ({
        areaId: f.areaId,
        lat: f.lat,
        lng: f.lng,
        radiusM: f.radiusM,
        categories: f.categories,
        digest: f.digest,
        followedAt: cityIso(f.createdAt),
      })),
      preferences: myPreferences.map((p) => ({ kind: p.kind, channel: p.channel, enabled: p.enabled, updatedAt: cityIso(p.updatedAt) })),
    },
    sessions: mySessions.map((s) => ({ startedAt: cityIso(s.createdAt), expiresAt: cityIso(s.expiresAt) })),
  };
}

export type PersonalDataExport = NonNullable<Awaited<ReturnType<typeof exportPersonalData>>>;
