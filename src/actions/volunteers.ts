/**
 * Volunteer forms (they work without JavaScript): parse, check can(), call the command, return its
 * result with the typed values. The pages read the results with Astro.getActionResult().
 */
import type { Db } from '../../db/client';
import { getDb } from '../lib/server/db';
import { forbidden, notFound } from '../lib/server/http/errors';
import { authorize } from '../lib/server/http/guard';
import type { z } from '../lib/server/http/schema';
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
  issueRequestedCertificate,
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
import * as inputs from '../lib/server/volunteers/inputs';
import { authorizedFormAction, formAction } from './form';
import { parseCityDateTime } from '../lib/server/time';
import { submitterOf } from '../lib/server/limits';

/** A datetime-local value (already a real one: the schema checked it) is wall-clock time in the city. */
const localTime = (value: string) => parseCityDateTime(value) ?? new Date(Number.NaN);

type ShiftForm = z.output<typeof inputs.createShiftForm>;

/** The command's shift fields from the leader's parsed form (the cut-off typed in hours). */
function shiftOf(input: Omit<ShiftForm, 'projectId'>) {
  return {
    startsAt: localTime(input.startsAt),
    endsAt: localTime(input.endsAt),
    capacity: input.capacity,
    requiredSkills: input.requiredSkills ?? [],
    signupOpensAt: input.signupOpensAt ? localTime(input.signupOpensAt) : null,
    signupClosesAt: input.signupClosesAt ? localTime(input.signupClosesAt) : null,
    ...(input.cancelCutoffHours !== undefined && { cancelCutoffMinutes: Math.round(input.cancelCutoffHours * 60) }),
  };
}

/** The project form: the place from the map (or typed coordinates), else the chosen community's middle. */
function projectOf(input: z.output<typeof inputs.createProjectInput>): ProjectInput {
  return { ...input, description: input.description ?? '', address: input.address ?? '', lat: input.lat ?? null, lng: input.lng ?? null, communityId: input.communityId ?? null };
}

/** What the form typed in the named fields, for redisplay beside a refusal of the command. */
function typed<const N extends string>(form: FormData, names: readonly N[]): Record<N, string> {
  return Object.fromEntries(names.map((name) => [name, String(form.get(name) ?? '')])) as Record<N, string>;
}
const SHIFT_FIELDS = ['startsAt', 'endsAt', 'capacity', 'signupOpensAt', 'signupClosesAt', 'cancelCutoffHours'] as const;
const PROJECT_FIELDS = ['teamId', 'title', 'type', 'description', 'address', 'lat', 'lng', 'communityId'] as const;

/** What `lookup` finds for an id: a 404 when it finds nothing. */
async function namedRecord<T>(db: Db, id: number, lookup: (db: Db, id: number) => Promise<T | null>) {
  const record = await lookup(db, id);
  if (!record) throw notFound();
  return record;
}

/** The team leader of the shift: 404 for no such shift, 403 for another team's. */
async function shiftLeader(shiftId: number, locals: App.Locals) {
  return authorize(locals, 'volunteers.team.manage', await namedRecord(await getDb(), shiftId, teamRefForShift));
}

/** The team leader of the project: 404 for no such project, 403 for another team's. */
async function projectLeader(db: Db, projectId: number, locals: App.Locals) {
  return authorize(locals, 'volunteers.team.manage', await namedRecord(db, projectId, teamRefForProject));
}

/** A volunteer's own sign-up and its cancellation: the same form, another command. */
function ownShiftAction<T>(command: (db: Db, userId: number, shiftId: number) => Promise<T>) {
  return authorizedFormAction('volunteers.participate', inputs.shiftRef, async (input, user) => command(await getDb(), user.id, input.shiftId));
}

export const volunteers = {
  register: authorizedFormAction('volunteers.participate', inputs.registerVolunteerInput, async (input, user, context) => {
    const result = await registerVolunteer(
      await getDb(),
      user,
      { ...input, skills: input.skills ?? [], availability: input.availability ?? [] },
      volunteerKeys(),
      context.locals.requestId,
      new Date(),
      submitterOf(context.locals),
    );
    const values = { realName: input.realName, phone: input.phone, communityId: String(input.communityId), skills: input.skills ?? [], availability: input.availability ?? [] };
    return result.ok ? result : { ...result, values };
  }),

  signUp: ownShiftAction(signUp),

  cancel: ownShiftAction(cancelSignup),

  attendance: formAction(inputs.attendanceForm, async (input, context) => {
    const leader = await shiftLeader(input.shiftId, context.locals);
    const db = await getDb();
    if (input.op === 'remove') return removeSignupByLeader(db, leader, input.shiftId, input.volunteerId, context.locals.requestId);
    return checkInByHand(db, leader, input.shiftId, input.volunteerId, input.op === 'out' ? 'out' : 'in', context.locals.requestId);
  }),

  reviewHours: formAction(inputs.reviewHoursForm, async (input, context) => {
    const db = await getDb();
    const team = await namedRecord(db, input.hoursId, async (db, id) => {
      const teamId = await teamOfHours(db, id);
      return teamId ? teamRef(db, teamId) : null;
    });
    const leader = authorize(context.locals, 'volunteers.team.manage', team);
    return reviewHours(
      db,
      leader,
      input.hoursId,
      { decision: input.decision === 'reject' ? 'reject' : 'approve', minutes: input.minutes ?? null, reason: input.reason ?? '' },
      context.locals.requestId,
    );
  }),

  addHours: formAction(inputs.addHoursForm, async (input, context, form) => {
    const db = await getDb();
    const leader = await projectLeader(db, input.projectId, context.locals);
    const result = await addManualHours(db, leader, { ...input, from: input.from ?? '', to: input.to ?? '', reason: input.reason ?? '' }, context.locals.requestId);
    return result.ok ? result : { ...result, values: typed(form, ['volunteerId', 'servedOn', 'from', 'to', 'reason']) };
  }),

  createShift: formAction(inputs.createShiftForm, async (input, context, form) => {
    const db = await getDb();
    const leader = await projectLeader(db, input.projectId, context.locals);
    const result = await createShift(db, leader, { projectId: input.projectId, ...shiftOf(input) }, context.locals.requestId);
    return result.ok ? result : { ...result, values: { ...typed(form, [...SHIFT_FIELDS, 'projectId']), requiredSkills: input.requiredSkills ?? [] } };
  }),

  updateShift: formAction(inputs.updateShiftForm, async (input, context, form) => {
    const leader = await shiftLeader(input.shiftId, context.locals);
    const result = await updateShift(await getDb(), leader, input.shiftId, shiftOf(input), context.locals.requestId);
    return result.ok ? result : { ...result, values: { ...typed(form, SHIFT_FIELDS), requiredSkills: input.requiredSkills ?? [] } };
  }),

  cancelShift: formAction(inputs.cancelShiftForm, async (input, context) => {
    const leader = await shiftLeader(input.shiftId, context.locals);
    return cancelShift(await getDb(), leader, input.shiftId, { reason: input.reason ?? '' }, context.locals.requestId);
  }),

  createProject: formAction(inputs.createProjectInput, async (input, context, form) => {
    const db = await getDb();
    const leader = authorize(context.locals, 'volunteers.team.manage', await namedRecord(db, input.teamId, teamRef));
    const result = await createProject(db, leader, projectOf(input), context.locals.requestId);
    return result.ok ? result : { ...result, values: typed(form, PROJECT_FIELDS) };
  }),

  updateProject: formAction(inputs.updateProjectForm, async (input, context, form) => {
    const db = await getDb();
    const current = await namedRecord(db, input.projectId, teamRefForProject);
    const next = await namedRecord(db, input.teamId, teamRef);
    // Both the project's team and the one it moves to must be the leader's.
    authorize(context.locals, 'volunteers.team.manage', next);
    const leader = authorize(context.locals, 'volunteers.team.manage', current);
    const { projectId, ...project } = input;
    const result = await updateProject(db, leader, projectId, projectOf(project), context.locals.requestId);
    return result.ok ? result : { ...result, values: typed(form, PROJECT_FIELDS) };
  }),

  calendarFeed: authorizedFormAction('volunteers.participate', inputs.calendarFeedForm, async (input, user) => {
    const db = await getDb();
    if (input.op === 'revoke') {
      await revokeCalendarToken(db, user.id);
      return { ok: true as const, token: null };
    }
    return { ok: true as const, token: await createCalendarToken(db, user.id) };
  }),

  requestCertificate: authorizedFormAction('volunteers.participate', inputs.requestCertificateForm, async (input, user, context) => {
    const result = await requestCertificate(await getDb(), user, input, context.locals.locale, context.locals.requestId);
    return result.ok ? result : { ...result, values: input };
  }),

  issueCertificate: formAction(inputs.issueCertificateForm, async (input, context) => {
    const db = await getDb();
    const covering = await namedRecord(db, input.requestId, certificateRequestTeams);
    const issuer = authorize(context.locals, 'volunteers.certificate.issue', covering);
    return issueRequestedCertificate(db, issuer, input.requestId, context.locals.locale, context.locals.requestId);
  }),

  revokeCertificate: authorizedFormAction('volunteers.certificate.revoke', inputs.revokeCertificateForm, async (input, admin, context) =>
    revokeCertificate(await getDb(), admin, input.certificateId, { reason: input.reason ?? '' }, context.locals.requestId),
  ),

  revealIdNumber: authorizedFormAction('volunteers.idNumber.reveal', inputs.revealIdNumberForm, async (input, admin, context) => {
    const idNumber = await revealIdNumber(await getDb(), admin, input.volunteerId, volunteerKeys(), context.locals.requestId);
    if (!idNumber) throw notFound();
    return { ok: true as const, volunteerId: input.volunteerId, idNumber };
  }),

  createTeam: authorizedFormAction('volunteers.administer', inputs.createTeamForm, async (input, admin, context) =>
    createTeam(await getDb(), admin, { name: input.name ?? '', organization: input.organization ?? '', description: input.description ?? '' }, context.locals.requestId),
  ),

  setTeamMember: formAction(inputs.setTeamMemberForm, async (input, context) => {
    const db = await getDb();
    const actor = authorize(context.locals, 'volunteers.team.manage', await namedRecord(db, input.teamId, teamRef));
    const role = input.role ?? 'member';
    // Appointing leaders is for admins; leaders manage members.
    if (role === 'leader' && actor.role !== 'admin') throw forbidden();
    return setTeamMember(db, actor, input.teamId, { volunteerNumber: input.volunteerNumber ?? '', role }, context.locals.requestId);
  }),
};
