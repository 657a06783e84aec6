/** Words on the places paths; parameters and bodies come from the zod schemas. */
import type { PathTexts } from './shared';

export const placePaths: PathTexts = {
  '/places': {
    get: {
      summary: 'Search the gazetteer (areas, imported places and roads, inspection sites, volunteer places) by name, alias or pinyin',
      description: 'Prefix and substring matches, best first. Points are WGS-84 (GCJ-02 is only ever used for drawing on 高德 tiles).',
      tags: ['places'],
      responses: { '200': 'Matching places', '400': 'No query, or one longer than 40 characters' },
    },
  },
  '/places/describe': {
    get: {
      summary: 'Reverse lookup of a WGS-84 point: "near <place>, <community>, <subdistrict>"',
      tags: ['places'],
      responses: { '200': 'The description', '400': 'Latitude or longitude missing or out of range' },
    },
  },
  '/city/outlines': {
    get: {
      summary: "The city's area outlines as GeoJSON (WGS-84), the maps' own base layer",
      description: '`set`: areas (districts, subdistricts and communities) or grid (grid cells).',
      tags: ['city'],
      mediaType: 'application/geo+json',
      responses: { '200': 'A FeatureCollection; properties code, level, zh, en', '304': 'Unchanged since the ETag sent in If-None-Match', '400': 'Unknown set' },
    },
  },
};
