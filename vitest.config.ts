import { defineConfig } from 'vitest/config';

// Domain and database tests run twice, once per driver; browser tests once, against a built server.
const domainTests = ['tests/**/*.test.ts'];
const browserTests = ['tests/browser/**/*.test.ts'];
// Tests that would only repeat themselves on a second driver run once: the production server and
// launcher (tests/runtime) on PostgreSQL, as deployed (the browser tests serve on PGlite); permission
// tables and pure functions on PGlite.
const runtimeTests = ['tests/runtime/**/*.test.ts'];
const onceTests = [
  'tests/**/roles.test.ts',
  'tests/**/permissions.test.ts',
  'tests/metrics/wilson.test.ts',
  'tests/sampling/stats.test.ts',
  'tests/places/coords.test.ts',
  'tests/places/exif-gps.test.ts',
  'tests/http/schema.test.ts',
  'tests/readiness/draw.test.ts',
  'tests/photos/pipeline.test.ts',
  'tests/storage/s3.test.ts',
  'tests/volunteers/outcome.test.ts',
  'tests/db/pool-queue.test.ts',
];

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'pglite',
          include: domainTests,
          // *.postgres.test.ts test PostgreSQL itself (faults, roles): on the postgres project only.
          exclude: [...browserTests, ...runtimeTests, 'tests/**/*.postgres.test.ts'],
          env: { TEST_DB: 'pglite' },
          // Migrates one PGlite per run; test files load its dumped data folder.
          globalSetup: ['tests/support/global-pglite.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'postgres',
          include: domainTests,
          exclude: [...browserTests, ...onceTests],
          env: { TEST_DB: 'postgres' },
          globalSetup: ['tests/support/global-postgres.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: browserTests,
          globalSetup: ['tests/browser/global-server.ts'],
          testTimeout: 60_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
