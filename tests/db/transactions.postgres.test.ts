import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { adminUrl } from '../support/db';

/** A pool of `max` connections and at most `pipeline` queries in flight on each (max_pipeline is not in postgres.js's types). */
function pool(max: number, pipeline: number) {
  const options = { max, max_pipeline: pipeline, onnotice: () => {} };
  return postgres(adminUrl(), options);
}

/**
 * postgres.js 3.4.9 skipped a transaction's connection reservation when its BEGIN was the query that
 * filled the connection's pipeline (or the socket's buffer): the transaction failed with
 * UNSAFE_TRANSACTION, and other queries ran inside it (porsager/postgres#823, #1189). The package is
 * patched on install (patches/postgres+3.4.9.patch, patch-package, as upstream's PR #1218 has it).
 * The first test fails without the patch every time (issue #1210's case: no room in any pipeline);
 * the second is #823's scenario, a small pool kept busy while queries and transactions arrive together
 * (the 1,000 concurrent ballots of tests/nominations/ballots.test.ts met it once in a CI run).
 */
describe('transactions on a busy pool (postgres.js, patched)', () => {
  it('reserve their connection when BEGIN leaves no room in the pipeline (max_pipeline 0: every BEGIN does)', async () => {
    const sql = pool(2, 0);
    try {
      const results = await Promise.all([1, 2, 3].map((n) => sql.begin(async (tx) => (await tx<{ n: number }[]>`select ${n}::int as n`)[0]!.n)));
      expect(results).toEqual([1, 2, 3]);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });

  it('reserve their connection every time, and no other query runs inside one', async () => {
    const sql = pool(3, 2);
    try {
      const failures: string[] = [];
      let insideSomeoneElsesTransaction = 0;
      for (let round = 0; round < 20; round++) {
        // Every connection busy, then queries and transactions pipelined behind them.
        const busy = [0, 1, 2].map(() => sql`select pg_sleep(0.1)`);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const queries = Array.from({ length: 6 }, () => sql<{ app: string }[]>`select current_setting('application_name') as app`);
        const transactions = Array.from({ length: 5 }, (_, i) =>
          sql.begin(async (tx) => {
            // Marks the transaction: a query that runs inside it sees this name.
            await tx`select set_config('application_name', 'inside-a-transaction', true)`;
            return (await tx<{ n: number }[]>`select ${i}::int as n`)[0]!.n;
          }),
        );
        const settled = await Promise.allSettled([...busy, ...queries, ...transactions]);
        for (const outcome of settled) if (outcome.status === 'rejected') failures.push(String((outcome.reason as Error).message));
        for (const rows of await Promise.all(queries.map((q) => q.catch(() => [{ app: '' }])))) if (rows[0]!.app === 'inside-a-transaction') insideSomeoneElsesTransaction++;
      }
      expect(failures).toEqual([]);
      expect(insideSomeoneElsesTransaction).toBe(0);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
