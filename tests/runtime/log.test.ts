/** What the log keeps of an error (src/lib/server/log.ts): the cause, never the SQL parameters. */
import { DrizzleQueryError } from 'drizzle-orm/errors';
import { describe, expect, it, vi } from 'vitest';
import { errorFields, logger } from '../../src/lib/server/log';

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

describe('log lines', () => {
  it('of a turn of the event loop go out in one write, in order, and a warning first writes what waits', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (out.push(String(chunk)), true));
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => (err.push(String(chunk)), true));
    try {
      for (let i = 0; i < 5; i++) logger.info('request', { n: i });
      expect(out).toEqual([]);
      await new Promise((resolve) => setImmediate(resolve));
      expect(out).toHaveLength(1);
      expect(
        out[0]!
          .trimEnd()
          .split('\n')
          .map((line) => JSON.parse(line).n),
      ).toEqual([0, 1, 2, 3, 4]);
      logger.info('request', { n: 5 });
      logger.warn('database unavailable');
      // The info line that waited is out before the warning.
      expect(out).toHaveLength(2);
      expect(JSON.parse(out[1]!).n).toBe(5);
      expect(JSON.parse(err[0]!).msg).toBe('database unavailable');
    } finally {
      stdout.mockRestore();
      stderr.mockRestore();
    }
  });
});
