/** 18-digit resident ID numbers (GB 11643-1999): ISO 7064 MOD 11-2 check digit and a real birth date. */
import { cityDay } from '../time';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS = '10X98765432';

export function idNumberCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i]!;
  return CHECK_CHARACTERS[sum % 11]!;
}

/** The typed number with spaces removed and a lower-case x raised. */
export function normalizeIdNumber(input: string): string {
  return input.replace(/\s/g, '').toUpperCase();
}

export type IdNumberProblem = 'format' | 'birthDate' | 'checksum';

/** What is wrong with an ID number, or null when it is valid (birth date real, not in the future, checksum right). */
export function idNumberProblem(idNumber: string, today = new Date()): IdNumberProblem | null {
  if (!/^\d{17}[\dX]$/.test(idNumber)) return 'format';
  const year = Number(idNumber.slice(6, 10));
  const month = Number(idNumber.slice(10, 12));
  const day = Number(idNumber.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (year < 1900 || birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day || birth > today) {
    return 'birthDate';
  }
  if (idNumberCheckCharacter(idNumber) !== idNumber[17]) return 'checksum';
  return null;
}

/** 1101**********1234: the first four and last four characters. */
export function maskIdNumber(idNumber: string): string {
  return `${idNumber.slice(0, 4)}${'*'.repeat(Math.max(0, idNumber.length - 8))}${idNumber.slice(-4)}`;
}

/** 王*明, 李*: what public pages show of a real name. */
export function maskName(name: string): string {
  const chars = [...name];
  if (chars.length <= 1) return name;
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars.at(-1)}`;
}

/** Full years of age on `today` (in city time) by the birth date in a valid ID number. */
export function ageFromIdNumber(idNumber: string, today = new Date()): number {
  const [year, month, day] = [Number(idNumber.slice(6, 10)), Number(idNumber.slice(10, 12)), Number(idNumber.slice(12, 14))];
  const local = cityDay(today);
  const [y, m, d] = [Number(local.slice(0, 4)), Number(local.slice(5, 7)), Number(local.slice(8, 10))];
  return y - year - (m < month || (m === month && d < day) ? 1 : 0);
}
