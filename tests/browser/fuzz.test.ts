/**
 * No input a client can send gets a 5xx or a stack trace: a bounded fuzz of every operation in the
 * generated OpenAPI document and of every form action (tests/browser/support/fuzz.ts), as an admin
 * (who passes the most permission checks, so the values reach the parsing behind them). About 700
 * requests each; the cases rotate values across fields to stay bounded.
 */
import { describe, expect, it } from 'vitest';
import { apiSession, baseUrl } from './support';
import { apiCases, formActions, formCases, runCases } from './support/fuzz';

const adminCookie = () => apiSession('admin');

describe('malformed input', () => {
  it('never gets a 5xx or a stack trace from any API operation of the OpenAPI document', async () => {
    const document = await (await fetch(new URL('/api/v1/openapi.json', baseUrl()))).json();
    const cases = apiCases(document);
    expect(cases.length).toBeGreaterThan(300);
    const problems = await runCases(baseUrl(), cases, await adminCookie());
    expect(problems).toEqual([]);
  });

  it('never gets a 5xx or a stack trace from any form action', async () => {
    const actions = formActions();
    expect(actions.length).toBeGreaterThan(40);
    const cases = formCases(actions);
    expect(cases.length).toBeGreaterThan(300);
    const problems = await runCases(baseUrl(), cases, await adminCookie());
    expect(problems).toEqual([]);
  });
});
