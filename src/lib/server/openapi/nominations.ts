/** Words on the nominations paths; parameters and bodies come from the zod schemas. */
import { sessionSecurity, type PathTexts } from './shared';

export const nominationPaths: PathTexts = {
  '/rounds': {
    get: { summary: 'Selection rounds (身边好人, 道德模范) with their current stage', tags: ['nominations'], responses: { '200': 'The rounds' } },
  },
  '/rounds/{id}/candidates': {
    get: {
      summary: "A round's public candidates (only nominees who consented) with vote counts",
      tags: ['nominations'],
      responses: { '200': 'The round and its candidates', '404': 'No such round' },
    },
  },
  '/rounds/{id}/votes': {
    post: {
      summary: "Cast the account's one ballot in a round (verified phone required)",
      tags: ['nominations'],
      security: sessionSecurity,
      responses: {
        '201': 'Counted',
        '400': 'No picks, too many, or not candidates of this round',
        '403': 'Phone not verified (phone_unverified)',
        '404': 'No such round',
        '409': 'Voting is not open (voting_closed), or this account already voted (already_voted)',
      },
    },
  },
  '/nominations': {
    post: {
      summary: 'Nominate someone; nothing about the nominee is public until the office records their consent',
      description: 'JSON, or multipart/form-data with the same fields and up to 6 photos. The contact and evidence are private to the office.',
      tags: ['nominations'],
      security: sessionSecurity,
      responses: {
        '201': 'Submitted',
        '400': 'Invalid fields (see error.fields)',
        '403': "Not allowed, or a minor's nomination without a guardian's consent",
        '429': 'Too many nominations from this account or address (rate_limited, limits.nomination); see Retry-After',
      },
    },
  },
};
