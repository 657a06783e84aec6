/**
 * Input schemas of the volunteers domain's API (the commands check the domain's rules: the ID
 * number's check character, overlaps, cut-offs; these bound what reaches them).
 */
import { AVAILABILITY, PROJECT_TYPES, SKILLS } from '../../../../db/schema';
import { checkbox, decimal, id, object, oneOf, optional, optionalText, text, z } from '../http/schema';
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
  idNumberConsent: checkbox().meta({ description: 'The separate consent to process the ID number for volunteer real-name registration; recorded with the notice version and time' }),
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
