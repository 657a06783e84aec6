/**
 * Text written into the portal's outputs (XML, CSV, iCalendar, JSON) is made safe by the writer
 * itself, whatever the input checks let through or old rows hold: one resident's control character
 * must not break a feed for every consumer.
 */

/** C0 controls except tab and line breaks, DEL, C1 controls, lone surrogates and the non-characters U+FFFE/U+FFFF. */
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** The text without characters no output can carry (tab, CR and LF stay). */
export function withoutControls(value: string): string {
  return value.replace(CONTROLS, '');
}

/** XML 1.0 text or attribute content: control characters dropped, markup escaped. */
export function xmlText(value: unknown): string {
  return withoutControls(String(value ?? '')).replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/**
 * One CSV field (RFC 4180): control characters dropped; a leading =, +, -, @, tab or CR (a formula to a
 * spreadsheet, CSV injection) is neutralized with an apostrophe unless the field is a plain number;
 * quoted when it holds a quote, comma or line break.
 */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : withoutControls(String(value));
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d+(\.\d+)?$/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** iCalendar TEXT (RFC 5545 §3.3.11): control characters dropped; backslash, semicolon, comma and line breaks escaped. */
export function icsText(value: string): string {
  return withoutControls(value)
    .replace(/\t/g, ' ')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r\n|\r|\n/g, '\\n');
}
