/**
 * THE report lifecycle, as data: every transition, who may make it, and what it needs. The
 * transition command (transition.ts) and the permission check (permissions.ts) both read this
 * table; nothing else changes a report's status.
 */
import type { ReportStatus } from '../../../../db/schema';

/**
 * Who acts: the civilization office (moderators and admins), the department the report is assigned
 * to, the grid worker of the report's cell, or the person who reported it.
 */
export type Party = 'office' | 'department' | 'grid' | 'reporter';

export interface Transition {
  from: ReportStatus;
  to: ReportStatus;
  by: readonly Party[];
  /** A note is required (a reason, or what was done). */
  needsNote?: boolean;
  /** A department (and a deadline, computed when not given) is set. */
  assigns?: boolean;
  /** At least one "after" photo, uploaded with the transition or before it. */
  needsAfterPhoto?: boolean;
  /** Only within this many working days of the assignment (退单). */
  withinWorkingDaysOfAssignment?: number;
  /** Made by a dedicated command (merge, rating), never through the generic transition form. */
  internal?: boolean;
}

export const TRANSITIONS: readonly Transition[] = [
  { from: 'submitted', to: 'accepted', by: ['office'] },
  { from: 'submitted', to: 'rejected', by: ['office'], needsNote: true },
  { from: 'submitted', to: 'merged', by: ['office'], internal: true },
  { from: 'accepted', to: 'assigned', by: ['office'], assigns: true },
  { from: 'accepted', to: 'rejected', by: ['office'], needsNote: true },
  { from: 'accepted', to: 'merged', by: ['office'], internal: true },
  { from: 'assigned', to: 'in_progress', by: ['department'] },
  { from: 'assigned', to: 'returned', by: ['department'], needsNote: true, withinWorkingDaysOfAssignment: 1 },
  { from: 'returned', to: 'assigned', by: ['office'], assigns: true },
  { from: 'returned', to: 'rejected', by: ['office'], needsNote: true },
  { from: 'in_progress', to: 'rectified', by: ['department'], needsNote: true, needsAfterPhoto: true },
  { from: 'rectified', to: 'closed', by: ['office', 'grid'] },
  { from: 'rectified', to: 'assigned', by: ['office', 'grid'], needsNote: true },
  { from: 'closed', to: 'disputed', by: ['reporter'], internal: true },
  { from: 'disputed', to: 'assigned', by: ['office'], assigns: true },
  { from: 'disputed', to: 'closed', by: ['office'], needsNote: true },
];

export function findTransition(from: ReportStatus, to: ReportStatus): Transition | null {
  return TRANSITIONS.find((transition) => transition.from === from && transition.to === to) ?? null;
}

/** Every status a report can move to from this one through the transition form. */
export function nextStatuses(from: ReportStatus): Transition[] {
  return TRANSITIONS.filter((transition) => transition.from === from && !transition.internal);
}

/** Statuses in which a report is still being handled (counted as duplicates, followable). */
export const OPEN_STATUSES: readonly ReportStatus[] = ['submitted', 'accepted', 'assigned', 'in_progress', 'returned', 'rectified', 'disputed'];

/** Statuses shown to the public (map, list, report page, Open311); the rest only to the reporter and staff. */
export const PUBLIC_STATUSES: readonly ReportStatus[] = ['accepted', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed'];

/** Statuses in which the deadline runs and supervision tickets apply. */
export const DEADLINE_STATUSES: readonly ReportStatus[] = ['assigned', 'in_progress'];

/** Open311's two statuses. */
export function open311Status(status: ReportStatus): 'open' | 'closed' {
  return status === 'closed' || status === 'rejected' || status === 'merged' ? 'closed' : 'open';
}

/** Days after closing during which the reporter may rate the handling. */
export const RATING_WINDOW_DAYS = 7;
