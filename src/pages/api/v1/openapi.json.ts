import type { APIRoute } from 'astro';
import { json } from '../../../lib/server/http/api';
import { openApiDocument } from '../../../lib/server/openapi';

export const GET: APIRoute = () => json(openApiDocument, 200, { 'cache-control': 'public, max-age=300' });
