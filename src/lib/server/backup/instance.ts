/**
 * The embedded database belongs to one process, and PGlite's own postmaster.pid does not say which:
 * a serving instance records its process id beside the data folder while it has it open, so that
 * `npm run backup` and `npm run restore` refuse to open the folder under a running instance.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const FILE = 'instance.pid';

export function markInstance(dataDir: string): void {
  writeFileSync(path.join(dataDir, FILE), `${process.pid}\n`);
}

export function unmarkInstance(dataDir: string): void {
  const file = path.join(dataDir, FILE);
  if (existsSync(file) && readFileSync(file, 'utf8').trim() === String(process.pid)) rmSync(file, { force: true });
}

/** The id of a live process that has the embedded database under `dataDir` open, if any (a killed one leaves a stale file). */
export function runningInstance(dataDir: string): number | undefined {
  const file = path.join(dataDir, FILE);
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
