import { config } from '../config';
import { clientAddress } from './proxy';

/**
 * Set by the launcher (src/server/http-server.ts) on every request, replacing any sent by a client:
 * the client's address as TRUST_PROXY says (the right-most address no trusted proxy added).
 */
export const CLIENT_ADDRESS_HEADER = 'x-wenming-client-address';

/** The client's address: the launcher's, or (dev server) worked out the same way here. */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  return request.headers.get(CLIENT_ADDRESS_HEADER) ?? clientAddress(config.trustProxy, socketAddress, request.headers.get('x-forwarded-for')).address;
}

/** Whether forwarded headers are believed at all (the launcher strips them unless a trusted proxy sent the request). */
const trustsProxy = () => config.trustProxy.kind !== 'none';

export function isSecure(request: Request, url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return trustsProxy() && request.headers.get('x-forwarded-proto') === 'https';
}

/**
 * Refuses writes whose Origin is another site (CSRF). Browsers send Origin on every cross-site
 * POST/PUT/PATCH/DELETE; native clients (the WeChat mini-program) send none and are allowed,
 * since they carry no ambient cookie from a browser.
 */
export function isForeignOriginWrite(request: Request, url: URL): boolean {
  if (['GET', 'HEAD', 'OPTIONS'].includes(request.method)) return false;
  if (request.headers.get('sec-fetch-site') === 'cross-site') return true;
  const origin = request.headers.get('origin');
  if (!origin) return false;
  if (origin === 'null') return true;
  const allowed = new Set([url.origin]);
  if (config.publicOrigin) allowed.add(config.publicOrigin);
  if (trustsProxy()) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
    if (host) allowed.add(`${proto}://${host}`);
  }
  return !allowed.has(origin);
}
