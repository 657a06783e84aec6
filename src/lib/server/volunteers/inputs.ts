/**
 * Input schemas of the volunteers domain's API (the commands check the domain's rules: the ID
 * number's check character, overlaps, cut-offs; these bound what reaches them).
 */
import { AVAILABILITY, PROJECT_TYPES, SKILLS } from '../../../../db/schema';
import { districtRef } from '../city/inputs';
import {
  checkbox,
  date,
  dateTime,
  decimal,
  id,
  int,
  isRealDate,
  isSaneInstant,
  localDateTime,
  MAX_YEAR,
  MIN_YEAR,
  object,
  oneOf,
  optional,
  optionalText,
  text,
  z,
} from '../http/schema';
import { REAL_NAME_MAX } from './register';

export const projectType = () => oneOf(PROJECT_TYPES).meta({ id: 'ProjectType' });

/** Real-name registration. */
export const registerVolunteerInput = object({
  realName: text(REAL_NAME_MAX),
  idNumber: text(18).meta({ description: '18-character resident ID number' }),
  phone: text(20),
  communityId: id(),
  skills: z.array(oneOf(SKILLS)).max(SKILLS.length).optional(),
  availability: z.array(oneOf(AVAILABILITY)).max(AVAILABILITY.length).optional(),
  /** The separate consent to process the ID number (PIPL art. 29); the command refuses without it. */
  idNumberConsent: checkbox().meta({
    description: 'The separate consent to process the ID number for volunteer real-name registration; recorded with the notice version and time',
  }),
});

/** A new project of a team: the place by lat/lng, or else the middle of a community. */
export const createProjectInput = object({
  teamId: id(),
  title: text(60),
  type: projectType(),
  description: optionalText(2000),
  address: optionalText(200),
  lat: optional(decimal(-90, 90)),
  lng: optional(decimal(-180, 180)),
  communityId: optional(id()),
});

/** A scanned check-in code, with the phone's position when it gives one. */
export const checkinInput = object({
  token: text(200),
  lat: optional(decimal(-90, 90)),
  lng: optional(decimal(-180, 180)),
});

/** Cancelling a shift: the reason everyone signed up is told. */
export const cancelShiftInput = object({ reason: optionalText(500) });

// ---------------------------------------------------------------------------------------------
// The leaders' and volunteers' forms (src/actions/volunteers.ts) and the shift and project API.
// Bounds only: the commands give the domain's own messages (an end before the start, a capacity
// below one, a reason left empty), so required text is optional here and numbers are wide.

const MINUTES_MAX = 100_000;
const reason = () => optionalText(500);

/** A shift the form names: sign up, cancel one's own sign-up. */
export const shiftRef = object({ shiftId: id() });

/** The shift fields of the leader's form: datetime-local values in city time; the cut-off in hours. */
const shiftFormFields = {
  startsAt: localDateTime(),
  endsAt: localDateTime(),
  capacity: int(0, 10_000),
  requiredSkills: z.array(text(40)).max(20).optional(),
  signupOpensAt: optional(localDateTime()),
  signupClosesAt: optional(localDateTime()),
  cancelCutoffHours: optional(decimal(0, 24 * 90)),
};
export const createShiftForm = object({ projectId: id(), ...shiftFormFields });
export const updateShiftForm = object({ shiftId: id(), ...shiftFormFields });
export const cancelShiftForm = object({ shiftId: id(), reason: reason() });

/** A leader's check-in by hand, check-out, or removal of a volunteer from a shift. */
export const attendanceForm = object({ shiftId: id(), volunteerId: id(), op: optional(oneOf(['in', 'out', 'remove'])) });

export const reviewHoursForm = object({ hoursId: id(), decision: optional(oneOf(['approve', 'reject'])), minutes: optional(int(0, MINUTES_MAX)), reason: reason() });
/** Hours added by hand: one past day, from and to as HH:MM (the command checks the span). */
export const addHoursForm = object({ projectId: id(), volunteerId: id(), servedOn: date(), from: optionalText(5), to: optionalText(5), reason: reason() });

export const updateProjectForm = object({ projectId: id(), ...createProjectInput.shape });

export const calendarFeedForm = object({ op: optional(oneOf(['create', 'revoke'])) });
export const requestCertificateForm = object({ periodFrom: date(), periodTo: date() });
export const issueCertificateForm = object({ requestId: id() });
export const revokeCertificateForm = object({ certificateId: id(), reason: reason() });
export const revealIdNumberForm = object({ volunteerId: id() });
export const createTeamForm = object({ name: optionalText(60), organization: optionalText(100), description: optionalText(2000) });
export const setTeamMemberForm = object({ teamId: id(), volunteerNumber: optionalText(20), role: optional(oneOf(['member', 'leader'])) });

/** An instant (ISO 8601 with an offset) or a city day, YYYY-MM-DD. */
const instantOrDay = () =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.dateTime') })
    .trim()
    .refine((value) => isSaneInstant(value) || isRealDate(value), { error: 'input.dateTime' })
    .meta({ description: `An instant (ISO 8601 with an offset) or a day, YYYY-MM-DD (${MIN_YEAR}-${MAX_YEAR})` });

/** The public list of shifts. */
export const shiftListQuery = object({
  from: instantOrDay().optional().meta({ description: 'Shifts ending after this (default: now)' }),
  to: instantOrDay().optional().meta({ description: 'Shifts starting before this' }),
  bbox: z
    .string({ error: 'input.type' })
    .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { error: 'volunteers.api.error.bbox' })
    .optional()
    .meta({ description: 'west,south,east,north', example: '112.95,28.15,113.05,28.25' }),
  type: projectType().optional(),
  district: districtRef().optional(),
});

/** The API's shift: instants with an offset; the cut-off in minutes. */
const shiftApiFields = {
  startsAt: dateTime(),
  endsAt: dateTime(),
  capacity: int(0, 10_000),
  requiredSkills: z.array(text(40)).max(20).optional(),
  signupOpensAt: dateTime().nullable().optional(),
  signupClosesAt: dateTime().nullable().optional(),
  cancelCutoffMinutes: int(0, 24 * 90 * 60)
    .optional()
    .meta({ description: 'Confirmed volunteers may cancel until this many minutes before the start (default 180)' }),
};
export const createShiftInput = object({ projectId: id(), ...shiftApiFields });
/** Editing a shift: fields left out keep their values; null clears an optional instant. */
export const updateShiftInput = object({
  startsAt: dateTime().optional(),
  endsAt: dateTime().optional(),
  capacity: int(0, 10_000).optional(),
  requiredSkills: z.array(text(40)).max(20).optional(),
  signupOpensAt: dateTime().nullable().optional(),
  signupClosesAt: dateTime().nullable().optional(),
  cancelCutoffMinutes: int(0, 24 * 90 * 60).optional(),
});

/** Editing a project: fields left out keep their values; a new place is lat/lng or a community. */
export const updateProjectInput = object({
  teamId: id().optional(),
  title: text(60).optional(),
  type: projectType().optional(),
  description: text(2000, { min: 0 }).optional(),
  address: text(200, { min: 0 }).optional(),
  lat: optional(decimal(-90, 90)),
  lng: optional(decimal(-180, 180)),
  communityId: optional(id()),
});

/** GET /shifts/{id}/checkin-code?mode=: the check-in code, or the check-out one. */
export const checkinCodeQuery = object({ mode: oneOf(['in', 'out']).default('in') });

/** GET /certificates/{code}: a certificate's verification code as printed (spaces and dashes allowed). */
export const certificateParams = object({ code: text(40).meta({ example: 'ABCD-EFGH-JKLM-NPQR' }) });
