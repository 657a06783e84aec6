import { describe } from 'vitest';
import { reportPermissions } from '../../src/lib/server/reports/permissions';
import { findTransition, type Transition } from '../../src/lib/server/reports/workflow';
import { ADMIN, EVERYONE, itAnswersTheRoleTable, OFFICE, SIGNED_IN, STAFF } from '../support/roles';

/** Someone else's report in the department and grid cell of the table's staff. */
const theirs = { status: 'submitted', reporterId: 2, departmentId: 1, gridId: 1 } as const;
/** The actor's own report, handled by another department and cell. */
const own = { status: 'submitted', reporterId: 1, departmentId: 2, gridId: 2 } as const;
const elsewhere = { ...theirs, departmentId: 2, gridId: 2 };
const move = (from: Parameters<typeof findTransition>[0], to: Parameters<typeof findTransition>[1]): Transition => findTransition(from, to)!;

describe('who may do what with reports', () => {
  itAnswersTheRoleTable(reportPermissions, {
    'report.submit': { allowed: SIGNED_IN },
    'report.hotline': { allowed: OFFICE },
    'report.read': [
      { when: 'a public report', record: { ...theirs, status: 'accepted' }, allowed: EVERYONE },
      { when: "someone else's new report in their department and cell", record: theirs, allowed: ['department_staff', 'grid_worker', ...OFFICE] },
      { when: 'their own new report', record: own, allowed: SIGNED_IN },
    ],
    'report.readPrivate': [
      { when: 'of a report they handle', record: theirs, allowed: ['department_staff', 'grid_worker', ...OFFICE] },
      { when: 'of a report handled elsewhere', record: elsewhere, allowed: OFFICE },
    ],
    'report.readExactPoint': [
      { when: 'of a report they handle', record: theirs, allowed: ['department_staff', 'grid_worker', ...OFFICE] },
      { when: 'of their own report', record: own, allowed: SIGNED_IN },
      { when: 'of a public report handled elsewhere', record: { ...elsewhere, status: 'accepted' }, allowed: OFFICE },
    ],
    'report.readContact': [
      { when: 'of a report they handle', record: theirs, allowed: ADMIN },
      { when: 'of a report handled elsewhere', record: elsewhere, allowed: ADMIN },
    ],
    'report.note': [
      { when: 'of a report they handle', record: theirs, allowed: ['department_staff', 'grid_worker', ...OFFICE] },
      { when: 'of a report handled elsewhere', record: elsewhere, allowed: OFFICE },
      { when: 'of their own report', record: own, allowed: OFFICE },
    ],
    'report.assign': [
      { when: 'of a report of their department', record: theirs, allowed: ['department_staff', ...OFFICE] },
      { when: 'of a report of another department', record: elsewhere, allowed: OFFICE },
    ],
    'report.transition': [
      { when: 'to accept a new report', record: { report: theirs, transition: move('submitted', 'accepted') }, allowed: OFFICE },
      {
        when: "to start work on their department's report",
        record: { report: { ...theirs, status: 'assigned' }, transition: move('assigned', 'in_progress') },
        allowed: ['department_staff'],
      },
      { when: "to start work on another department's report", record: { report: { ...elsewhere, status: 'assigned' }, transition: move('assigned', 'in_progress') }, allowed: [] },
      {
        when: 'to close a rectified report in their cell',
        record: { report: { ...theirs, status: 'rectified' }, transition: move('rectified', 'closed') },
        allowed: ['grid_worker', ...OFFICE],
      },
      { when: 'to dispute their own closed report', record: { report: { ...own, status: 'closed' }, transition: move('closed', 'disputed') }, allowed: SIGNED_IN },
    ],
    'report.follow': [
      { when: "someone else's report", record: theirs, allowed: SIGNED_IN },
      { when: 'their own report', record: own, allowed: [] },
    ],
    'report.rate': [
      { when: 'their own report', record: own, allowed: SIGNED_IN },
      { when: "someone else's report", record: theirs, allowed: [] },
    ],
    'report.moderate': { allowed: OFFICE },
    'report.queue': { allowed: STAFF },
    'report.ledger': { allowed: STAFF },
    'report.configure': { allowed: ADMIN },
  });
});
