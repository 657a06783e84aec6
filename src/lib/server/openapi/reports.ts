import { errorResponse, jsonBody, jsonResponse, sessionSecurity } from './shared';

const id = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const reportRef = { $ref: '#/components/schemas/Report' };
const filters = [
  { name: 'status', in: 'query', schema: { $ref: '#/components/schemas/ReportStatus' } },
  { name: 'category', in: 'query', schema: { type: 'string' }, description: 'Category code' },
  { name: 'district', in: 'query', schema: { type: 'integer' }, description: 'District id' },
  { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', schema: { type: 'string', format: 'date' }, description: 'Inclusive' },
];

export const reportPaths = {
  '/categories': {
    get: {
      summary: 'Report categories',
      tags: ['reports'],
      responses: {
        '200': jsonResponse('Categories', {
          type: 'array',
          items: {
            type: 'object',
            properties: { code: { type: 'string' }, name: { type: 'object' }, department: { type: 'object' }, deadlineDays: { type: 'integer' } },
          },
        }),
      },
    },
  },
  '/reports': {
    get: {
      summary: 'Public reports, newest first, 20 a page',
      tags: ['reports'],
      parameters: [...filters, { name: 'page', in: 'query', schema: { type: 'integer', minimum: 1 } }],
      responses: { '200': jsonResponse('A page of reports', { type: 'object', properties: { page: { type: 'integer' }, hasMore: { type: 'boolean' }, reports: { type: 'array', items: { type: 'object' } } } }) },
    },
    post: {
      summary: 'File a report (idempotent per Idempotency-Key)',
      tags: ['reports'],
      security: sessionSecurity,
      parameters: [
        { name: 'Idempotency-Key', in: 'header', schema: { type: 'string', minLength: 8, maxLength: 100 } },
        {
          name: 'X-Device-Id',
          in: 'header',
          description: "Optional: the app installation's own random id (16-128 of A-Z a-z 0-9 _ -), for the points' anti-gaming rule; kept only as a keyed hash.",
          schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{16,128}$' },
        },
      ],
      requestBody: {
        required: true,
        content: {
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['category', 'description', 'photos'],
              properties: {
                lat: { type: 'number' },
                lng: { type: 'number' },
                community: { type: 'integer', description: 'Without lat/lng: the community the report is in' },
                confirm: { type: 'string', enum: ['1'], description: 'File even with open reports of the category nearby' },
                category: { type: 'string' },
                description: { type: 'string', minLength: 5, maxLength: 500 },
                photos: { type: 'array', minItems: 1, maxItems: 4, items: { type: 'string', format: 'binary' } },
              },
            },
          },
        },
      },
      responses: {
        '201': jsonResponse('Created; Location names it', { type: 'object', properties: { report: reportRef } }),
        '200': jsonResponse('Already created with this Idempotency-Key', { type: 'object', properties: { report: reportRef } }),
        '400': errorResponse('Invalid fields or photos'),
        '401': errorResponse('Not logged in'),
        '409': jsonResponse('Open reports of the category nearby ("me too"); send confirm=1 to file anyway', {
          type: 'object',
          properties: {
            error: { type: 'object', properties: { code: { const: 'duplicates' }, message: { type: 'string' } } },
            duplicates: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, distanceMeters: { type: 'number' }, followerCount: { type: 'integer' } } } },
          },
        }),
        '422': errorResponse('The point is outside the city'),
        '429': errorResponse('Too many reports from this account or address (rate_limited, limits.report); see Retry-After'),
      },
    },
  },
  '/reports/nearby': {
    get: {
      summary: 'Open reports of a category within 50 m from the last 7 days (offer "me too")',
      tags: ['reports'],
      parameters: [
        { name: 'lat', in: 'query', required: true, schema: { type: 'number' } },
        { name: 'lng', in: 'query', required: true, schema: { type: 'number' } },
        { name: 'category', in: 'query', required: true, schema: { type: 'string' } },
      ],
      responses: { '200': jsonResponse('Nearby reports, nearest first', { type: 'object', properties: { reports: { type: 'array', items: { type: 'object' } } } }), '400': errorResponse('Bad point or category') },
    },
  },
  '/reports/map': {
    get: {
      summary: 'Clusters and single reports for a bounding box and zoom',
      tags: ['reports'],
      parameters: [
        { name: 'bbox', in: 'query', required: true, schema: { type: 'string' }, description: 'west,south,east,north' },
        { name: 'zoom', in: 'query', required: true, schema: { type: 'integer' } },
        ...filters,
      ],
      responses: {
        '200': jsonResponse('Clusters {lat,lng,count} and reports {id,lat,lng,category,status}', {
          type: 'object',
          properties: { clusters: { type: 'array', items: { type: 'object' } }, reports: { type: 'array', items: { type: 'object' } } },
        }),
        '400': errorResponse('Bad bounding box or zoom'),
      },
    },
  },
  '/reports/{id}': {
    get: {
      summary: 'One report (public fields; staff who handle it also get `private`)',
      tags: ['reports'],
      parameters: [id],
      responses: { '200': jsonResponse('The report', { type: 'object', properties: { report: reportRef } }), '404': errorResponse('No such report, or not visible to you') },
    },
  },
  '/reports/{id}/follow': {
    post: {
      summary: '"Me too": follow the report',
      tags: ['reports'],
      security: sessionSecurity,
      parameters: [id],
      responses: { '200': jsonResponse('Follower count', { type: 'object', properties: { followerCount: { type: 'integer' }, added: { type: 'boolean' } } }), '401': errorResponse('Not logged in'), '404': errorResponse('No such report'), '409': errorResponse('Own report, or no longer open') },
    },
  },
  '/reports/{id}/transitions': {
    post: {
      summary: 'A staff transition of the workflow',
      tags: ['reports'],
      security: sessionSecurity,
      parameters: [id],
      requestBody: jsonBody({
        type: 'object',
        required: ['to', 'version'],
        properties: { to: { $ref: '#/components/schemas/ReportStatus' }, note: { type: 'string' }, deadline: { type: 'string', format: 'date' }, department: { type: 'integer' }, version: { type: 'integer' } },
      }),
      responses: {
        '200': jsonResponse('The report after the change', { type: 'object', properties: { report: reportRef } }),
        '400': errorResponse('Invalid fields'),
        '403': errorResponse('Not yours to make'),
        '404': errorResponse('No such report'),
        '409': errorResponse('Someone else changed it (conflict), the transition is not allowed from its status, or too late'),
      },
    },
  },
};

export const reportSchemas = {
  ReportStatus: { type: 'string', enum: ['submitted', 'accepted', 'rejected', 'assigned', 'in_progress', 'returned', 'rectified', 'closed', 'disputed', 'merged'] },
  Report: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      category: { type: 'string' },
      status: { $ref: '#/components/schemas/ReportStatus' },
      version: { type: 'integer' },
      description: { type: 'string', description: 'Phone and ID numbers masked for the public' },
      lat: { type: 'number' },
      lng: { type: 'number' },
      department: { type: 'object', nullable: true },
      deadline: { type: 'string', format: 'date', nullable: true },
      ticket: { type: 'string', enum: ['white', 'yellow', 'red'], nullable: true },
      followerCount: { type: 'integer' },
      photos: { type: 'array', items: { type: 'object', properties: { url: { type: 'string' }, thumbnailUrl: { type: 'string' }, stage: { type: 'string', enum: ['before', 'after'] } } } },
      timeline: { type: 'array', items: { type: 'object' } },
    },
  },
};
