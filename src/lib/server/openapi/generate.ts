/**
 * Generates /api/v1/openapi.json with @asteasolutions/zod-to-openapi (OpenAPI 3.1), from zod only:
 * each operation's parameters and request body are the schemas its route parses with (the domain's
 * `inputs.ts`, registered in `REQUESTS` below), and its 2xx body is the schema the route answers
 * with (`RESPONSES` in ./responses.ts, used by the route through `respond()`). The domains' path
 * files give words only: summaries, descriptions, tags, who may call, and what each status means.
 * The generator then makes every operation complete the same way: an operationId, `security: []` on
 * public operations, and the 4xx answers it can give (400 for any input, 401 with a session, 404
 * with a path parameter, 415 with a body) in the one error shape.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import {
  confirmPhoneInput,
  displayNameInput,
  emailInput,
  emailVerifyInput,
  loginInput,
  passwordOnlyInput,
  passwordResetConfirmInput,
  passwordResetRequestInput,
  phoneChangeConfirmInput,
  phoneChangeRequestInput,
  registerInput,
} from '../auth/inputs';
import { calendarQuery } from '../calendar/inputs';
import { addUpdateInput, addUpdateMultipart, flagInput } from '../community/inputs';
import { id, object, z } from '../http/schema';
import { metricsQuery } from '../metrics/inputs';
import { ballotInput, nominationInput, nominationMultipart } from '../nominations/inputs';
import { describePointInput, outlinesInput, placeSearchInput } from '../places/inputs';
import { startAttemptInput, submitAttemptInput } from '../quizzes/inputs';
import { siteListQuery } from '../readiness/inputs';
import { nearbyQuery, reportIdParams, reportListQuery, reportMapQuery, submitReportHeaders, submitReportMultipart, transitionInput } from '../reports/inputs';
import {
  cancelShiftInput,
  certificateParams,
  checkinCodeQuery,
  checkinInput,
  createProjectInput,
  createShiftInput,
  registerVolunteerInput,
  shiftListQuery,
  updateProjectInput,
  updateShiftInput,
} from '../volunteers/inputs';
import { RESPONSES } from './responses';
import type { Method, OperationText, PathTexts } from './shared';

interface RequestSchemas {
  params?: z.ZodObject;
  query?: z.ZodObject;
  headers?: z.ZodObject;
  json?: z.ZodType;
  /** The JSON body may be left out. */
  jsonOptional?: boolean;
  multipart?: z.ZodType;
}

const idParams = object({ id: id() });

/** The zod schemas each route parses with, by "METHOD /path" (every `{id}` is `idParams` unless given). */
export const REQUESTS: Record<string, RequestSchemas> = {
  'POST /users': { json: registerInput },
  'POST /session': { json: loginInput },
  'POST /me/phone-verification/confirm': { json: confirmPhoneInput },
  'GET /calendar': { query: calendarQuery },
  'GET /places': { query: placeSearchInput },
  'GET /places/describe': { query: describePointInput },
  'GET /city/outlines': { query: outlinesInput },
  'GET /reports': { query: reportListQuery },
  'POST /reports': { multipart: submitReportMultipart, headers: submitReportHeaders },
  'GET /reports/map': { query: reportMapQuery },
  'GET /reports/nearby': { query: nearbyQuery },
  'GET /reports/{id}': { params: reportIdParams },
  'POST /reports/{id}/follow': { params: reportIdParams },
  'POST /reports/{id}/transitions': { params: reportIdParams, json: transitionInput },
  'POST /reports/{id}/updates': { params: reportIdParams, json: addUpdateInput, multipart: addUpdateMultipart },
  'POST /flags': { json: flagInput },
  'GET /readiness/sites': { query: siteListQuery },
  'GET /metrics': { query: metricsQuery },
  'GET /shifts': { query: shiftListQuery },
  'POST /shifts': { json: createShiftInput },
  'PATCH /shifts/{id}': { json: updateShiftInput },
  'GET /shifts/{id}/checkin-code': { query: checkinCodeQuery },
  'PATCH /projects/{id}': { json: updateProjectInput },
  'GET /certificates/{code}': { params: certificateParams },
  'POST /nominations': { json: nominationInput, multipart: nominationMultipart },
  'POST /quiz-attempts/{id}/submit': { json: submitAttemptInput },
  'DELETE /shifts/{id}': { json: cancelShiftInput, jsonOptional: true },
  'POST /projects': { json: createProjectInput },
  'POST /volunteers': { json: registerVolunteerInput },
  'POST /checkins': { json: checkinInput },
  'POST /rounds/{id}/votes': { json: ballotInput },
  'POST /quiz-campaigns/{id}/attempts': { json: startAttemptInput },
  'POST /password-resets': { json: passwordResetRequestInput },
  'POST /password-resets/confirm': { json: passwordResetConfirmInput },
  'PATCH /me': { json: displayNameInput },
  'DELETE /me': { json: passwordOnlyInput },
  'POST /me/phone-change': { json: phoneChangeRequestInput },
  'POST /me/phone-change/confirm': { json: phoneChangeConfirmInput },
  'POST /me/email': { json: emailInput },
  'POST /me/email/verify': { json: emailVerifyInput },
};

const ErrorSchema = z
  .strictObject({
    error: z.strictObject({
      code: z.string().meta({ example: 'not_found' }),
      message: z.string().meta({ example: '找不到您要访问的内容', description: 'Localized (zh-CN, or English by the lang cookie or Accept-Language)' }),
      fields: z.record(z.string(), z.string()).optional().meta({ description: 'Per-field localized messages for invalid input' }),
    }),
    duplicates: z
      .array(z.strictObject({ id: z.int(), distanceMeters: z.number(), followerCount: z.int() }))
      .optional()
      .meta({ description: 'POST /reports, 409 duplicates only: the open reports of the category nearby ("me too"); send confirm=1 to file anyway' }),
  })
  .meta({ id: 'Error' });

const ERROR_DESCRIPTIONS: Record<string, string> = {
  '400': 'Invalid input: error.fields names each field or parameter',
  '401': 'Not logged in',
  '403': 'Not allowed',
  '404': 'No such record (or not visible to you)',
  '409': 'Conflict with the current state',
  '415': 'Wrong content type',
  '422': 'Not processable',
  '429': 'Too many requests; see Retry-After',
};

/** "GET /reports/{id}/follow" -> "getReportsIdFollow": stable and unique per operation. */
function operationId(method: string, path: string): string {
  const words = path
    .split('/')
    .filter(Boolean)
    .map((part) => part.replace(/[{}]/g, ''))
    .flatMap((part) => part.split(/[-_.]/))
    .filter(Boolean);
  return method + words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
}

const ok = (status: string) => status.startsWith('2') || status.startsWith('3');

/** One operation: the words its domain gives, the schemas its route parses and answers with. */
function routeConfig(method: Method, path: string, text: OperationText): RouteConfig {
  const key = `${method.toUpperCase()} ${path}`;
  const request: RequestSchemas | undefined = path.includes('{id}') ? { params: idParams, ...REQUESTS[key] } : REQUESTS[key];
  const body = RESPONSES[key];
  const { responses: meanings = {}, security = [], mediaType = 'application/json', ...words } = text;
  const hasBody = !!(request?.json || request?.multipart);
  const takesInput = !!(request?.params || request?.query || request?.headers || hasBody) || path.includes('{');

  const responses: Record<string, unknown> = {};
  const statuses = Object.keys(meanings).some(ok) || !body ? Object.keys(meanings) : ['200', ...Object.keys(meanings)];
  const needed = [...(takesInput ? ['400'] : []), ...(security.length ? ['401'] : []), ...(path.includes('{') ? ['404'] : []), ...(hasBody ? ['415'] : [])];
  for (const status of [...new Set([...statuses, ...needed])].sort()) {
    const description = meanings[status] ?? ERROR_DESCRIPTIONS[status] ?? 'OK';
    if (Number(status) >= 400) responses[status] = { description, content: { 'application/json': { schema: ErrorSchema } } };
    else if (body && status !== '204' && status !== '304') responses[status] = { description, content: { [mediaType]: { schema: body } } };
    else responses[status] = { description };
  }

  return {
    ...words,
    method,
    path,
    operationId: operationId(method, path),
    security,
    request: {
      ...(request?.params && { params: request.params }),
      ...(request?.query && { query: request.query }),
      ...(request?.headers && { headers: request.headers }),
      // A route may take JSON, multipart, or either (both content types listed).
      ...(hasBody && {
        body: {
          required: !!request!.multipart || !request!.jsonOptional,
          content: {
            ...(request!.json && { 'application/json': { schema: request!.json } }),
            ...(request!.multipart && { 'multipart/form-data': { schema: request!.multipart } }),
          },
        },
      }),
    },
    responses: responses as RouteConfig['responses'],
  };
}

/** The document: the domains' words on each path, everything else from the zod schemas. */
export function generateDocument(paths: PathTexts, info: { title: string; version: string; description: string }) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'session' });
  for (const [path, item] of Object.entries(paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const text = item[method];
      if (text) registry.registerPath(routeConfig(method, path, text));
    }
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({ openapi: '3.1.0', info, servers: [{ url: '/api/v1' }] });
}
