import { errorResponse, jsonResponse } from './shared';

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

export const calendarPaths = {
  '/calendar': {
    get: {
      operationId: 'getCalendar',
      summary: "A year's public holidays and make-up working days (调休), with the source of each",
      description:
        'Working days are Monday to Friday less the holidays listed, plus the make-up working days listed. `schedule` is `official` when the ' +
        "State Council's schedule for the year is known, `fallback` when only the statutory holidays are (no make-up days yet); each day's " +
        '`source` is `official`, `fallback` or `override` (set by the city\'s administrators).',
      tags: ['city'],
      security: [],
      parameters: [{ name: 'year', in: 'query', required: false, description: 'Defaults to the current year (city time)', schema: { type: 'integer', minimum: 2000, maximum: 2099 } }],
      responses: {
        '200': jsonResponse('The year', {
          type: 'object',
          required: ['year', 'schedule', 'days'],
          properties: {
            year: { type: 'integer' },
            schedule: { type: 'string', enum: ['official', 'fallback'] },
            days: {
              type: 'array',
              items: {
                type: 'object',
                required: ['date', 'kind', 'name', 'source'],
                properties: {
                  date: { type: 'string', format: 'date' },
                  kind: { type: 'string', enum: ['holiday', 'workday'] },
                  name: { type: 'object', required: ['zh', 'en'], properties: { zh: { type: 'string' }, en: { type: 'string' } } },
                  source: { type: 'string', enum: ['official', 'fallback', 'override'] },
                },
              },
            },
          },
        }),
        '400': errorResponse('The year is not a year from 2000 to 2099'),
      },
    },
  },
};
