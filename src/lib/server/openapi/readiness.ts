import { errorResponse, jsonResponse, sessionSecurity } from './shared';

export const readinessPaths = {
  '/readiness/sites': {
    get: {
      summary: 'Inspection sites with their latest score (staff)',
      tags: ['readiness'],
      security: sessionSecurity,
      parameters: [
        { name: 'type', in: 'query', schema: { type: 'string' }, description: 'Site type code, e.g. main_road' },
        { name: 'district', in: 'query', schema: { type: 'integer' }, description: 'District id' },
      ],
      responses: {
        '200': jsonResponse('Sites', {
          type: 'object',
          properties: {
            sites: {
              type: 'array',
              items: {
                type: 'object',
                properties: {
                  id: { type: 'integer' },
                  code: { type: 'string' },
                  type: { type: 'string' },
                  name: { type: 'string' },
                  lat: { type: 'number' },
                  lng: { type: 'number' },
                  department: { type: 'object' },
                  district: { type: ['object', 'null'] },
                  lastScore: { type: ['number', 'null'] },
                  lastInspectedAt: { type: ['string', 'null'], format: 'date-time' },
                },
              },
            },
          },
        }),
        '401': errorResponse('Not signed in'),
        '403': errorResponse('Not staff'),
      },
    },
  },
};
