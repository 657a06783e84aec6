/**
 * Who may do what with nominations and rounds. The office (文明办) is the moderators and admins;
 * stages (when) are the workflow's business, these rules say who.
 */
import type { NominationStatus } from '../../../../db/schema';
import { hasRole, type Actor } from '../auth/permissions';

const isOffice = (user: Actor | null): boolean => hasRole(user, 'moderator', 'admin');

export const nominationPermissions = {
  /** Nominate someone: any signed-in account (residents and organization accounts alike). */
  'nominations.create': (user: Actor | null) => user !== null,
  /** Edit one's own nomination after the office asked for more information. */
  'nominations.edit': (user: Actor | null, nomination: { nominatorId: number; status: NominationStatus }) =>
    user !== null && user.id === nomination.nominatorId && nomination.status === 'info_requested',
  /** See a nomination's private photos: the office, and the nominator who sent them. */
  'nominations.photo': (user: Actor | null, nomination: { nominatorId: number }) => isOffice(user) || (user !== null && user.id === nomination.nominatorId),
  /** See one's own nominations and their status. */
  'nominations.mine': (user: Actor | null) => user !== null,
  /** The office's queue: request information, accept, reject, record consent, edit stories, see private details. */
  'nominations.review': (user: Actor | null) => isOffice(user),
  /** Create rounds, change schedules, review flagged votes, shortlist, resolve objections, announce. */
  'rounds.manage': (user: Actor | null) => isOffice(user),
  /** Cast a ballot: a signed-in account (the command also requires a verified phone, with its own message). */
  'rounds.vote': (user: Actor | null) => user !== null,
  /** Object during the public notice: anyone, signed in or not (a contact is required). */
  'rounds.object': (_user: Actor | null) => true,
};
