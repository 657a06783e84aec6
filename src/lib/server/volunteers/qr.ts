/** The leader's rotating check-in code as a URL and an SVG QR code, rendered on the server. */
import QRCode from 'qrcode';
import { CHECK_IN_WINDOW_MS, checkInWindow, createCheckInToken, type CheckInMode, type VolunteerKeys } from './secrets';

export function checkInUrl(origin: string, token: string): string {
  return `${origin}/volunteer/check-in?token=${encodeURIComponent(token)}`;
}

export async function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}

export async function checkInCode(keys: VolunteerKeys, shiftId: number, mode: CheckInMode, origin: string, now = new Date()) {
  const url = checkInUrl(origin, createCheckInToken(keys, shiftId, mode, now));
  const nextChangeAt = new Date((checkInWindow(now) + 1) * CHECK_IN_WINDOW_MS);
  return { mode, url, svg: await qrSvg(url), nextChangeAt: nextChangeAt.toISOString() };
}
