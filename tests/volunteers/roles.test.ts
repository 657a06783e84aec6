import { describe } from 'vitest';
import { volunteerPermissions } from '../../src/lib/server/volunteers/permissions';
import { ADMIN, itAnswersTheRoleTable, SIGNED_IN } from '../support/roles';

const theirTeam = { leaderUserIds: [1] };
const otherTeam = { leaderUserIds: [2] };

describe('who may do what with volunteer service', () => {
  itAnswersTheRoleTable(volunteerPermissions, {
    'volunteers.participate': { allowed: SIGNED_IN },
    'volunteers.team.manage': [
      { when: 'for a team they lead', record: theirTeam, allowed: SIGNED_IN },
      { when: 'for a team others lead', record: otherTeam, allowed: ADMIN },
    ],
    'volunteers.lead': [
      { when: 'leading a team', record: { teamCount: 1 }, allowed: SIGNED_IN },
      { when: 'leading no team', record: { teamCount: 0 }, allowed: ADMIN },
    ],
    'volunteers.certificate.issue': [
      { when: 'covering their team', record: theirTeam, allowed: SIGNED_IN },
      { when: "covering others' teams", record: otherTeam, allowed: ADMIN },
    ],
    'volunteers.certificate.revoke': { allowed: ADMIN },
    'volunteers.administer': { allowed: ADMIN },
    'volunteers.idNumber.reveal': { allowed: ADMIN },
  });
});
