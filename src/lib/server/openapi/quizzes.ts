import { errorResponse, jsonBody, jsonResponse, sessionSecurity } from './shared';

const attemptRef = { $ref: '#/components/schemas/QuizAttempt' };
const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

export const quizPaths = {
  '/quiz-campaigns': {
    get: {
      summary: 'Open and closed quiz campaigns',
      tags: ['quizzes'],
      responses: {
        '200': jsonResponse('The campaigns', {
          type: 'object',
          properties: {
            campaigns: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' },
                  title: { $ref: '#/components/schemas/LocalizedText' },
                  description: { $ref: '#/components/schemas/LocalizedText' },
                  state: { type: 'string', enum: ['open', 'closed'] },
                  questionsPerAttempt: { type: 'integer' },
                  timeLimitSeconds: { type: 'integer' },
                  withSurvey: { type: 'boolean' },
                },
              },
            },
          },
        }),
      },
    },
  },
  '/quiz-campaigns/{id}/attempts': {
    post: {
      summary: 'Start an attempt: the drawn questions (never their answers) and the deadline',
      description:
        'One counted attempt per account and campaign; starting it again while it runs resumes it (200, resumed: true). Practice attempts are unlimited and never counted. The community (and optional age band and gender) are kept with the attempt as they are now.',
      tags: ['quizzes'],
      security: sessionSecurity,
      parameters: [idParam],
      requestBody: jsonBody({
        type: 'object',
        required: ['communityId'],
        properties: {
          practice: { type: 'boolean', default: false },
          communityId: { type: 'integer', description: 'An area of level community (see /city)' },
          ageBand: { type: 'string', enum: ['under_18', '18_29', '30_44', '45_59', '60_plus'] },
          gender: { type: 'string', enum: ['female', 'male', 'other'] },
        },
      }),
      responses: {
        '201': jsonResponse('Started', { type: 'object', properties: { attempt: attemptRef, resumed: { type: 'boolean' } } }),
        '200': jsonResponse('The running counted attempt, resumed', { type: 'object', properties: { attempt: attemptRef, resumed: { type: 'boolean' } } }),
        '400': errorResponse('Invalid community, age band or gender (error.fields names each)'),
        '401': errorResponse('Not logged in'),
        '404': errorResponse('No such campaign'),
        '409': errorResponse('The campaign is not open (closed), or the counted attempt was already used (already_counted)'),
      },
    },
  },
  '/quiz-attempts/{id}': {
    get: {
      summary: "One's own attempt; answers and explanations only once it is submitted or timed out",
      tags: ['quizzes'],
      security: sessionSecurity,
      parameters: [idParam],
      responses: {
        '200': jsonResponse('The attempt', { type: 'object', properties: { attempt: attemptRef } }),
        '401': errorResponse('Not logged in'),
        '404': errorResponse("No such attempt (another person's attempts are not found either)"),
      },
    },
  },
  '/quiz-attempts/{id}/submit': {
    post: {
      summary: 'Submit answers; scored on the server',
      description: 'Only the chosen option keys are read; any score or correctness sent is ignored. Submissions after the deadline (plus a few seconds of grace) are refused and the attempt expires.',
      tags: ['quizzes'],
      security: sessionSecurity,
      parameters: [idParam],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          answers: { type: 'object', additionalProperties: { type: 'array', items: { type: 'string' } }, description: 'Question id → chosen option keys', example: { '12': ['B'], '31': ['A', 'C'] } },
          survey: {
            type: 'object',
            properties: { support: { type: 'integer', minimum: 1, maximum: 5 }, participation: { type: 'integer', minimum: 1, maximum: 5 }, satisfaction: { type: 'integer', minimum: 1, maximum: 5 } },
          },
        },
      }),
      responses: {
        '200': jsonResponse('Scored, with the right answers and explanations', { type: 'object', properties: { attempt: attemptRef } }),
        '400': errorResponse('An option that was not shown, or a survey value outside 1..5'),
        '401': errorResponse('Not logged in'),
        '404': errorResponse('No such attempt'),
        '409': errorResponse('Already submitted (already_submitted) or too late (too_late)'),
      },
    },
  },
  '/metrics': {
    get: {
      summary: "The city's and districts' awareness, support, participation and satisfaction rates",
      description:
        'Rates are shares in [0, 1] with n and a 95% Wilson interval; `small` marks samples below minSample or with an interval wider than maxIntervalWidth, which are not ranked.',
      tags: ['metrics'],
      parameters: [{ name: 'campaign', in: 'query', required: false, schema: { type: 'integer' }, description: 'Default: the latest open campaign' }],
      responses: {
        '200': jsonResponse('The rates', {
          type: 'object',
          properties: {
            campaign: { type: 'object', properties: { id: { type: 'integer' }, title: { $ref: '#/components/schemas/LocalizedText' } } },
            target: { type: 'number', example: 0.8 },
            minSample: { type: 'integer' },
            maxIntervalWidth: { type: 'number' },
            weighted: { type: 'boolean' },
            city: { $ref: '#/components/schemas/AreaRates' },
            districts: { type: 'array', items: { $ref: '#/components/schemas/AreaRates' } },
          },
        }),
        '404': errorResponse('No such campaign'),
      },
    },
  },
};

const estimate = {
  type: 'object',
  properties: {
    rate: { type: 'number', nullable: true },
    n: { type: 'integer' },
    low: { type: 'number', nullable: true },
    high: { type: 'number', nullable: true },
    small: { type: 'boolean' },
  },
};
const rank = { type: 'integer', nullable: true };

export const quizSchemas = {
  LocalizedText: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
  QuizAttempt: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      campaignId: { type: 'integer' },
      counted: { type: 'boolean' },
      state: { type: 'string', enum: ['in_progress', 'submitted', 'expired'] },
      startedAt: { type: 'string', format: 'date-time' },
      deadline: { type: 'string', format: 'date-time' },
      questions: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            id: { type: 'integer' },
            kind: { type: 'string', enum: ['single', 'multiple', 'true_false'] },
            topic: { type: 'string' },
            promptZh: { type: 'string' },
            promptEn: { type: 'string' },
            options: { type: 'array', items: { type: 'object', properties: { key: { type: 'string' }, zh: { type: 'string' }, en: { type: 'string' } } } },
          },
        },
      },
      survey: { type: 'array', items: { type: 'string', enum: ['support', 'participation', 'satisfaction'] } },
      score: { type: 'integer', nullable: true },
      review: {
        type: 'array',
        nullable: true,
        description: 'Null until the attempt is submitted or timed out',
        items: {
          type: 'object',
          properties: {
            questionId: { type: 'integer' },
            chosen: { type: 'array', items: { type: 'string' } },
            correct: { type: 'array', items: { type: 'string' } },
            isCorrect: { type: 'boolean' },
            explanationZh: { type: 'string' },
            explanationEn: { type: 'string' },
          },
        },
      },
    },
  },
  AreaRates: {
    type: 'object',
    properties: {
      code: { type: 'string' },
      nameZh: { type: 'string' },
      nameEn: { type: 'string' },
      respondents: { type: 'integer' },
      measures: { type: 'object', properties: { awareness: estimate, support: estimate, participation: estimate, satisfaction: estimate } },
      ranks: { type: 'object', properties: { awareness: rank, support: rank, participation: rank, satisfaction: rank } },
    },
  },
};
