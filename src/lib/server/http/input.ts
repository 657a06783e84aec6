import { INT4_MAX } from './schema';

/** Reading untrusted form and JSON input: a missing or non-text value is the empty string, never a throw. */

export function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** A text field of a submitted form ('' when absent or a file). */
export function formText(form: FormData, name: string): string {
  return asText(form.get(name));
}

/** A positive whole number within the int4 range of the id columns, or null. */
export function positiveId(value: unknown): number | null {
  const id = Number(value);
  return Number.isInteger(id) && id > 0 && id <= INT4_MAX ? id : null;
}
