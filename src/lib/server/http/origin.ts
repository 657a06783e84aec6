/**
 * The origin of every absolute link the portal writes (calendar files and feeds, QR codes, share
 * previews, Open311 media URLs, links in SMS and e-mail): PUBLIC_ORIGIN, never a request's Host
 * header, which anyone can set. Only a demo or development server runs without PUBLIC_ORIGIN
 * (config.ts refuses to start otherwise); it uses the address it listens on.
 */
import { config } from '../config';

let listeningOrigin: string | undefined;

/** Called by the server once it listens (the port may have been picked by the system). */
export function setListeningOrigin(url: string): void {
  listeningOrigin = new URL(url).origin;
}

export function publicOrigin(): string {
  return config.publicOrigin ?? listeningOrigin ?? `http://localhost:${config.port || 4321}`;
}

/** An absolute URL on the portal for a path ('/volunteer/verify?code=…'). */
export function absoluteUrl(path: string): string {
  return new URL(path, `${publicOrigin()}/`).href;
}
