/**
 * Volunteer forms (they work without JavaScript): parse, check can(), call the command, return its
 * result with the typed values. The pages read the results with Astro.getActionResult().
 */
import { defineAction } from 'astro:actions';
import { getDb } from '../lib/server/db';
import { forbidden, notFound } from '../lib/server/http/errors';
import { authorize } from '../lib/server/http/guard';
import {
  addManualHours,
  cancelShift,
  cancelSignup,
  certificateRequestTeams,
  checkInByHand,
  createCalendarToken,
  createProject,
  createShift,
  createTeam,
  isProjectType,
  issueRequestedCertificate,
  optionalDate,
  optionalNumber,
  positiveId,
  registerVolunteer,
  removeSignupByLeader,
  requestCertificate,
  revokeCertificate,
  revealIdNumber,
  revokeCalendarToken,
  reviewHours,
  setTeamMember,
  signUp,
  teamOfHours,
  teamRef,
  teamRefForProject,
  teamRefForShift,
  updateProject,
  updateShift,
  volunteerKeys,
  type ProjectInput,
} from '../lib/server/volunteers';
import { formText as text } from '../lib/server/http/input';

/** A datetime-local value is wall-clock time in China (UTC+8), whatever the server's zone. */
const localTime = (value: string) => (value ? optionalDate(`${value}:00+08:00`) : null);

/** The shift fields of the leader's forms, as typed (for redisplay) and parsed. */
function shiftFields(form: FormData) {
  const values = {
    startsAt: text(form, 'startsAt'),
    endsAt: text(form, 'endsAt'),
    capacity: text(form, 'capacity'),
    signupOpensAt: text(form, 'signupOpensAt'),
    signupClosesAt: text(form, 'signupClosesAt'),
    cancelCutoffHours: text(form, 'cancelCutoffHours'),
    requiredSkills: form.getAll('requiredSkills').map(String),
  };
  const cutoffHours = optionalNumber(values.cancelCutoffHours);
  const input = {
    startsAt: localTime(values.startsAt) ?? new Date(NaN),
    endsAt: localTime(values.endsAt) ?? new Date(NaN),
    capacity: Number(values.capacity),
    requiredSkills: values.requiredSkills,
    signupOpensAt: values.signupOpensAt ? (localTime(values.signupOpensAt) ?? new Date(NaN)) : null,
    signupClosesAt: values.signupClosesAt ? (localTime(values.signupClosesAt) ?? new Date(NaN)) : null,
    ...(values.cancelCutoffHours !== '' && { cancelCutoffMinutes: cutoffHours === null ? NaN : Math.round(cutoffHours * 60) }),
  };
  return { values, input };
}

/** The project form: the place from the map (or typed coordinates), else the chosen community's middle. */
function projectFields(form: FormData) {
  const values = {
    teamId: text(form, 'teamId'),
    title: text(form, 'title'),
    type: text(form, 'type'),
    description: text(form, 'description'),
    address: text(form, 'address'),
    lat: text(form, 'lat'),
    lng: text(form, 'lng'),
    communityId: text(form, 'communityId'),
  };
  const input: ProjectInput = {
    teamId: positiveId(values.teamId) ?? 0,
    title: values.title,
    type: isProjectType(values.type) ? values.type : ('' as ProjectInput['type']),
    description: values.description,
    address: values.address,
    lat: optionalNumber(values.lat),
    lng: optionalNumber(values.lng),
    communityId: positiveId(values.communityId),
  };
  return { values, input };
}

async function shiftTeam(form: FormData) {
  const shiftId = positiveId(text(form, 'shiftId'));
  const team = shiftId ? await teamRefForShift(await getDb(), shiftId) : null;
  if (!team) throw notFound();
  return { shiftId: shiftId!, team };
}

export const volunteers = {
  register: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'volunteers.participate');
      const values = {
        realName: text(form, 'realName'),
        phone: text(form, 'phone'),
        communityId: text(form, 'communityId'),
        skills: form.getAll('skills').map(String),
        availability: form.getAll('availability').map(String),
      };
      const result = await registerVolunteer(
        await getDb(),
        user,
        { ...values, idNumber: text(form, 'idNumber'), communityId: positiveId(values.communityId) ?? 0 },
        volunteerKeys(),
        context.locals.requestId,
      );
      return result.ok ? result : { ...result, values };
    },
  }),

  signUp: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'volunteers.participate');
      const shiftId = positiveId(text(form, 'shiftId'));
      if (!shiftId) throw notFound();
      return signUp(await getDb(), user.id, shiftId);
    },
  }),

  cancel: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'volunteers.participate');
      const shiftId = positiveId(text(form, 'shiftId'));
      if (!shiftId) throw notFound();
      return cancelSignup(await getDb(), user.id, shiftId);
    },
  }),

  attendance: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const { shiftId, team } = await shiftTeam(form);
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      const volunteerId = positiveId(text(form, 'volunteerId')) ?? 0;
      const db = await getDb();
      if (text(form, 'op') === 'remove') return removeSignupByLeader(db, leader, shiftId, volunteerId, context.locals.requestId);
      return checkInByHand(db, leader, shiftId, volunteerId, text(form, 'op') === 'out' ? 'out' : 'in', context.locals.requestId);
    },
  }),

  reviewHours: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const hoursId = positiveId(text(form, 'hoursId'));
      const teamId = hoursId ? await teamOfHours(db, hoursId) : null;
      const team = teamId ? await teamRef(db, teamId) : null;
      if (!team) throw notFound();
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      const minutesText = text(form, 'minutes');
      return reviewHours(
        db,
        leader,
        hoursId!,
        { decision: text(form, 'decision') === 'reject' ? 'reject' : 'approve', minutes: minutesText === '' ? null : Number(minutesText), reason: text(form, 'reason') },
        context.locals.requestId,
      );
    },
  }),

  addHours: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const projectId = positiveId(text(form, 'projectId'));
      const team = projectId ? await teamRefForProject(db, projectId) : null;
      if (!team) throw notFound();
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      const values = { volunteerId: text(form, 'volunteerId'), servedOn: text(form, 'servedOn'), minutes: text(form, 'minutes'), reason: text(form, 'reason') };
      const result = await addManualHours(
        db,
        leader,
        { volunteerId: positiveId(values.volunteerId) ?? 0, projectId: projectId!, servedOn: values.servedOn, minutes: Number(values.minutes), reason: values.reason },
        context.locals.requestId,
      );
      return result.ok ? result : { ...result, values };
    },
  }),

  createShift: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const projectId = positiveId(text(form, 'projectId'));
      const team = projectId ? await teamRefForProject(db, projectId) : null;
      if (!team) throw notFound();
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      const { values, input } = shiftFields(form);
      const result = await createShift(db, leader, { projectId: projectId!, ...input }, context.locals.requestId);
      return result.ok ? result : { ...result, values: { ...values, projectId: text(form, 'projectId') } };
    },
  }),

  updateShift: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const { shiftId, team } = await shiftTeam(form);
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      const { values, input } = shiftFields(form);
      const result = await updateShift(await getDb(), leader, shiftId, input, context.locals.requestId);
      return result.ok ? result : { ...result, values };
    },
  }),

  cancelShift: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const { shiftId, team } = await shiftTeam(form);
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      return cancelShift(await getDb(), leader, shiftId, { reason: text(form, 'reason') }, context.locals.requestId);
    },
  }),

  createProject: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const { values, input } = projectFields(form);
      const team = input.teamId ? await teamRef(db, input.teamId) : null;
      if (!team) throw notFound();
      const leader = authorize(context.locals, 'volunteers.team.manage', team);
      const result = await createProject(db, leader, input, context.locals.requestId);
      return result.ok ? result : { ...result, values };
    },
  }),

  updateProject: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const projectId = positiveId(text(form, 'projectId'));
      const current = projectId ? await teamRefForProject(db, projectId) : null;
      const { values, input } = projectFields(form);
      const next = input.teamId ? await teamRef(db, input.teamId) : null;
      if (!current || !next) throw notFound();
      // Both the project's team and the one it moves to must be the leader's.
      authorize(context.locals, 'volunteers.team.manage', next);
      const leader = authorize(context.locals, 'volunteers.team.manage', current);
      const result = await updateProject(db, leader, projectId!, input, context.locals.requestId);
      return result.ok ? result : { ...result, values };
    },
  }),

  calendarFeed: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'volunteers.participate');
      const db = await getDb();
      if (text(form, 'op') === 'revoke') {
        await revokeCalendarToken(db, user.id);
        return { ok: true as const, token: null };
      }
      return { ok: true as const, token: await createCalendarToken(db, user.id) };
    },
  }),

  requestCertificate: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const user = authorize(context.locals, 'volunteers.participate');
      const values = { periodFrom: text(form, 'periodFrom'), periodTo: text(form, 'periodTo') };
      const result = await requestCertificate(await getDb(), user, values, context.locals.locale, context.locals.requestId);
      return result.ok ? result : { ...result, values };
    },
  }),

  issueCertificate: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const requestId = positiveId(text(form, 'requestId'));
      const covering = requestId ? await certificateRequestTeams(db, requestId) : null;
      if (!covering) throw notFound();
      const issuer = authorize(context.locals, 'volunteers.certificate.issue', covering);
      return issueRequestedCertificate(db, issuer, requestId!, context.locals.locale, context.locals.requestId);
    },
  }),

  revokeCertificate: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const admin = authorize(context.locals, 'volunteers.certificate.revoke');
      const certificateId = positiveId(text(form, 'certificateId'));
      if (!certificateId) throw notFound();
      return revokeCertificate(await getDb(), admin, certificateId, { reason: text(form, 'reason') }, context.locals.requestId);
    },
  }),

  revealIdNumber: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const admin = authorize(context.locals, 'volunteers.idNumber.reveal');
      const volunteerId = positiveId(text(form, 'volunteerId'));
      const idNumber = volunteerId ? await revealIdNumber(await getDb(), admin, volunteerId, volunteerKeys(), context.locals.requestId) : null;
      if (!idNumber) throw notFound();
      return { ok: true as const, volunteerId, idNumber };
    },
  }),

  createTeam: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const admin = authorize(context.locals, 'volunteers.administer');
      return createTeam(await getDb(), admin, { name: text(form, 'name'), organization: text(form, 'organization'), description: text(form, 'description') }, context.locals.requestId);
    },
  }),

  setTeamMember: defineAction({
    accept: 'form',
    handler: async (form: FormData, context) => {
      const db = await getDb();
      const teamId = positiveId(text(form, 'teamId'));
      const team = teamId ? await teamRef(db, teamId) : null;
      if (!team) throw notFound();
      const actor = authorize(context.locals, 'volunteers.team.manage', team);
      const role = text(form, 'role') === 'leader' ? 'leader' : 'member';
      // Appointing leaders is for admins; leaders manage members.
      if (role === 'leader' && actor.role !== 'admin') throw forbidden();
      return setTeamMember(db, actor, teamId!, { volunteerNumber: text(form, 'volunteerNumber'), role }, context.locals.requestId);
    },
  }),
};
