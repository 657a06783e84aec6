/**
 * A bounded fuzz of every input the portal takes: each operation of the generated OpenAPI document
 * (path and query parameters, JSON and multipart bodies) and each form action (its fields as read in
 * src/actions), with malformed values: NUL and other control characters, huge, negative and
 * fractional numbers, impossible dates, wrong types, wrong content types, broken multipart and deep
 * JSON. What counts is the answer: never a 5xx, never a stack trace.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface FuzzCase {
  label: string;
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string | FormData;
}

export interface FuzzProblem {
  label: string;
  status: number;
  body: string;
}

/** Values no parameter or field should ever choke on. */
export const BAD_VALUES = [
  'a\u0000b',
  '\u001b[31m',
  '99999999999999999999',
  '2147483648',
  '-1',
  '0',
  '1.5',
  '1e309',
  '2026-13-45',
  '99999-01-01',
  'bogus',
  'x'.repeat(5000),
  '%',
  '<script>',
] as const;

/** Values no form field of any kind accepts (a text field takes any other text, which would change data). */
const FORM_BAD_VALUES = ['a\u0000b', '99999999999999999999', '-1', '1e309', 'x'.repeat(5000)] as const;

/** JSON values of the wrong type or shape for any property. */
const BAD_JSON_VALUES: unknown[] = [null, 1e20, 'a\u0000b', {}, '2026-13-45', -1];

function deepJson(depth: number): string {
  return '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
}

interface Operation {
  path: string;
  method: string;
  parameters?: Array<{ name: string; in: string; schema?: { type?: string | string[] } }>;
  requestBody?: { content?: Record<string, { schema?: unknown }> };
}

/** Properties a request body schema names (following $refs into components). */
function bodyProperties(document: any, schema: any, depth = 0): string[] {
  if (!schema || depth > 5) return [];
  if (schema.$ref) return bodyProperties(document, document.components?.schemas?.[schema.$ref.split('/').pop()], depth + 1);
  const own = Object.keys(schema.properties ?? {});
  const nested = [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])].flatMap((part: unknown) => bodyProperties(document, part, depth + 1));
  return [...new Set([...own, ...nested])];
}

function operations(document: any): Operation[] {
  const list: Operation[] = [];
  for (const [p, item] of Object.entries<any>(document.paths ?? {})) {
    for (const method of ['get', 'post', 'put', 'patch', 'delete']) {
      if (item[method])
        list.push({ path: p, method: method.toUpperCase(), parameters: [...(item.parameters ?? []), ...(item[method].parameters ?? [])], requestBody: item[method].requestBody });
    }
  }
  return list;
}

const SKIP_OPERATIONS = new Set(['DELETE /session']);

/** Cases for every operation of the document: bad path ids, bad query values, bad bodies. */
export function apiCases(document: any, prefix = '/api/v1'): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const op of operations(document)) {
    if (SKIP_OPERATIONS.has(`${op.method} ${op.path}`)) continue;
    const pathParams = (op.parameters ?? []).filter((p) => p.in === 'path');
    const queryParams = (op.parameters ?? []).filter((p) => p.in === 'query');
    const fill = (value: string) => prefix + op.path.replace(/\{(\w+)\}/g, () => encodeURIComponent(value));
    const label = `${op.method} ${op.path}`;
    if (pathParams.length) {
      for (const value of ['0', '99999999999999999999', '2147483648', 'a\u0000b']) {
        cases.push({
          label: `${label} path=${JSON.stringify(value)}`,
          method: op.method,
          url: fill(value),
          ...(op.method !== 'GET' && { headers: { 'content-type': 'application/json' }, body: '{}' }),
        });
      }
    }
    // A path id no record has, so that a request that gets through changes nothing the other tests rely on.
    const base = fill('2147483647');
    for (const param of queryParams) {
      for (const [i, value] of BAD_VALUES.entries()) {
        // Each parameter gets a third of the values (a different third for the next one), all of them over the run.
        if (op.method !== 'GET' ? value !== BAD_VALUES[0] : (i + queryParams.indexOf(param)) % 3 !== 0) continue;
        cases.push({ label: `${label} ?${param.name}=${JSON.stringify(value.slice(0, 20))}`, method: op.method, url: `${base}?${param.name}=${encodeURIComponent(value)}` });
      }
    }
    if (op.method === 'GET' || !op.requestBody) continue;
    const content = op.requestBody.content ?? {};
    const jsonSchema = content['application/json']?.schema;
    const multipartSchema = content['multipart/form-data']?.schema;
    cases.push(
      { label: `${label} text/plain`, method: op.method, url: base, headers: { 'content-type': 'text/plain' }, body: 'hello\u0000' },
      { label: `${label} broken JSON`, method: op.method, url: base, headers: { 'content-type': 'application/json' }, body: '{"a":' },
      { label: `${label} JSON array`, method: op.method, url: base, headers: { 'content-type': 'application/json' }, body: '[1,2]' },
      { label: `${label} deep JSON`, method: op.method, url: base, headers: { 'content-type': 'application/json' }, body: deepJson(20_000) },
      {
        label: `${label} bad boundary`,
        method: op.method,
        url: base,
        headers: { 'content-type': 'multipart/form-data; boundary=nope' },
        body: '--other\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--other--',
      },
    );
    if (jsonSchema) {
      const names = bodyProperties(document, jsonSchema);
      cases.push({ label: `${label} unknown field`, method: op.method, url: base, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ unexpected: 1 }) });
      for (const bad of BAD_JSON_VALUES) {
        cases.push({
          label: `${label} every field ${JSON.stringify(bad)?.slice(0, 20)}`,
          method: op.method,
          url: base,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(Object.fromEntries(names.map((n) => [n, bad]))),
        });
      }
      // Each field alone with one bad value, the values taken in turn.
      for (const [i, name] of names.entries()) {
        const bad = BAD_JSON_VALUES[i % BAD_JSON_VALUES.length];
        cases.push({
          label: `${label} ${name}=${JSON.stringify(bad)?.slice(0, 20)}`,
          method: op.method,
          url: base,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ [name]: bad }),
        });
      }
    }
    if (multipartSchema) {
      const names = bodyProperties(document, multipartSchema);
      for (const bad of BAD_VALUES.slice(0, 4)) {
        const form = new FormData();
        for (const name of names) form.append(name, bad);
        cases.push({ label: `${label} multipart every field ${JSON.stringify(bad).slice(0, 20)}`, method: op.method, url: base, body: form });
      }
      const withFiles = new FormData();
      for (const name of names) withFiles.append(name, new File([new Uint8Array([0xff, 0xd8, 0x00])], 'x.jpg', { type: 'image/jpeg' }));
      cases.push({ label: `${label} multipart files everywhere`, method: op.method, url: base, body: withFiles });
    }
  }
  return cases;
}

export interface FormActionInfo {
  name: string;
  fields: string[];
}

const SCHEMA_FIELD = /\b(\w+): (?:id|bigId|text|optionalText|int|decimal|date|dateTime|localDateTime|oneOf|checkbox|optional|z\.array|ids|raw|reason)\(/g;

let inputsSources: string | undefined;
/** Every domain's inputs.ts, as one text to find schemas in. */
function allInputs(root = 'src/lib/server'): string {
  inputsSources ??= readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(root, entry.name, 'inputs.ts'))
    .filter((file) => existsSync(file))
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  return inputsSources;
}

/** The fields of a schema (or a shared set of fields) defined in an inputs.ts, following `...other.shape` and `...fields` spreads. */
function schemaFields(name: string, depth = 0): string[] {
  const source = allInputs();
  const start = new RegExp(`^(?:export )?const ${name} = `, 'm').exec(source);
  if (!start || depth > 3) return [];
  const rest = source.slice(start.index + start[0].length);
  const end = /^(?:export |const |\/\*\*|\/\/)/m.exec(rest.slice(1));
  const block = rest.slice(0, end ? end.index + 1 : rest.length);
  const fields = [...block.matchAll(SCHEMA_FIELD)].map((m) => m[1]!);
  for (const spread of block.matchAll(/\.\.\.(\w+)(?:\.shape)?/g)) fields.push(...schemaFields(spread[1]!, depth + 1));
  return fields;
}

/** Form actions and the fields each reads, from src/actions (the `server` object's groups). */
export function formActions(root = 'src/actions'): FormActionInfo[] {
  const actions: FormActionInfo[] = [];
  for (const file of readdirSync(root).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(root, file), 'utf8');
    const groups = [...source.matchAll(/^export const (\w+) = \{$/gm)];
    for (const [gi, group] of groups.entries()) {
      const end = groups[gi + 1]?.index ?? source.length;
      const block = source.slice(group.index, end);
      const starts = [...block.matchAll(/^ {2}(\w+): (?:authorizedFormAction|formAction)\(/gm)];
      for (const [ai, start] of starts.entries()) {
        const body = block.slice(start.index, starts[ai + 1]?.index ?? block.length);
        const fields = new Set<string>();
        for (const m of body.matchAll(/(?:get|getAll|Text|Number|Id|Date|formText|str|field)\(\s*(?:form,\s*)?'([\w.[\]-]+)'/g)) fields.add(m[1]!);
        for (const m of body.matchAll(SCHEMA_FIELD)) fields.add(m[1]!);
        // The schema the action parses with, defined in a domain's inputs.ts: its fields too.
        const schema = /^ {2}\w+: (?:authorizedFormAction|formAction)\((?:'[\w.]+',\s*)?(?:\w+\.)?(\w+),/.exec(body)?.[1];
        if (schema) for (const field of schemaFields(schema)) fields.add(field);
        actions.push({ name: `${group[1]}.${start[1]}`, fields: [...fields] });
      }
    }
  }
  return actions;
}

const SKIP_ACTIONS = new Set(['auth.logoutEverywhere', 'auth.login', 'auth.changePassword']);

/** Cases for every form action: each bad value in every field, each field alone, and bodies that are not forms. */
export function formCases(actions: FormActionInfo[], fieldsOf: (action: string) => string[] = () => []): FuzzCase[] {
  const cases: FuzzCase[] = [];
  for (const action of actions) {
    if (SKIP_ACTIONS.has(action.name)) continue;
    const url = `/_actions/${action.name}`;
    const fields = [...new Set([...action.fields, ...fieldsOf(action.name)])];
    for (const bad of FORM_BAD_VALUES) {
      const form = new URLSearchParams();
      for (const name of fields) form.append(name, bad);
      cases.push({
        label: `${action.name} every field ${JSON.stringify(bad.slice(0, 20))}`,
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
      });
    }
    // Each field alone (multipart), with one bad value, the values taken in turn.
    for (const [i, name] of fields.entries()) {
      const bad = ['-1', 'a\u0000b', '99999999999999999999'][i % 3]!;
      const form = new FormData();
      form.append(name, bad);
      cases.push({ label: `${action.name} ${name}=${JSON.stringify(bad)}`, method: 'POST', url, body: form });
    }
    cases.push(
      { label: `${action.name} JSON body`, method: 'POST', url, headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
      { label: `${action.name} bad boundary`, method: 'POST', url, headers: { 'content-type': 'multipart/form-data; boundary=nope' }, body: '--x\r\n\r\n' },
    );
  }
  return cases;
}

const STACK_TRACE = /\n\s+at [\w.<>$]+ \(|\bat file:\/\/|node:internal|\/src\/lib\/|\.ts:\d+:\d+/;

/** Sends the cases, a few at a time, and returns those answered with a 5xx or a stack trace. */
export async function runCases(baseUrl: string, cases: FuzzCase[], cookie: string | undefined, concurrency = 6): Promise<FuzzProblem[]> {
  const problems: FuzzProblem[] = [];
  let next = 0;
  const worker = async () => {
    while (next < cases.length) {
      const item = cases[next++]!;
      const headers = new Headers(item.headers);
      if (cookie) headers.set('cookie', cookie);
      let status: number;
      let text: string;
      try {
        const response = await fetch(new URL(item.url, baseUrl), { method: item.method, headers, body: item.body ?? null, redirect: 'manual' });
        status = response.status;
        text = await response.text();
      } catch (error) {
        status = 599;
        text = String(error);
      }
      if (status >= 500 || STACK_TRACE.test(text)) problems.push({ label: item.label, status, body: text.slice(0, 300) });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return problems;
}
