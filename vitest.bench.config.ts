import { defineConfig } from 'vitest/config';

// `npm run bench` runs the domain benches (tests/bench/**/*.bench.ts) on PGlite, after the HTTP
// bench in scripts/bench.mjs. They print timings; none is ever asserted.
export default defineConfig({
  test: {
    include: [],
    benchmark: { include: ['tests/bench/**/*.bench.ts'] },
    env: { TEST_DB: 'pglite' },
    globalSetup: ['tests/support/global-pglite.ts'],
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // Benches measure one thing at a time on this 2-core machine.
    fileParallelism: false,
  },
});
