/**
 * Whether this process is shutting down: set by the launcher on SIGTERM (src/server/worker.ts),
 * read by /readyz, which then answers 503 so the load balancer stops sending here.
 */
let draining = false;

export function startDraining(): void {
  draining = true;
}

export function isDraining(): boolean {
  return draining;
}
