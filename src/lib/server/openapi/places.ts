import { errorResponse, jsonResponse } from './shared';

const areaRef = { type: ['object', 'null'], properties: { code: { type: 'string' }, nameZh: { type: 'string' }, nameEn: { type: 'string' } } };

export const placePaths = {
  '/places': {
    get: {
      summary: 'Search the gazetteer (areas, imported places and roads, inspection sites, volunteer places) by name, alias or pinyin',
      description: 'Prefix and substring matches, best first. Points are WGS-84 (GCJ-02 is only ever used for drawing on 高德 tiles).',
      tags: ['places'],
      parameters: [
        { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: 40 } },
        { name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 20, default: 10 } },
      ],
      responses: {
        '200': jsonResponse('Matching places', {
          type: 'object',
          required: ['places'],
          properties: {
            places: {
              type: 'array',
              items: {
                type: 'object',
                required: ['ref', 'kind', 'name', 'lat', 'lng'],
                properties: {
                  ref: { type: 'string', example: 'place:12' },
                  kind: { type: 'string', enum: ['district', 'subdistrict', 'community', 'grid', 'place', 'road', 'site', 'project'] },
                  name: { type: 'string' },
                  nameZh: { type: 'string' },
                  nameEn: { type: 'string' },
                  lat: { type: 'number', description: 'WGS-84 latitude' },
                  lng: { type: 'number', description: 'WGS-84 longitude' },
                  bbox: { type: ['array', 'null'], items: { type: 'number' }, description: '[west, south, east, north], WGS-84' },
                },
              },
            },
          },
        }),
        '400': errorResponse('No query, or one longer than 40 characters'),
      },
    },
  },
  '/places/describe': {
    get: {
      summary: 'Reverse lookup of a WGS-84 point: "near <place>, <community>, <subdistrict>"',
      tags: ['places'],
      parameters: [
        { name: 'lat', in: 'query', required: true, schema: { type: 'number', minimum: -90, maximum: 90 } },
        { name: 'lng', in: 'query', required: true, schema: { type: 'number', minimum: -180, maximum: 180 } },
      ],
      responses: {
        '200': jsonResponse('The description', {
          type: 'object',
          properties: {
            text: { type: 'string' },
            near: { type: ['object', 'null'], properties: { ref: { type: 'string' }, kind: { type: 'string' }, nameZh: { type: 'string' }, nameEn: { type: 'string' }, distanceMeters: { type: 'integer' } } },
            community: areaRef,
            subdistrict: areaRef,
            district: areaRef,
          },
        }),
        '400': errorResponse('Latitude or longitude missing or out of range'),
      },
    },
  },
  '/city/outlines': {
    get: {
      summary: "The city's area outlines as GeoJSON (WGS-84), the maps' own base layer",
      tags: ['city'],
      parameters: [{ name: 'set', in: 'query', required: false, schema: { type: 'string', enum: ['areas', 'grid'], default: 'areas' }, description: 'areas: districts, subdistricts and communities; grid: grid cells' }],
      responses: {
        '200': { description: 'A FeatureCollection; properties code, level, zh, en', content: { 'application/geo+json': { schema: { type: 'object' } } } },
        '304': { description: 'Unchanged since the ETag sent in If-None-Match' },
        '400': errorResponse('Unknown set'),
      },
    },
  },
};
