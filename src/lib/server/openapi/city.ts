import { jsonResponse } from './shared';

export const cityPaths = {
  '/city': {
    get: {
      summary: "The city's name, map centre and bounds, and its districts",
      tags: ['city'],
      responses: {
        '200': jsonResponse('The city', {
          type: 'object',
          properties: {
            name: { type: 'object', properties: { zh: { type: 'string' }, en: { type: 'string' } } },
            center: { type: 'object', properties: { lat: { type: 'number' }, lng: { type: 'number' } } },
            zoom: { type: 'integer' },
            bounds: {
              type: 'object',
              properties: { west: { type: 'number' }, south: { type: 'number' }, east: { type: 'number' }, north: { type: 'number' } },
            },
            districts: {
              type: 'array',
              items: { type: 'object', properties: { code: { type: 'string' }, nameZh: { type: 'string' }, nameEn: { type: 'string' } } },
            },
          },
        }),
      },
    },
  },
};
