/**
 * Who may do what with reports. Transitions are checked against the parties the workflow table
 * names (workflow.ts); everything else is declared here.
 */
import type { ReportStatus } from '../../../../db/schema';
import { hasRole, isStaff, type Actor } from '../auth/permissions';
import { PUBLIC_STATUSES, type Party, type Transition } from './workflow';

/** What a permission needs to know about a report. */
export interface ReportRef {
  status: ReportStatus;
  reporterId: number | null;
  departmentId: number | null;
  gridId: number | null;
}

export function isOffice(user: Actor | null): user is Actor {
  return hasRole(user, 'moderator', 'admin');
}

/** Whether the user acts as this party for this report. */
export function actsAs(user: Actor | null, party: Party, report: ReportRef): boolean {
  if (!user) return false;
  switch (party) {
    case 'office':
      return isOffice(user);
    case 'department':
      return user.role === 'department_staff' && user.departmentId !== null && user.departmentId === report.departmentId;
    case 'grid':
      return user.role === 'grid_worker' && user.gridCellId !== null && user.gridCellId === report.gridId;
    case 'reporter':
      return report.reporterId !== null && user.id === report.reporterId;
  }
}

/** Staff who handle this report: the office, its department, its grid worker. */
function handles(user: Actor | null, report: ReportRef): boolean {
  return actsAs(user, 'office', report) || actsAs(user, 'department', report) || actsAs(user, 'grid', report);
}

export const reportPermissions = {
  /** File a report (any signed-in person). */
  'report.submit': (user: Actor | null) => user !== null,
  /** File a report on behalf of a caller (创城热线). */
  'report.hotline': (user: Actor | null) => isOffice(user),
  /** Read a report: public ones by anyone; others by their reporter and the staff who handle them. */
  'report.read': (user: Actor | null, report: ReportRef) => PUBLIC_STATUSES.includes(report.status) || actsAs(user, 'reporter', report) || handles(user, report),
  /** See a report's private details (hotline caller, unblurred originals, private notes). */
  'report.readPrivate': (user: Actor | null, report: ReportRef) => handles(user, report),
  /** See the report's exact point (everyone else gets it rounded: public-point.ts): the staff who handle it and its reporter. */
  'report.readExactPoint': (user: Actor | null, report: ReportRef) => handles(user, report) || actsAs(user, 'reporter', report),
  /** See the reporter's or caller's phone unmasked (to call them back): administrators only; everyone else sees it masked. */
  'report.readContact': (user: Actor | null, report: ReportRef) => handles(user, report) && hasRole(user, 'admin'),
  /** Internal notes: read and written by the staff who handle the report, never by the reporter or the public. */
  'report.note': (user: Actor | null, report: ReportRef) => handles(user, report),
  /** Name the person who works on it: the office, or the department it is assigned to (within that department). */
  'report.assign': (user: Actor | null, report: ReportRef) => actsAs(user, 'office', report) || actsAs(user, 'department', report),
  /** Make one transition of the workflow table. */
  'report.transition': (user: Actor | null, target: { report: ReportRef; transition: Transition }) => target.transition.by.some((party) => actsAs(user, party, target.report)),
  /** "Me too": follow someone else's report. */
  'report.follow': (user: Actor | null, report: ReportRef) => user !== null && !actsAs(user, 'reporter', report),
  /** Rate the handling after closing. */
  'report.rate': (user: Actor | null, report: ReportRef) => actsAs(user, 'reporter', report),
  /** Merge duplicates, blur photos, bulk triage. */
  'report.moderate': (user: Actor | null) => isOffice(user),
  /** Open the staff report queues. */
  'report.queue': (user: Actor | null) => isStaff(user),
  /** Export the ledger (台账). */
  'report.ledger': (user: Actor | null) => isStaff(user),
  /** Issue and revoke Open311 keys; edit categories and the holiday calendar. */
  'report.configure': (user: Actor | null) => hasRole(user, 'admin'),
};
