import { config } from '../config';

/** The client's address; the load balancer's X-Forwarded-For is believed only when TRUST_PROXY is set. */
export function clientIp(request: Request, socketAddress: string | undefined): string {
  if (config.trustProxy) {
    const forwarded = request.headers.get('x-forwarded-for')?.split(',')[0]?.trim();
    if (forwarded) return forwarded;
  }
  return socketAddress ?? 'unknown';
}

export function isSecure(request: Request, url: URL): boolean {
  if (url.protocol === 'https:') return true;
  return config.trustProxy && request.headers.get('x-forwarded-proto') === 'https';
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
  if (config.trustProxy) {
    const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
    const proto = request.headers.get('x-forwarded-proto') ?? url.protocol.replace(':', '');
    if (host) allowed.add(`${proto}://${host}`);
  }
  return !allowed.has(origin);
}
