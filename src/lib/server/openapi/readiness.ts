/** Words on the readiness paths; parameters and bodies come from the zod schemas. */
import { sessionSecurity, type PathTexts } from './shared';

export const readinessPaths: PathTexts = {
  '/readiness/sites': {
    get: {
      summary: 'Inspection sites with their latest score (staff)',
      tags: ['readiness'],
      security: sessionSecurity,
      responses: { '200': 'Sites', '403': 'Not staff' },
    },
  },
};
