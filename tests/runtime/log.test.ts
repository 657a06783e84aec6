/** What the log keeps of an error (src/lib/server/log.ts): the cause, never the SQL parameters. */
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it } from 'vitest';
import { errorFields } from '../../src/lib/server/log';

describe('errors in the log', () => {
  it('keep the cause chain and drop the parameters of a failed query', () => {
    const cause = Object.assign(new Error('duplicate key value violates unique constraint "users_phone_key"'), {
      code: '23505',
      detail: 'Key (phone)=(13800000001) already exists.',
    });
    const error = new Error('registration failed', { cause: new DrizzleQueryError('insert into "users" ("phone") values ($1)', ['13800000001'], cause) });
    const fields = errorFields(error);
    const text = JSON.stringify(fields);
    expect(text).not.toContain('13800000001');
    expect(fields).toMatchObject({
      error: 'registration failed',
      cause: { error: 'Failed query: insert into "users" ("phone") values ($1)', cause: { error: cause.message, code: '23505' } },
    });
    expect(String(fields.stack)).toMatch(/^Error: registration failed\n\s+at /);
  });
});
