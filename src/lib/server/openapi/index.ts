/**
 * /api/v1/openapi.json, generated (./generate.ts): each domain contributes its paths' summaries and
 * responses; requests come from the zod schemas the routes parse with. A test checks that every
 * route under src/pages/api/v1 is described, and that the document is valid OpenAPI 3.1.
 */
import { accountOperations, accountPaths } from './account';
import { authPaths, authSchemas } from './auth';
import { calendarPaths, cityPaths } from './city';
import { placePaths } from './places';
import { quizPaths, quizSchemas } from './quizzes';
import { readinessPaths } from './readiness';
import { reportPaths, reportSchemas } from './reports';
import { nominationPaths, nominationSchemas } from './nominations';
import { generateDocument } from './generate';
import { communityPaths } from './community';
import { jsonResponse } from './shared';
import { volunteerPaths, volunteerSchemas } from './volunteers';

const paths = {
  ...authPaths,
  ...accountPaths,
  '/me': { ...authPaths['/me'], ...accountOperations['/me'] },
  ...cityPaths,
  ...calendarPaths,
  ...placePaths,
  ...volunteerPaths,
  ...quizPaths,
  ...readinessPaths,
  ...reportPaths,
  ...nominationPaths,
  ...communityPaths,
  '/openapi.json': {
    get: { summary: 'This document', tags: ['meta'], responses: { '200': jsonResponse('OpenAPI 3.1', { type: 'object' }) } },
  },
};

const info = {
  title: 'Wenming API',
  version: '1',
  description:
    'The JSON API of the Wenming civilized-city portal, used by its web islands and by the WeChat mini-program. ' +
    'Browser clients authenticate with the session cookie; writes from a foreign Origin are refused. ' +
    'Errors are {"error":{"code","message"}} with a message in the language of the `lang` cookie or Accept-Language; ' +
    'invalid input is a 400 whose error.fields names each field or parameter. List filters take what the API gives out ' +
    '(e.g. a district by the code /city lists) and refuse a value they do not know.',
};

/** The generated document (once per process: it only changes with the code). */
export const openApiDocument = generateDocument(paths as never, info, {
  ...authSchemas,
  ...volunteerSchemas,
  ...quizSchemas,
  ...reportSchemas,
  ...nominationSchemas,
});
