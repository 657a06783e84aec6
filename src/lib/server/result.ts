/**
 * What every command returns: success with its value, or failure with i18n keys the caller
 * maps to localized messages (per field for forms, one code for the API).
 */
import type { Params } from '../../i18n';

export interface Failure<Code extends string = string> {
  ok: false;
  /** Machine-readable reason, also the API's error code. */
  code: Code;
  /** i18n key of the overall message. */
  message: string;
  params?: Params;
  /** i18n keys per form field, for forms that show errors beside inputs. */
  fields?: Record<string, string>;
}

export type Result<T, Code extends string = string> = ({ ok: true } & T) | Failure<Code>;

export function fail<Code extends string>(code: Code, message: string, extra: { params?: Params; fields?: Record<string, string> } = {}): Failure<Code> {
  return { ok: false, code, message, ...extra };
}
