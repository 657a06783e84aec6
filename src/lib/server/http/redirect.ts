/**
 * Where to send someone back to after a form (log in, language, phone verification): only a path on
 * the portal itself, never another host, whatever tricks the target plays. The target is parsed as
 * a URL against the portal's own origin, as a browser would, and kept only when it stays there;
 * what comes back is the re-serialized path, so the browser reads exactly what was checked.
 */

// Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so "/\t/evil" and
// "/\evil" both become "//evil" (another host). Such characters are refused outright.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;
const PLACEHOLDER_ORIGIN = 'http://portal.invalid';

/** A same-origin path (with query and fragment) to redirect to, or `fallback`. */
export function safeReturnPath(value: string | null | undefined, fallback = '/', origin: string = PLACEHOLDER_ORIGIN): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 2000) return fallback;
  if (UNSAFE.test(value)) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    return fallback;
  }
  // Encoded slashes or backslashes at the start ("/%2F/evil", "/%5Cevil") would be decoded by some servers and proxies.
  if (UNSAFE.test(decoded) || /^\/[/\\]/.test(decoded)) return fallback;
  if (!value.startsWith('/')) {
    // An absolute URL is accepted only on the portal's own origin.
    if (!/^https?:\/\//i.test(value) || origin === PLACEHOLDER_ORIGIN) return fallback;
  }
  let url: URL;
  try {
    url = new URL(value, origin);
  } catch {
    return fallback;
  }
  if (url.origin !== new URL(origin).origin || url.username || url.password) return fallback;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil" normalizes to "//evil": a protocol-relative URL once written in a Location header.
  if (!path.startsWith('/') || path.startsWith('//')) return fallback;
  return path;
}
