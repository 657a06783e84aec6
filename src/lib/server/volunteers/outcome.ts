/**
 * What became of a sign-up, as the volunteer's page and the leader's roster say it: before the shift
 * its status (signed up, waitlisted), after it the real outcome (attended with hours, no-show,
 * cancelled, the shift itself cancelled), never "signed up" for a shift long past.
 */
import type { SignupStatus } from '../../../../db/schema';
import { formatHours } from './http';

export interface SignupFacts {
  status: SignupStatus;
  position: number | null;
  endsAt: Date;
  /** The shift was cancelled by its team. */
  shiftCancelledAt: Date | null;
  checkedInAt: Date | null;
  /** The hours the shift recorded for the volunteer (system source), once settled. */
  hours: { minutes: number | null; approvedMinutes: number | null; status: 'pending' | 'approved' | 'rejected' | null } | null;
}

export interface Outcome {
  /** i18n key under volunteers.outcome.* or volunteers.signup.status.* */
  key: string;
  params: Record<string, string | number>;
  /** For styling: done (attended), missed (no-show), cancelled, upcoming, pending (ended, not settled yet). */
  tone: 'done' | 'missed' | 'cancelled' | 'upcoming' | 'pending';
}

export function signupOutcome(facts: SignupFacts, now: Date = new Date()): Outcome {
  if (facts.shiftCancelledAt) return { key: 'volunteers.outcome.shiftCancelled', params: {}, tone: 'cancelled' };
  if (facts.status === 'cancelled') return { key: 'volunteers.signup.status.cancelled', params: {}, tone: 'cancelled' };
  if (facts.status === 'no_show') return { key: 'volunteers.signup.status.no_show', params: {}, tone: 'missed' };
  if (facts.endsAt.getTime() > now.getTime()) {
    return { key: `volunteers.signup.status.${facts.status}`, params: { position: facts.position ?? 0 }, tone: 'upcoming' };
  }
  if (facts.status === 'waitlisted') return { key: 'volunteers.outcome.notPromoted', params: {}, tone: 'cancelled' };
  const minutes = facts.hours ? (facts.hours.approvedMinutes ?? facts.hours.minutes) : null;
  if (facts.hours?.status && minutes !== null) {
    return { key: `volunteers.outcome.attended.${facts.hours.status}`, params: { hours: formatHours(minutes) }, tone: facts.hours.status === 'rejected' ? 'missed' : 'done' };
  }
  if (facts.checkedInAt) return { key: 'volunteers.outcome.checkedIn', params: {}, tone: 'pending' };
  return { key: 'volunteers.outcome.ended', params: {}, tone: 'pending' };
}
