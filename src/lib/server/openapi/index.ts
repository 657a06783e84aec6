/**
 * /api/v1/openapi.json: each domain contributes its paths; a test checks that every route under
 * src/pages/api/v1 is described here.
 */
import { accountOperations, accountPaths } from './account';
import { authPaths, authSchemas } from './auth';
import { cityPaths } from './city';
import { placePaths } from './places';
import { quizPaths, quizSchemas } from './quizzes';
import { readinessPaths } from './readiness';
import { reportPaths, reportSchemas } from './reports';
import { nominationPaths, nominationSchemas } from './nominations';
import { jsonResponse } from './shared';
import { volunteerPaths, volunteerSchemas } from './volunteers';

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Wenming API',
    version: '1',
    description:
      'The JSON API of the Wenming civilized-city portal, used by its web islands and by the WeChat mini-program. ' +
      'Browser clients authenticate with the session cookie; writes from a foreign Origin are refused. ' +
      'Errors are {"error":{"code","message"}} with a message in the language of the `lang` cookie or Accept-Language.',
  },
  servers: [{ url: '/api/v1' }],
  paths: {
    ...authPaths,
    ...accountPaths,
    '/me': { ...authPaths['/me'], ...accountOperations['/me'] },
    ...cityPaths,
    ...placePaths,
    ...volunteerPaths,
    ...quizPaths,
    ...readinessPaths,
    ...reportPaths,
    ...nominationPaths,
    '/openapi.json': {
      get: { summary: 'This document', tags: ['meta'], responses: { '200': jsonResponse('OpenAPI 3.1', { type: 'object' }) } },
    },
  },
  components: {
    securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'session' } },
    schemas: {
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', example: 'not_found' },
              message: { type: 'string', example: '找不到你要访问的内容' },
              fields: { type: 'object', additionalProperties: { type: 'string' }, description: 'Per-field messages for invalid input' },
            },
          },
        },
      },
      ...authSchemas,
      ...volunteerSchemas,
      ...quizSchemas,
      ...reportSchemas,
      ...nominationSchemas,
    },
  },
};
