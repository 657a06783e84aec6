/** Who may do what with updates, flags and points (issue 21). */
import { hasRole, type Actor } from '../auth/permissions';

const office = (user: Actor | null): user is Actor => hasRole(user, 'moderator', 'admin');

export const communityPermissions = {
  /** Add an update to a public report (any signed-in person). */
  'update.add': (user: Actor | null) => user !== null,
  /** Approve held updates, hide updates with a reason, see "fixed" marks; work the flag queue. */
  'community.moderate': (user: Actor | null) => office(user),
  /** Flag a public item (any signed-in person; a pause for repeat false flaggers is checked in the command). */
  'flag.add': (user: Actor | null) => user !== null,
  /** See one's own points. */
  'points.own': (user: Actor | null) => user !== null,
  /** Set the points rules. */
  'points.configure': (user: Actor | null) => hasRole(user, 'admin'),
  /** Revoke points, release held ones, export the ledger of points for rewards. */
  'points.manage': (user: Actor | null) => office(user),
};
