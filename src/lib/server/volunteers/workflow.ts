/** A sign-up's states and who moves it between them; the commands consult this table. */
import type { SignupStatus } from '../../../../db/schema';

export type SignupEvent = 'signUp' | 'cancel' | 'promote' | 'markNoShow';
/** 'none' is a volunteer without a row for the shift. */
type From = SignupStatus | 'none';

export const SIGNUP_TRANSITIONS: Record<SignupEvent, { from: readonly From[]; to: readonly SignupStatus[]; by: string }> = {
  /** To confirmed while seats remain, else to the end of the waitlist. */
  signUp: { from: ['none', 'cancelled'], to: ['confirmed', 'waitlisted'], by: 'the volunteer, while sign-up is open' },
  /** The volunteer until the cut-off (waitlisted: any time before the start); a leader of the team at any time. */
  cancel: { from: ['confirmed', 'waitlisted'], to: ['cancelled'], by: 'the volunteer or a team leader' },
  /** The first on the waitlist, when a seat frees up. */
  promote: { from: ['waitlisted'], to: ['confirmed'], by: 'the system' },
  /** Confirmed but never checked in, once the shift has ended. */
  markNoShow: { from: ['confirmed'], to: ['no_show'], by: 'the system' },
};

export function canTransition(event: SignupEvent, from: From): boolean {
  return SIGNUP_TRANSITIONS[event].from.includes(from);
}
