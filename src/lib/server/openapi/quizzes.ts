/** Words on the quizzes' and rates' paths; parameters and bodies come from the zod schemas. */
import { sessionSecurity, type PathTexts } from './shared';

export const quizPaths: PathTexts = {
  '/quiz-campaigns': {
    get: { summary: 'Open and closed quiz campaigns', tags: ['quizzes'], responses: { '200': 'The campaigns' } },
  },
  '/quiz-campaigns/{id}/attempts': {
    post: {
      summary: 'Start an attempt: the drawn questions (never their answers) and the deadline',
      description:
        'One counted attempt per account and campaign; starting it again while it runs resumes it (200, resumed: true). Practice attempts are unlimited and never counted. The community (and optional age band and gender) are kept with the attempt as they are now.',
      tags: ['quizzes'],
      security: sessionSecurity,
      responses: {
        '201': 'Started',
        '200': 'The running counted attempt, resumed',
        '400': 'Invalid community, age band or gender (error.fields names each)',
        '404': 'No such campaign',
        '409': 'The campaign is not open (closed), or the counted attempt was already used (already_counted)',
      },
    },
  },
  '/quiz-attempts/{id}': {
    get: {
      summary: "One's own attempt; answers and explanations only once it is submitted or timed out",
      tags: ['quizzes'],
      security: sessionSecurity,
      responses: { '200': 'The attempt', '404': "No such attempt (another person's attempts are not found either)" },
    },
  },
  '/quiz-attempts/{id}/submit': {
    post: {
      summary: 'Submit answers; scored on the server',
      description:
        'Only the chosen option keys are read; any score or correctness sent is refused. Submissions after the deadline (plus a few seconds of grace) are refused and the attempt expires.',
      tags: ['quizzes'],
      security: sessionSecurity,
      responses: {
        '200': 'Scored, with the right answers and explanations',
        '400': 'An option that was not shown, or a survey value outside 1..5',
        '404': 'No such attempt',
        '409': 'Already submitted (already_submitted) or too late (too_late)',
      },
    },
  },
  '/metrics': {
    get: {
      summary: "The city's and districts' awareness, support, participation and satisfaction rates",
      description:
        'Rates are shares in [0, 1] with n and a 95% Wilson interval; `small` marks samples below minSample or with an interval wider than maxIntervalWidth, which are not ranked. `campaign` defaults to the latest open campaign.',
      tags: ['metrics'],
      responses: { '200': 'The rates', '404': 'No such campaign' },
    },
  },
};
