import { describe } from 'vitest';
import { nominationPermissions } from '../../src/lib/server/nominations/permissions';
import { EVERYONE, itAnswersTheRoleTable, OFFICE, SIGNED_IN } from '../support/roles';

describe('who may do what with nominations and rounds', () => {
  itAnswersTheRoleTable(nominationPermissions, {
    'nominations.create': { allowed: SIGNED_IN },
    'nominations.edit': [
      { when: 'their own nomination the office asked about', record: { nominatorId: 1, status: 'info_requested' }, allowed: SIGNED_IN },
      { when: 'their own nomination under review', record: { nominatorId: 1, status: 'submitted' }, allowed: [] },
      { when: "someone else's nomination", record: { nominatorId: 2, status: 'info_requested' }, allowed: [] },
    ],
    'nominations.photo': [
      { when: 'of their own nomination', record: { nominatorId: 1 }, allowed: SIGNED_IN },
      { when: "of someone else's nomination", record: { nominatorId: 2 }, allowed: OFFICE },
    ],
    'nominations.mine': { allowed: SIGNED_IN },
    'nominations.review': { allowed: OFFICE },
    'rounds.manage': { allowed: OFFICE },
    'rounds.vote': { allowed: SIGNED_IN },
    'rounds.object': { allowed: EVERYONE },
  });
});
