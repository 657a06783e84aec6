/** Mainland China mobile numbers: 11 digits starting 13-19. */
const MOBILE = /^1[3-9]\d{9}$/;

/** The 11-digit form of a typed number (spaces, dashes and a +86/0086 prefix removed), or null if invalid. */
export function normalizePhone(input: string): string | null {
  const digits = input.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
  return MOBILE.test(digits) ? digits : null;
}

/** 138****1234: how a phone number is shown to anyone but its owner. */
export function maskPhone(phone: string | null | undefined): string {
  if (!phone) return '';
  if (phone.length < 7) return '*'.repeat(phone.length);
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}
