/**
 * Generates /api/v1/openapi.json with @asteasolutions/zod-to-openapi (OpenAPI 3.1). Each operation's
 * parameters and request body come from the zod schema its route parses with (the domain's
 * `inputs.ts`), registered in `REQUESTS` below; the domains' path files give summaries and response
 * bodies. The generator then makes every operation complete the same way: an operationId, `security:
 * []` on public operations, nullable written as type unions, and the 4xx answers it can give (400
 * for any input, 401 with a session, 404 with a path id) in the one error shape.
 */
import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from '@asteasolutions/zod-to-openapi';
import { z } from '../http/schema';
import { metricsQuery } from '../metrics/inputs';
import { ballotInput, nominationInput, nominationMultipart } from '../nominations/inputs';
import { startAttemptInput, submitAttemptInput } from '../quizzes/inputs';
import { siteListQuery } from '../readiness/inputs';
import { nearbyQuery, reportIdParams, reportListQuery, reportMapQuery, submitReportMultipart, transitionInput } from '../reports/inputs';
import { confirmPhoneInput, displayNameInput, emailInput, emailVerifyInput, loginInput, passwordOnlyInput, passwordResetConfirmInput, passwordResetRequestInput, phoneChangeConfirmInput, phoneChangeRequestInput, registerInput } from '../auth/inputs';
import { cancelShiftInput, checkinInput, createProjectInput, createShiftInput, registerVolunteerInput, shiftListQuery, updateProjectInput, updateShiftInput } from '../volunteers/inputs';
import { id, object } from '../http/schema';
import { addUpdateInput, addUpdateMultipart, flagInput } from '../community/inputs';
import { RESPONSES } from './responses';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation = Record<string, any>;
type Paths = Record<string, Partial<Record<Method, Operation>>>;

interface RequestSchemas {
  params?: z.ZodObject;
  query?: z.ZodObject;
  json?: z.ZodType;
  /** The JSON body may be left out. */
  jsonOptional?: boolean;
  multipart?: z.ZodType;
}

const idParams = object({ id: id() });

/** The zod schemas each route parses with, by "METHOD /path". */
const REQUESTS: Record<string, RequestSchemas> = {
  'POST /users': { json: registerInput },
  'POST /session': { json: loginInput },
  'POST /me/phone-verification/confirm': { json: confirmPhoneInput },
  'GET /users/{id}': { params: idParams },
  'GET /reports': { query: reportListQuery },
  'POST /reports': { multipart: submitReportMultipart },
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
  'PATCH /shifts/{id}': { params: idParams, json: updateShiftInput },
  'PATCH /projects/{id}': { params: idParams, json: updateProjectInput },
  'POST /nominations': { json: nominationInput, multipart: nominationMultipart },
  'POST /quiz-attempts/{id}/submit': { params: idParams, json: submitAttemptInput },
  'DELETE /shifts/{id}': { params: idParams, json: cancelShiftInput, jsonOptional: true },
  'POST /projects': { json: createProjectInput },
  'POST /volunteers': { json: registerVolunteerInput },
  'POST /checkins': { json: checkinInput },
  'POST /rounds/{id}/votes': { params: idParams, json: ballotInput },
  'POST /quiz-campaigns/{id}/attempts': { params: idParams, json: startAttemptInput },
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

/** OpenAPI 3.0's `nullable: true` as 3.1's type union, anywhere in a schema. */
function toJsonSchema2020(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toJsonSchema2020);
  if (!value || typeof value !== 'object') return value;
  const { nullable, ...rest } = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(rest)) out[key] = toJsonSchema2020(inner);
  if (nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    else if (Array.isArray(out.type) && !out.type.includes('null')) out.type = [...out.type, 'null'];
    else if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: 'null' }] };
  }
  return out;
}

/** The document for the domains' path descriptions, with requests generated from the zod schemas. */
export function generateDocument(paths: Paths, info: { title: string; version: string; description: string }, extraSchemas: Record<string, unknown>) {
  const registry = new OpenAPIRegistry();
  registry.registerComponent('securitySchemes', 'session', { type: 'apiKey', in: 'cookie', name: 'session' });
  for (const [name, schema] of Object.entries(extraSchemas)) registry.registerComponent('schemas', name, toJsonSchema2020(schema) as never);

  for (const [path, item] of Object.entries(paths)) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete'] as const) {
      const operation = item[method];
      if (!operation) continue;
      const key = `${method.toUpperCase()} ${path}`;
      // Every `{id}` is a positive int4, read by the route with pathId()/readParams().
      const request: RequestSchemas | undefined = path.endsWith('{id}') || path.includes('{id}/') ? { params: idParams, ...REQUESTS[key] } : REQUESTS[key];
      const hasPathParams = path.includes('{');
      const { parameters = [], requestBody, responses = {}, security, ...rest } = operation;
      const locations = new Set<string>([...(request?.params ? ['path'] : []), ...(request?.query ? ['query'] : [])]);
      const rawParameters = (parameters as Array<{ in: string }>).filter((p) => !locations.has(p.in)).map((p) => toJsonSchema2020(p));
      const config: RouteConfig = {
        ...rest,
        method,
        path,
        operationId: operationId(method, path),
        security: security ?? [],
        ...(rawParameters.length && { parameters: rawParameters as never }),
        request: {
          ...(request?.params && { params: request.params }),
          ...(request?.query && { query: request.query }),
          // A route may take JSON, multipart, or either (both content types listed).
          ...((request?.json || request?.multipart) && {
            body: {
              required: !!request.multipart || !request.jsonOptional,
              content: {
                ...(request.json && { 'application/json': { schema: request.json } }),
                ...(request.multipart && { 'multipart/form-data': { schema: request.multipart } }),
              },
            },
          }),
        },
        responses: {},
      };
      if (!request?.json && !request?.multipart && requestBody) (config as Record<string, unknown>).requestBody = toJsonSchema2020(requestBody);
      const answers: Record<string, unknown> = {};
      for (const [status, response] of Object.entries(responses as Record<string, any>)) {
        if (Number(status) >= 400) answers[status] = { description: response.description ?? ERROR_DESCRIPTIONS[status] ?? 'Error', content: { 'application/json': { schema: ErrorSchema } } };
        else answers[status] = toJsonSchema2020(response);
      }
      const body = RESPONSES[key];
      if (body) {
        const ok = Object.keys(answers).find((status) => status.startsWith('2') && status !== '204') ?? '200';
        const given = answers[ok] as { description?: string; content?: Record<string, unknown> } | undefined;
        // The media type the path names (GeoJSON for the outlines), else JSON.
        const mediaType = Object.keys(given?.content ?? {})[0] ?? 'application/json';
        answers[ok] = { description: given?.description ?? 'OK', content: { [mediaType]: { schema: body } } };
      }
      const takesInput = !!request || rawParameters.length > 0 || !!requestBody || hasPathParams;
      const needed = [...(takesInput ? ['400'] : []), ...(security?.length ? ['401'] : []), ...(hasPathParams ? ['404'] : []), ...(requestBody || request?.json || request?.multipart ? ['415'] : [])];
      for (const status of needed) answers[status] ??= { description: ERROR_DESCRIPTIONS[status], content: { 'application/json': { schema: ErrorSchema } } };
      config.responses = answers as RouteConfig['responses'];
      registry.registerPath(config);
    }
  }

  const document = new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info,
    servers: [{ url: '/api/v1' }],
  });
  return withoutUnusedSchemas(document);
}

/** Drops the domains' components that no operation refers to any more (their bodies now come from zod). */
function withoutUnusedSchemas<D extends { components?: { schemas?: Record<string, unknown> } }>(document: D): D {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  for (;;) {
    const text = JSON.stringify({ ...document, components: { ...document.components, schemas: Object.fromEntries(Object.entries(schemas).map(([name, schema]) => [name, schema])) } });
    const unused = Object.keys(schemas).filter((name) => !text.includes(`"#/components/schemas/${name}"`));
    if (!unused.length) return document;
    for (const name of unused) delete schemas[name];
  }
}
