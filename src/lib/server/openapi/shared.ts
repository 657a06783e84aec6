/**
 * What each domain's path file says about its operations: words only. Parameters, request bodies and
 * response bodies are the zod schemas the routes use (./generate.ts, ./responses.ts), so the document
 * cannot drift from the code.
 */
export type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface OperationText {
  summary: string;
  description?: string;
  tags: string[];
  /** Who may call: `sessionSecurity` for a signed-in account; left out, the operation is public (`security: []`). */
  security?: typeof sessionSecurity | [];
  /**
   * What each status the operation answers means. The 2xx body is the operation's zod schema in
   * ./responses.ts; every 4xx is the one error shape (400, 401, 404 and 415 are added where they apply).
   * Left out: 200 with its body.
   */
  responses?: Record<string, string>;
  /** The 2xx body's media type, when not JSON. */
  mediaType?: string;
}

export type PathTexts = Record<string, Partial<Record<Method, OperationText>>>;

export const sessionSecurity = [{ session: [] as string[] }];
