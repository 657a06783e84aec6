/**
 * Input schemas of the accounts API and forms. They bound types and sizes and refuse control
 * characters and unknown fields; the commands give the domain's own messages (a mobile number's
 * format, a password's length), so the bounds here are wider than the rules there.
 */
import { ROLES } from '../../../../db/schema';
import { checkbox, hasControlCharacters, id, int, object, oneOf, optional, optionalText, text, z } from '../http/schema';
import { GUARDIAN_RELATIONS } from '../privacy/minors';

/** A string as typed, not trimmed (passwords keep their spaces), without control characters. */
const raw = (max: number) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? 'input.required' : 'input.type') })
    .max(max, { error: 'input.tooLong' })
    .refine((value) => !hasControlCharacters(value), { error: 'input.controlCharacters' });

export const registerInput = object({
  phone: raw(40),
  password: raw(1024),
  displayName: raw(200),
  birthYear: int(1000, 9999).meta({ description: "Year of birth (4 digits); under 14, volunteering and nominating need a guardian's consent", example: 1990 }),
  consentVersion: raw(40),
});

export const loginInput = object({
  login: raw(100).meta({ description: 'Phone number, or a demo account name' }),
  password: raw(1024),
});

export const confirmPhoneInput = object({ code: raw(20).meta({ description: 'The 6-digit code' }) });

const phone = text(20).meta({ description: 'Mainland China mobile number', example: '13800000001' });
const code = text(12).meta({ description: 'The 6-digit code from the SMS' });
const password = raw(1024);

export const passwordResetRequestInput = object({ phone });
export const passwordResetConfirmInput = object({ phone, code, newPassword: password });
export const displayNameInput = object({ displayName: text(60) });
export const phoneChangeRequestInput = object({ newPhone: phone, password });
export const phoneChangeConfirmInput = object({ code });
export const accountDisableInput = object({ userId: id(), disabled: checkbox() });
export const passwordOnlyInput = object({ password });
export const noticeAcceptInput = object({ accept: checkbox(), next: optionalText(500) });
export const guardianConsentInput = object({
  guardianName: text(60).meta({ description: "The guardian's name" }),
  relation: oneOf(GUARDIAN_RELATIONS),
  confirm: checkbox().meta({ description: 'The guardian confirms being the guardian and consents' }),
});
export const emailInput = object({ email: text(320).meta({ description: 'An e-mail address', example: 'name@example.com' }) });
export const emailVerifyInput = object({ token: text(100).meta({ description: 'The token from the verification link' }) });

// The account forms (src/actions/auth.ts, admin.ts): the API's schemas plus what only a form sends.

/** Registration: the API's fields and the consent box (the notice's version is sent only when it is ticked). */
export const registerForm = object({ ...registerInput.shape, birthYear: optional(int(0, 9999)), consentVersion: raw(40).optional(), consent: checkbox() });
export const changePasswordForm = object({ currentPassword: raw(1024), newPassword: raw(1024) });
/** The code, and the page to go back to afterwards. */
export const confirmPhoneForm = object({ code: raw(20), next: optionalText(500), demoCode: optionalText(6) });

/** An administrator's change of someone's role (the department or grid cell the role needs, or the organization). */
export const changeRoleForm = object({
  userId: id(),
  role: oneOf(ROLES),
  departmentId: optional(id()),
  gridCellId: optional(id()),
  organizationName: optionalText(200),
});
