/**
 * The server build's entry (dist/server/entry.mjs). Running the file (`node dist/server/entry.mjs`)
 * starts the launcher; `npm start` imports it and calls `start()`; `node dist/server/entry.mjs
 * migrate` (`npm run migrate`), `reencrypt`, `backup` and `restore` run those commands instead (src/server/commands.ts).
 * The app itself (src/server/app.ts: Astro's handler and the shutdown hook) is loaded on demand,
 * so the cluster's primary never loads it.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch } from './launcher';

const ENTRY = fileURLToPath(import.meta.url);

/** The app's handler and shutdown hook, loaded on first call. */
export const loadApp = () => import('./app');

export function start(): Promise<void> {
  return launch({ loadApp, entry: ENTRY, clientDir: path.join(path.dirname(ENTRY), '..', 'client') });
}

/** Runs a command (migrate, reencrypt, backup, restore) and returns its exit code. */
export async function runCommand(name: string, args: string[] = []): Promise<number> {
  const { runCommand: run } = await import('./commands');
  return run(name, args);
}

if (process.argv[1] && path.resolve(process.argv[1]) === ENTRY) {
  const command = process.argv[2];
  if (command) void runCommand(command, process.argv.slice(3)).then((code) => process.exit(code));
  else void start();
}
