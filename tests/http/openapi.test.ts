/**
 * The generated /api/v1/openapi.json: valid OpenAPI 3.1 by Redocly's recommended rules (errors and
 * warnings alike), every operation named and complete, and requests generated from the schemas the
 * routes parse with.
 */
import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/openapi';
import { REQUESTS } from '../../src/lib/server/openapi/generate';
import { RESPONSES } from '../../src/lib/server/openapi/responses';

const document = openApiDocument as any;
const operations = Object.entries<any>(document.paths).flatMap(([path, item]) =>
  ['get', 'post', 'put', 'patch', 'delete'].filter((method) => item[method]).map((method) => ({ path, method, operation: item[method] })),
);

describe('the generated OpenAPI document', () => {
  it('is valid OpenAPI 3.1 with no error or warning from the recommended rules', async () => {
    // Off: a licence (the API is not published for reuse), and a 4xx for the five reads that take no
    // input at all (/city, /categories, ...), which have none to give; the next test checks the rest.
    const config = await createConfig({ extends: ['recommended'], rules: { 'info-license': 'off', 'info-license-url': 'off', 'operation-4xx-response': 'off' } });
    const problems = await lintFromString({ source: JSON.stringify(document), absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer}`)).toEqual([]);
    expect(document.openapi).toBe('3.1.0');
    expect(JSON.stringify(document)).not.toContain('"nullable"');
  });

  it('names every operation, says which are public, and lists the 4xx answers each can give', () => {
    expect(operations.length).toBeGreaterThan(30);
    const ids = new Set<string>();
    for (const { path, method, operation } of operations) {
      const label = `${method} ${path}`;
      expect(operation.operationId, label).toMatch(/^[a-z][A-Za-z0-9]+$/);
      ids.add(operation.operationId);
      expect(Array.isArray(operation.security), label).toBe(true);
      const statuses = Object.keys(operation.responses);
      if (path.includes('{')) expect(statuses, label).toContain('404');
      if (operation.security.length) expect(statuses, label).toContain('401');
      if (operation.parameters?.length || operation.requestBody) expect(statuses, label).toContain('400');
      for (const status of statuses.filter((s) => Number(s) >= 400)) {
        expect(operation.responses[status].content['application/json'].schema, `${label} ${status}`).toEqual({ $ref: '#/components/schemas/Error' });
      }
    }
    expect(ids.size).toBe(operations.length);
  });

  it('describes parameters from the schemas the routes parse with: bounded ids, closed enums, real dates', () => {
    const list = document.paths['/reports'].get.parameters;
    const byName = Object.fromEntries(list.map((p: any) => [p.name, p.schema]));
    expect(byName.status.$ref ?? byName.status.enum).toBeTruthy();
    expect(byName.page).toMatchObject({ type: 'integer', minimum: 1, maximum: 10000 });
    expect(byName.from).toMatchObject({ type: 'string', format: 'date' });
    const id = document.paths['/reports/{id}'].get.parameters.find((p: any) => p.name === 'id');
    expect(id.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 2147483647 });
    const transition = document.paths['/reports/{id}/transitions'].post.requestBody.content['application/json'].schema;
    expect(transition.additionalProperties).toBe(false);
  });
});

describe('the document comes from the schemas the code uses', () => {
  it('gives every answer with a body its zod schema, and names no operation the document lacks', () => {
    const keys = new Set(operations.map(({ path, method }) => `${method.toUpperCase()} ${path}`));
    for (const { path, method, operation } of operations) {
      const key = `${method.toUpperCase()} ${path}`;
      for (const [status, response] of Object.entries<any>(operation.responses)) {
        if (status === '204' || status === '304') expect(response.content, `${key} ${status}`).toBeUndefined();
        else expect(Object.values<any>(response.content ?? {})[0]?.schema, `${key} ${status} has a body schema`).toBeTruthy();
      }
      if (Object.keys(operation.responses).some((s) => /^2/.test(s) && s !== '204')) expect(RESPONSES[key], `${key} answers with a zod schema`).toBeDefined();
    }
    for (const key of [...Object.keys(RESPONSES), ...Object.keys(REQUESTS)]) expect(keys.has(key), `${key} is an operation of the document`).toBe(true);
  });

  it('describes path, query and header parameters only from zod (each carries its bounds)', () => {
    for (const { path, method, operation } of operations) {
      for (const parameter of operation.parameters ?? []) {
        expect(parameter.schema, `${method} ${path} ${parameter.name}`).toBeTruthy();
        if (parameter.in === 'path' && parameter.name === 'id') expect(parameter.schema).toMatchObject({ minimum: 1, maximum: 2147483647 });
      }
    }
    const mode = document.paths['/shifts/{id}/checkin-code'].get.parameters.find((p: any) => p.name === 'mode');
    expect(mode.schema.enum).toEqual(['in', 'out']);
    const year = document.paths['/calendar'].get.parameters.find((p: any) => p.name === 'year');
    expect(year.schema).toMatchObject({ minimum: 2000, maximum: 2099 });
    const key = document.paths['/reports'].post.parameters.find((p: any) => p.in === 'header');
    expect(key).toMatchObject({ name: 'Idempotency-Key' });
  });
});
