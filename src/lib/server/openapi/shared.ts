/** Pieces every domain's OpenAPI paths reuse. */
export const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
});

export const jsonBody = (schema: object, required = true) => ({
  required,
  content: { 'application/json': { schema } },
});

export const jsonResponse = (description: string, schema: object) => ({
  description,
  content: { 'application/json': { schema } },
});

export const sessionSecurity = [{ session: [] }];
