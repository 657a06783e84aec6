import type { Params } from '../../../i18n';
import type { Failure } from '../result';

/**
 * An error that maps to an HTTP status and a localized message. Thrown by guards and API routes;
 * the middleware turns it into a page (or a redirect to log in) or into {"error":{code,message}}.
 */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    /** i18n key */
    readonly messageKey: string,
    readonly params?: Params,
  ) {
    super(code);
  }
}

export const unauthenticated = () => new HttpError(401, 'unauthenticated', 'error.unauthenticated');
export const forbidden = () => new HttpError(403, 'forbidden', 'error.forbidden');
export const notFound = () => new HttpError(404, 'not_found', 'error.notFound');
export const badRequest = (messageKey = 'error.badRequest', params?: Params) => new HttpError(400, 'bad_request', messageKey, params);

/** Input refused by a schema: a 400 whose body names each field (`{"error":{code,message,fields}}`). */
export class InputError extends HttpError {
  constructor(readonly failure: Failure & { fields: Record<string, string> }) {
    super(400, failure.code, failure.message, failure.params);
  }
}
