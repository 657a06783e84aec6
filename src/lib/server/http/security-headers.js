/**
 * Security headers for every response, defined once. Plain ESM JavaScript so that both the
 * launcher (src/server/http-server.ts, which serves static files outside Astro) and the app's
 * TypeScript middleware import the same values.
 */

/**
 * Added to every response that does not already carry the header.
 * Camera and geolocation stay allowed for our own origin: volunteers scan QR codes and report places.
 * @type {Readonly<Record<string, string>>}
 */
export const SECURITY_HEADERS = Object.freeze({
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(self), geolocation=(self), microphone=()',
});

/**
 * For responses without a Content-Security-Policy of their own (static files, JSON, plain-text errors).
 * HTML pages get theirs from Astro's security.csp, with script hashes. Nothing is allowed by default,
 * but same-origin assets are, so a static file opened as a document (an SVG, a prerendered
 * page with only external /_astro/ assets) still works; it can never be framed.
 * @type {string}
 */
export const FALLBACK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "worker-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Name of the CSP header, lower-case as Node and the Fetch API report header names. */
export const CSP_HEADER = 'content-security-policy';
