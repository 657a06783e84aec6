import type { APIRoute } from 'astro';
import { respond } from '../../../lib/server/http/api';
import type { z } from '../../../lib/server/http/schema';
import { OpenApiResponse } from '../../../lib/server/openapi/responses';
import { openApiDocument } from '../../../lib/server/openapi';

export const GET: APIRoute = () => respond(OpenApiResponse, openApiDocument as unknown as z.input<typeof OpenApiResponse>, 200, { 'cache-control': 'public, max-age=300' });
