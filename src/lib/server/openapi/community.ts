/** Words on the paths of updates on reports, flags and points (issue 21); bodies come from the zod schemas. */
import { sessionSecurity, type PathTexts } from './shared';

export const communityPaths: PathTexts = {
  '/reports/{id}/updates': {
    post: {
      summary: 'Add an update to a public report ("still there" / "fixed" marks: the reporter and followers only; never changes the report)',
      tags: ['reports'],
      security: sessionSecurity,
      responses: {
        '201': 'Added; `pending` when it waits for a moderator',
        '403': 'A mark from someone who neither reported nor follows the report',
        '404': 'No such report, or not visible to you',
        '409': 'The report is not in public view',
      },
    },
  },
  '/flags': {
    post: {
      summary: 'Flag a public report, update, nomination story or objection; enough flags hide it pending review',
      tags: ['flags'],
      security: sessionSecurity,
      responses: {
        '201': 'Flagged',
        '403': 'Your own content, or flagging paused after repeated false flags',
        '404': 'No such item in public view',
        '409': 'You already flagged it',
      },
    },
  },
  '/me/points': {
    get: {
      summary: 'Your points (积分): the total that counts and the history (no cash value)',
      tags: ['account'],
      security: sessionSecurity,
      responses: { '200': 'Total and history' },
    },
  },
};
