/**
 * `npm start`: builds when dist/ is missing or stale, then serves it (the launcher built with the
 * app, src/server/, started through dist/server/entry.mjs) on
 * http://localhost:4321 with the embedded PGlite database under ./data unless DATABASE_URL is set.
 */
import { buildIfStale } from './build-if-stale.mjs';

try {
  await buildIfStale();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}

// npm runs us through `sh -c`, which does not pass on the SIGTERM that npm forwards: stopping npm
// kills the shell and leaves us running, orphaned. Seeing our parent change, drain and exit as if
// signalled, so that the database is closed cleanly.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid === parent) return;
  console.log(JSON.stringify({ time: new Date().toISOString(), level: 'warn', msg: 'parent process gone (npm stopped): shutting down' }));
  process.kill(process.pid, 'SIGTERM');
}, 500).unref();

// In this process, so that a SIGTERM sent to it reaches the server directly. (Cluster workers run
// the entry itself.)
const { start } = await import('../dist/server/entry.mjs');
await start();
