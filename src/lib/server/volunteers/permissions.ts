import { hasRole, type Actor } from '../auth/permissions';

/** A team as permissions see it: the user ids of its leaders. */
export interface TeamRef {
  leaderUserIds: readonly number[];
}

const leads = (user: Actor | null, team: TeamRef) => user !== null && (user.role === 'admin' || team.leaderUserIds.includes(user.id));

export const volunteerPermissions = {
  /** Register as a volunteer, sign up for shifts, check in: any signed-in person. */
  'volunteers.participate': (user: Actor | null) => user !== null,
  /** Manage a team's members, projects (create, edit) and shifts (create, edit, cancel), check volunteers in by hand, approve hours. */
  'volunteers.team.manage': (user: Actor | null, team: TeamRef) => leads(user, team),
  /** The leader's workspace: anyone who leads at least one team, and admins. */
  'volunteers.lead': (user: Actor | null, leadership: { teamCount: number }) => user !== null && (user.role === 'admin' || leadership.teamCount > 0),
  /** Issue a requested certificate: a leader of a team whose hours it covers, or an admin. */
  'volunteers.certificate.issue': (user: Actor | null, covering: TeamRef) => leads(user, covering),
  /** Revoke an issued certificate (audited). */
  'volunteers.certificate.revoke': (user: Actor | null) => hasRole(user, 'admin'),
  /** Create teams and appoint leaders; list volunteers. */
  'volunteers.administer': (user: Actor | null) => hasRole(user, 'admin'),
  /** See a volunteer's ID number in full (audited). */
  'volunteers.idNumber.reveal': (user: Actor | null) => hasRole(user, 'admin'),
};
