import { describe, expect, it } from 'vitest';
import { signupOutcome, type SignupFacts } from '../../src/lib/server/volunteers/outcome';

const now = new Date('2026-12-04T12:00:00+08:00');
const past = new Date('2026-12-01T12:00:00+08:00');
const future = new Date('2026-12-10T12:00:00+08:00');
const base: SignupFacts = { status: 'confirmed', position: null, endsAt: past, shiftCancelledAt: null, checkedInAt: null, hours: null };

describe('what became of a sign-up', () => {
  it('gives the status before the shift, and the real outcome after it', () => {
    expect(signupOutcome({ ...base, endsAt: future }, now)).toMatchObject({ key: 'volunteers.signup.status.confirmed', tone: 'upcoming' });
    expect(signupOutcome({ ...base, endsAt: future, status: 'waitlisted', position: 2 }, now)).toMatchObject({
      key: 'volunteers.signup.status.waitlisted',
      params: { position: 2 },
    });
    expect(signupOutcome({ ...base, checkedInAt: past, hours: { minutes: 120, approvedMinutes: 90, status: 'approved' } }, now)).toEqual({
      key: 'volunteers.outcome.attended.approved',
      params: { hours: '1.5' },
      tone: 'done',
    });
    expect(signupOutcome({ ...base, checkedInAt: past, hours: { minutes: 120, approvedMinutes: null, status: 'pending' } }, now)).toMatchObject({
      key: 'volunteers.outcome.attended.pending',
      params: { hours: '2' },
    });
    expect(signupOutcome({ ...base, status: 'no_show' }, now)).toMatchObject({ key: 'volunteers.signup.status.no_show', tone: 'missed' });
    expect(signupOutcome({ ...base, status: 'cancelled' }, now)).toMatchObject({ key: 'volunteers.signup.status.cancelled', tone: 'cancelled' });
    expect(signupOutcome({ ...base, shiftCancelledAt: past }, now)).toMatchObject({ key: 'volunteers.outcome.shiftCancelled' });
    expect(signupOutcome({ ...base, status: 'waitlisted', position: 1 }, now)).toMatchObject({ key: 'volunteers.outcome.notPromoted' });
    expect(signupOutcome({ ...base, checkedInAt: past }, now)).toMatchObject({ key: 'volunteers.outcome.checkedIn', tone: 'pending' });
    // Never "signed up" for a shift that has ended.
    expect(signupOutcome(base, now).key).not.toBe('volunteers.signup.status.confirmed');
  });
});
