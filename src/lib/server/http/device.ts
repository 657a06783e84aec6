/**
 * A device identifier for the points' cluster rule (issue 21): "no points when the report is from
 * the same device/account cluster as many others in a short time". The portal sets a long-lived
 * random first-party cookie on a signed-in person's browser (HttpOnly, SameSite=Lax, Secure over
 * https, like the session's); the WeChat mini-program, which keeps no cookie jar, may send its own
 * random installation id in the `X-Device-Id` header. Either is only ever kept as a keyed hash
 * (HMAC-SHA256 with APP_SECRET), beside the report it came with; the value itself is never stored
 * nor logged. Anonymous visitors get no cookie: nothing is asked of them, and their pages stay
 * cacheable.
 */
import { createHmac, randomBytes } from 'node:crypto';
import type { AstroCookies } from 'astro';
import { config } from '../config';

export const DEVICE_COOKIE = 'wm_device';
export const DEVICE_HEADER = 'x-device-id';
/** Two years: the cookie is renewed by use, never by a date the device could age out of the rule by. */
const DEVICE_COOKIE_SECONDS = 2 * 365 * 86_400;
/** What a device id may look like (ours are 24 base64url characters; the mini-program's up to 128). */
export const DEVICE_ID = /^[A-Za-z0-9_-]{16,128}$/;

export function isDeviceId(value: string | null | undefined): value is string {
  return typeof value === 'string' && DEVICE_ID.test(value);
}

/** The keyed hash stored with a report; the secret makes it useless outside this deployment. */
export function deviceKey(deviceId: string, secret: string = config.appSecret): string {
  return createHmac('sha256', secret).update(`device\n${deviceId}`).digest('base64url').slice(0, 32);
}

/**
 * The request's device hash, or null, as a function: the hash is computed when a report submission
 * asks for it, not on every request. The API prefers the mini-program's header; pages and forms use
 * the cookie, set here on a signed-in request that has none (so that a browser several accounts
 * share carries one id across their sessions).
 */
export function requestDevice(request: Request, cookies: AstroCookies, options: { signedIn: boolean; secure: boolean; api: boolean }): () => string | null {
  const header = request.headers.get(DEVICE_HEADER);
  if (options.api && isDeviceId(header)) return () => deviceKey(header);
  const cookie = cookies.get(DEVICE_COOKIE)?.value;
  if (isDeviceId(cookie)) return () => deviceKey(cookie);
  if (!options.signedIn) return () => null;
  const fresh = randomBytes(18).toString('base64url');
  cookies.set(DEVICE_COOKIE, fresh, { httpOnly: true, sameSite: 'lax', secure: options.secure, maxAge: DEVICE_COOKIE_SECONDS, path: '/' });
  return () => deviceKey(fresh);
}
