import { hasRole, type Actor } from '../auth/permissions';

export const quizPermissions = {
  /** Take a quiz (counted or practice): any signed-in account. */
  'quiz.take': (user: Actor | null) => user !== null,
  /** See and submit one attempt: only the account that started it. */
  'quiz.attempt': (user: Actor | null, attempt: { userId: number }) => user !== null && user.id === attempt.userId,
  /** Edit the question bank (and import or export it), create campaigns and open or close them. */
  'quiz.manage': (user: Actor | null) => hasRole(user, 'admin'),
};
