/**
 * Database failures that are the database's state, not the request's fault: no connection in time,
 * no answer in time, the server restarting or gone. Requests that meet one answer 503 with
 * Retry-After instead of 500 (src/middleware.ts).
 */

/** Thrown by our own deadlines (db/client.ts) and while the database is (re)opening (src/lib/server/db.ts). */
export class DatabaseUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'DatabaseUnavailableError';
  }
}

/** postgres.js's own connection errors. */
const CLIENT_CODES = new Set(['CONNECT_TIMEOUT', 'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED']);
/** Socket errors. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
/**
 * PostgreSQL SQLSTATEs: connection exceptions (08…), too many connections, shutting down or starting
 * (57P01-57P03), and a statement cancelled by statement_timeout (57014).
 */
function unavailableState(code: string): boolean {
  return code.startsWith('08') || ['53300', '57P01', '57P02', '57P03', '57014'].includes(code);
}

/** True when the error, or any error in its `cause` chain, says the database is unavailable. */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 8; depth++) {
    if (current instanceof DatabaseUnavailableError) return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && (CLIENT_CODES.has(code) || SOCKET_CODES.has(code) || unavailableState(code))) return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}
