import { describe } from 'vitest';
import { quizPermissions } from '../../src/lib/server/quizzes/permissions';
import { ADMIN, itAnswersTheRoleTable, SIGNED_IN } from '../support/roles';

describe('who may do what with quizzes', () => {
  itAnswersTheRoleTable(quizPermissions, {
    'quiz.take': { allowed: SIGNED_IN },
    'quiz.attempt': [
      { when: 'on their own attempt', record: { userId: 1 }, allowed: SIGNED_IN },
      { when: "on someone else's attempt", record: { userId: 2 }, allowed: [] },
    ],
    'quiz.manage': { allowed: ADMIN },
  });
});
