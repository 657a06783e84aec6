import { describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../db/schema';
import { can, type Actor } from '../../src/lib/server/permissions';
import { ATTEMPT_TRANSITIONS, CAMPAIGN_TRANSITIONS, canTransition } from '../../src/lib/server/quizzes';

const actor = (role: Role, id = 1): Actor => ({ id, role, departmentId: role === 'department_staff' ? 1 : null, gridCellId: role === 'grid_worker' ? 1 : null });

describe('quiz and metrics permissions', () => {
  it('lets nobody logged out take a quiz, manage quizzes or read the dashboard', () => {
    expect(can(null, 'quiz.take')).toBe(false);
    expect(can(null, 'quiz.attempt', { userId: 1 })).toBe(false);
    expect(can(null, 'quiz.manage')).toBe(false);
    expect(can(null, 'metrics.dashboard')).toBe(false);
  });

  it.each(ROLES)('lets a %s take quizzes and see only their own attempts', (role) => {
    expect(can(actor(role, 5), 'quiz.take')).toBe(true);
    expect(can(actor(role, 5), 'quiz.attempt', { userId: 5 })).toBe(true);
    expect(can(actor(role, 5), 'quiz.attempt', { userId: 6 })).toBe(false);
  });

  it.each(ROLES)('keeps the bank and campaigns to admins, the dashboard to moderators and admins (%s)', (role) => {
    expect(can(actor(role), 'quiz.manage')).toBe(role === 'admin');
    expect(can(actor(role), 'metrics.dashboard')).toBe(role === 'moderator' || role === 'admin');
  });

  it('moves campaigns draft → open ⇄ closed by admins only, attempts to submitted by their respondent or expired by the system', () => {
    expect(canTransition(CAMPAIGN_TRANSITIONS, 'draft', 'open', 'admin')).toBe(true);
    expect(canTransition(CAMPAIGN_TRANSITIONS, 'open', 'draft', 'admin')).toBe(false);
    expect(canTransition(CAMPAIGN_TRANSITIONS, 'closed', 'open', 'admin')).toBe(true);
    expect(canTransition(ATTEMPT_TRANSITIONS, 'in_progress', 'submitted', 'respondent')).toBe(true);
    expect(canTransition(ATTEMPT_TRANSITIONS, 'submitted', 'submitted', 'respondent')).toBe(false);
    expect(canTransition(ATTEMPT_TRANSITIONS, 'in_progress', 'expired', 'respondent')).toBe(false);
  });
});
