/**
 * `npm start`: builds when dist/ is missing or stale, then serves it (scripts/serve.mjs) on
 * http://localhost:4321 with the embedded PGlite database under ./data unless DATABASE_URL is set.
 */
import { buildIfStale } from './build-if-stale.mjs';

try {
  await buildIfStale();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
// In this process, so that SIGTERM reaches the server directly.
await import('./serve.mjs');
