import { errorResponse, jsonBody, jsonResponse, sessionSecurity } from './shared';

const idParameter = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };

const nominationFields = {
  nomineeName: { type: 'string', maxLength: 30 },
  communityId: { type: 'integer', description: 'An area id at community level (GET /city lists districts)' },
  category: { type: 'string', enum: ['helping', 'bravery', 'honesty', 'dedication', 'filial'] },
  story: { type: 'string', minLength: 100, maxLength: 3000 },
  nominatorContact: { type: 'string', maxLength: 100, description: 'Private to the office' },
  evidence: { type: 'string', maxLength: 2000, description: 'Private to the office' },
};

export const nominationSchemas = {
  Round: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      kind: { type: 'string', enum: ['good_people', 'moral_model'] },
      title: { type: 'string' },
      stage: { type: 'string', enum: ['upcoming', 'nominating', 'reviewing', 'voting', 'tallying', 'notice', 'closing', 'announced'], description: "Derived from the schedule and the server's clock" },
      picksPerAccount: { type: 'integer' },
      countsIncludeFlagged: { type: 'boolean', description: 'Whether public counts include flagged votes the office has not reviewed' },
      schedule: {
        type: 'object',
        properties: Object.fromEntries(['nominationOpensAt', 'reviewOpensAt', 'votingOpensAt', 'votingClosesAt', 'noticeOpensAt', 'noticeClosesAt'].map((k) => [k, { type: 'string', format: 'date-time' }])),
      },
      announcedAt: { type: ['string', 'null'], format: 'date-time' },
    },
  },
  Candidate: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      nomineeName: { type: 'string' },
      category: { type: 'string' },
      status: { type: 'string', enum: ['published', 'shortlisted', 'honoured', 'not_selected'] },
      community: { type: 'object', properties: { id: { type: 'integer' }, nameZh: { type: 'string' }, nameEn: { type: 'string' } } },
      district: { type: ['object', 'null'], properties: { id: { type: 'integer' }, nameZh: { type: 'string' }, nameEn: { type: 'string' } } },
      story: { type: 'string', description: 'The published (possibly edited) text' },
      thumbnailUrl: { type: ['string', 'null'] },
      votes: { type: ['integer', 'null'], description: 'Null before voting opens' },
      flaggedVotes: { type: ['integer', 'null'] },
    },
  },
};

export const nominationPaths = {
  '/rounds': {
    get: {
      summary: 'Selection rounds (身边好人, 道德模范) with their current stage',
      tags: ['nominations'],
      responses: { '200': jsonResponse('The rounds', { type: 'object', properties: { rounds: { type: 'array', items: { $ref: '#/components/schemas/Round' } } } }) },
    },
  },
  '/rounds/{id}/candidates': {
    get: {
      summary: "A round's public candidates (only nominees who consented) with vote counts",
      tags: ['nominations'],
      parameters: [idParameter],
      responses: {
        '200': jsonResponse('The round and its candidates', {
          type: 'object',
          properties: { round: { $ref: '#/components/schemas/Round' }, candidates: { type: 'array', items: { $ref: '#/components/schemas/Candidate' } } },
        }),
        '404': errorResponse('No such round'),
      },
    },
  },
  '/rounds/{id}/votes': {
    post: {
      summary: "Cast the account's one ballot in a round (verified phone required)",
      tags: ['nominations'],
      security: sessionSecurity,
      parameters: [idParameter],
      requestBody: jsonBody({ type: 'object', required: ['nominees'], properties: { nominees: { type: 'array', items: { type: 'integer' }, description: "Candidate ids, at most the round's picksPerAccount" } } }),
      responses: {
        '201': jsonResponse('Counted', { type: 'object', properties: { ballot: { type: 'object', properties: { id: { type: 'integer' }, nominees: { type: 'array', items: { type: 'integer' } } } } } }),
        '400': errorResponse('No picks, too many, or not candidates of this round'),
        '401': errorResponse('Not signed in'),
        '403': errorResponse('Phone not verified (phone_unverified)'),
        '404': errorResponse('No such round'),
        '409': errorResponse('Voting is not open (voting_closed), or this account already voted (already_voted)'),
      },
    },
  },
  '/nominations': {
    post: {
      summary: 'Nominate someone; nothing about the nominee is public until the office records their consent',
      tags: ['nominations'],
      security: sessionSecurity,
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: { type: 'object', required: ['nomineeName', 'communityId', 'category', 'story', 'nominatorContact'], properties: nominationFields } },
          'multipart/form-data': {
            schema: {
              type: 'object',
              required: ['nomineeName', 'communityId', 'category', 'story', 'nominatorContact'],
              properties: { ...nominationFields, photos: { type: 'array', maxItems: 6, items: { type: 'string', format: 'binary' } } },
            },
          },
        },
      },
      responses: {
        '201': jsonResponse('Submitted', { type: 'object', properties: { nomination: { type: 'object', properties: { id: { type: 'integer' }, status: { type: 'string', enum: ['submitted'] } } } } }),
        '400': errorResponse('Invalid fields (see error.fields)'),
        '401': errorResponse('Not signed in'),
        '429': errorResponse('Too many nominations from this account or address (rate_limited, limits.nomination); see Retry-After'),
      },
    },
  },
};
