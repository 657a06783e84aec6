/**
 * Personal numbers typed into free text are masked wherever the text is public: 18-digit ID card
 * numbers (last character may be X) and 11-digit mainland mobiles, also written with spaces or dashes.
 */

/** Digits possibly separated by single spaces or dashes, not glued to other digits. */
const ID_NUMBER = /(?<![\dXx])[1-9](?:[\s-]?\d){16}[\s-]?[\dXx](?![\dXx])/g;
const MOBILE = /(?<!\d)(?:\+?86[\s-]?)?1[3-9](?:[\s-]?\d){9}(?!\d)/g;

function maskDigits(match: string, keepStart: number, keepEnd: number): string {
  const digits = match.replace(/[\s-]/g, '');
  return digits.slice(0, keepStart) + '*'.repeat(digits.length - keepStart - keepEnd) + digits.slice(digits.length - keepEnd);
}

export function maskPersonalNumbers(text: string): string {
  return text
    .replace(ID_NUMBER, (match) => maskDigits(match, 3, 2))
    .replace(MOBILE, (match) => {
      const digits = match.replace(/[\s-]/g, '').replace(/^\+?86(?=1[3-9]\d{9}$)/, '');
      return `${digits.slice(0, 3)}****${digits.slice(-4)}`;
    });
}
