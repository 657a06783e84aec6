/**
 * Volunteer forms (they work without JavaScript): parse, check can(), call the command, return its
 * result with the typed values. The pages read the results with Astro.getActionResult().
 */
import type { Db } from '../../db/client';
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
import { authorizedFormAction, formAction } from './form';
import { parseCityDateTime } from '../lib/server/time';
import { submitterOf } from '../lib/server/limits';

/** A datetime-local value is wall-clock time in the city, whatever the server's zone. */
const localTime = (value: string) => (value ? parseCityDateTime(value) : null);

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

/** The id in the form's `field` and what `lookup` finds for it: a 404 when the id is bad or finds nothing. */
async function namedRecord<T>(db: Db, form: FormData, field: string, lookup: (db: Db, id: number) => Promise<T | null>) {
  const id = positiveId(text(form, field));
  const record = id ? await lookup(db, id) : null;
  if (!record) throw notFound();
  return { id: id!, record };
}

/** The shift the form names and its team's leader: 404 for no such shift, 403 for another team's. */
async function shiftLeader(form: FormData, locals: App.Locals) {
  const { id, record: team } = await namedRecord(await getDb(), form, 'shiftId', teamRefForShift);
  return { shiftId: id, leader: authorize(locals, 'volunteers.team.manage', team) };
}

/** The project the form names and its team's leader: 404 for no such project, 403 for another team's. */
async function projectLeader(db: Db, form: FormData, locals: App.Locals) {
  const { id, record: team } = await namedRecord(db, form, 'projectId', teamRefForProject);
  return { projectId: id, leader: authorize(locals, 'volunteers.team.manage', team) };
}

/** A volunteer's own sign-up and its cancellation: the same form, another command. */
function ownShiftAction<T>(command: (db: Db, userId: number, shiftId: number) => Promise<T>) {
  return authorizedFormAction('volunteers.participate', async (form, user) => {
    const shiftId = positiveId(text(form, 'shiftId'));
    if (!shiftId) throw notFound();
    return command(await getDb(), user.id, shiftId);
  });
}

export const volunteers = {
  register: authorizedFormAction('volunteers.participate', async (form, user, context) => {
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
      { ...values, idNumber: text(form, 'idNumber'), communityId: positiveId(values.communityId) ?? 0, idNumberConsent: form.get('idNumberConsent') === 'on' },
      volunteerKeys(),
      context.locals.requestId,
      new Date(),
      submitterOf(context.locals),
    );
    return result.ok ? result : { ...result, values };
  }),

  signUp: ownShiftAction(signUp),

  cancel: ownShiftAction(cancelSignup),

  attendance: formAction(async (form, context) => {
    const { shiftId, leader } = await shiftLeader(form, context.locals);
    const volunteerId = positiveId(text(form, 'volunteerId')) ?? 0;
    const db = await getDb();
    if (text(form, 'op') === 'remove') return removeSignupByLeader(db, leader, shiftId, volunteerId, context.locals.requestId);
    return checkInByHand(db, leader, shiftId, volunteerId, text(form, 'op') === 'out' ? 'out' : 'in', context.locals.requestId);
  }),

  reviewHours: formAction(async (form, context) => {
    const db = await getDb();
    const { id: hoursId, record: team } = await namedRecord(db, form, 'hoursId', async (db, id) => {
      const teamId = await teamOfHours(db, id);
      return teamId ? teamRef(db, teamId) : null;
    });
    const leader = authorize(context.locals, 'volunteers.team.manage', team);
    const minutesText = text(form, 'minutes');
    return reviewHours(
      db,
      leader,
      hoursId,
      { decision: text(form, 'decision') === 'reject' ? 'reject' : 'approve', minutes: minutesText === '' ? null : Number(minutesText), reason: text(form, 'reason') },
      context.locals.requestId,
    );
  }),

  addHours: formAction(async (form, context) => {
    const db = await getDb();
    const { projectId, leader } = await projectLeader(db, form, context.locals);
    const values = { volunteerId: text(form, 'volunteerId'), servedOn: text(form, 'servedOn'), from: text(form, 'from'), to: text(form, 'to'), reason: text(form, 'reason') };
    const result = await addManualHours(
      db,
      leader,
      { volunteerId: positiveId(values.volunteerId) ?? 0, projectId, servedOn: values.servedOn, from: values.from, to: values.to, reason: values.reason },
      context.locals.requestId,
    );
    return result.ok ? result : { ...result, values };
  }),

  createShift: formAction(async (form, context) => {
    const db = await getDb();
    const { projectId, leader } = await projectLeader(db, form, context.locals);
    const { values, input } = shiftFields(form);
    const result = await createShift(db, leader, { projectId, ...input }, context.locals.requestId);
    return result.ok ? result : { ...result, values: { ...values, projectId: text(form, 'projectId') } };
  }),

  updateShift: formAction(async (form, context) => {
    const { shiftId, leader } = await shiftLeader(form, context.locals);
    const { values, input } = shiftFields(form);
    const result = await updateShift(await getDb(), leader, shiftId, input, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),

  cancelShift: formAction(async (form, context) => {
    const { shiftId, leader } = await shiftLeader(form, context.locals);
    return cancelShift(await getDb(), leader, shiftId, { reason: text(form, 'reason') }, context.locals.requestId);
  }),

  createProject: formAction(async (form, context) => {
    const db = await getDb();
    const { values, input } = projectFields(form);
    const team = input.teamId ? await teamRef(db, input.teamId) : null;
    if (!team) throw notFound();
    const leader = authorize(context.locals, 'volunteers.team.manage', team);
    const result = await createProject(db, leader, input, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),

  updateProject: formAction(async (form, context) => {
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
  }),

  calendarFeed: authorizedFormAction('volunteers.participate', async (form, user) => {
    const db = await getDb();
    if (text(form, 'op') === 'revoke') {
      await revokeCalendarToken(db, user.id);
      return { ok: true as const, token: null };
    }
    return { ok: true as const, token: await createCalendarToken(db, user.id) };
  }),

  requestCertificate: authorizedFormAction('volunteers.participate', async (form, user, context) => {
    const values = { periodFrom: text(form, 'periodFrom'), periodTo: text(form, 'periodTo') };
    const result = await requestCertificate(await getDb(), user, values, context.locals.locale, context.locals.requestId);
    return result.ok ? result : { ...result, values };
  }),

  issueCertificate: formAction(async (form, context) => {
    const db = await getDb();
    const { id: requestId, record: covering } = await namedRecord(db, form, 'requestId', certificateRequestTeams);
    const issuer = authorize(context.locals, 'volunteers.certificate.issue', covering);
    return issueRequestedCertificate(db, issuer, requestId, context.locals.locale, context.locals.requestId);
  }),

  revokeCertificate: authorizedFormAction('volunteers.certificate.revoke', async (form, admin, context) => {
    const certificateId = positiveId(text(form, 'certificateId'));
    if (!certificateId) throw notFound();
    return revokeCertificate(await getDb(), admin, certificateId, { reason: text(form, 'reason') }, context.locals.requestId);
  }),

  revealIdNumber: authorizedFormAction('volunteers.idNumber.reveal', async (form, admin, context) => {
    const volunteerId = positiveId(text(form, 'volunteerId'));
    const idNumber = volunteerId ? await revealIdNumber(await getDb(), admin, volunteerId, volunteerKeys(), context.locals.requestId) : null;
    if (!idNumber) throw notFound();
    return { ok: true as const, volunteerId, idNumber };
  }),

  createTeam: authorizedFormAction('volunteers.administer', async (form, admin, context) =>
    createTeam(await getDb(), admin, { name: text(form, 'name'), organization: text(form, 'organization'), description: text(form, 'description') }, context.locals.requestId),
  ),

  setTeamMember: formAction(async (form, context) => {
    const db = await getDb();
    const { id: teamId, record: team } = await namedRecord(db, form, 'teamId', teamRef);
    const actor = authorize(context.locals, 'volunteers.team.manage', team);
    const role = text(form, 'role') === 'leader' ? 'leader' : 'member';
    // Appointing leaders is for admins; leaders manage members.
    if (role === 'leader' && actor.role !== 'admin') throw forbidden();
    return setTeamMember(db, actor, teamId, { volunteerNumber: text(form, 'volunteerNumber'), role }, context.locals.requestId);
  }),
};
