/** Words on the reports paths; parameters and bodies come from the zod schemas (./generate.ts). */
import { sessionSecurity, type PathTexts } from './shared';

export const reportPaths: PathTexts = {
  '/categories': {
    get: { summary: 'Report categories', tags: ['reports'] },
  },
  '/reports': {
    get: {
      summary: 'Public reports, newest first, 20 a page',
      tags: ['reports'],
      responses: { '200': 'A page of reports', '400': 'A filter or page it does not understand (error.fields names it)' },
    },
    post: {
      summary: 'File a report (idempotent per Idempotency-Key)',
      tags: ['reports'],
      security: sessionSecurity,
      responses: {
        '201': 'Created; Location names it',
        '200': 'Already created with this Idempotency-Key',
        '400': 'Invalid fields or photos',
        '409': 'Open reports of the category nearby (code duplicates, with `duplicates`); send confirm=1 to file anyway',
        '422': 'The point is outside the city',
        '429': 'Too many reports from this account or address (rate_limited, limits.report); see Retry-After',
      },
    },
  },
  '/reports/nearby': {
    get: {
      summary: 'Open reports of a category within 50 m from the last 7 days (offer "me too")',
      tags: ['reports'],
      responses: { '200': 'Nearby reports, nearest first', '400': 'Bad point or category' },
    },
  },
  '/reports/map': {
    get: {
      summary: 'Clusters and single reports for a bounding box and zoom',
      description:
        'Public points only; reports hidden by flags are in no count. Drawn as squares centred on their points (a report 24 px, a cluster 28-52 px by its digits: src/lib/geo/markers.ts) at the zoom asked, no two of them come within 2 px of each other.',
      tags: ['reports'],
      responses: { '200': 'Clusters {lat,lng,count} and reports {id,lat,lng,category,status}', '400': 'Bad bounding box, zoom or filter' },
    },
  },
  '/reports/{id}': {
    get: {
      summary: 'One report (public fields; staff who handle it also get `private`) and its public updates',
      tags: ['reports'],
      responses: { '200': 'The report', '404': 'No such report, or not visible to you' },
    },
  },
  '/reports/{id}/follow': {
    post: {
      summary: '"Me too": follow the report',
      tags: ['reports'],
      security: sessionSecurity,
      responses: { '200': 'Follower count', '404': 'No such report', '409': 'Own report, or no longer open' },
    },
  },
  '/reports/{id}/transitions': {
    post: {
      summary: 'A staff transition of the workflow',
      tags: ['reports'],
      security: sessionSecurity,
      responses: {
        '200': 'The report after the change',
        '400': 'Invalid fields',
        '403': 'Not yours to make',
        '404': 'No such report',
        '409': 'Someone else changed it (conflict), the transition is not allowed from its status, or too late',
      },
    },
  },
};
