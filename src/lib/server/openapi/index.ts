/**
 * /api/v1/openapi.json, generated (./generate.ts) from the zod schemas the routes parse and answer
 * with; each domain's path file contributes words only (summaries, tags, what each status means). A
 * test checks that every route under src/pages/api/v1 is described, that the document is valid
 * OpenAPI 3.1, and that the routes answer what it says.
 */
import { accountOperations, accountPaths } from './account';
import { authPaths } from './auth';
import { calendarPaths, cityPaths } from './city';
import { communityPaths } from './community';
import { generateDocument } from './generate';
import { nominationPaths } from './nominations';
import { placePaths } from './places';
import { quizPaths } from './quizzes';
import { readinessPaths } from './readiness';
import { reportPaths } from './reports';
import type { PathTexts } from './shared';
import { volunteerPaths } from './volunteers';

export const paths: PathTexts = {
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
    get: { summary: 'This document', tags: ['meta'], responses: { '200': 'OpenAPI 3.1' } },
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
export const openApiDocument = generateDocument(paths, info);
