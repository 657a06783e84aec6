import { errorResponse, jsonBody, jsonResponse, sessionSecurity } from './shared';

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'integer' } };
const shiftRef = { $ref: '#/components/schemas/Shift' };
const projectRef = { $ref: '#/components/schemas/Project' };
const projectInput = (required: string[]) => ({
  type: 'object',
  required,
  properties: {
    teamId: { type: 'integer' },
    title: { type: 'string', maxLength: 80 },
    type: { $ref: '#/components/schemas/ProjectType' },
    description: { type: 'string' },
    address: { type: 'string' },
    lat: { type: 'number' },
    lng: { type: 'number' },
    communityId: { type: 'integer', description: 'Used for the place when lat/lng are not given' },
  },
});

export const volunteerPaths = {
  '/shifts': {
    get: {
      summary: 'Volunteer shifts to find, in time order (from now on unless `from` is given)',
      tags: ['volunteers'],
      parameters: [
        { name: 'from', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Shifts ending after this' },
        { name: 'to', in: 'query', schema: { type: 'string', format: 'date-time' }, description: 'Shifts starting before this' },
        { name: 'bbox', in: 'query', schema: { type: 'string', example: '112.95,28.15,113.05,28.25' }, description: 'west,south,east,north' },
        { name: 'type', in: 'query', schema: { $ref: '#/components/schemas/ProjectType' } },
        { name: 'district', in: 'query', schema: { type: 'integer' }, description: 'District area id' },
      ],
      responses: {
        '200': jsonResponse('Up to 200 shifts', { type: 'object', properties: { shifts: { type: 'array', items: shiftRef } } }),
        '400': errorResponse('A malformed filter'),
      },
    },
    post: {
      summary: "Publish a shift of a project (a leader of the project's team, or an admin)",
      tags: ['volunteers'],
      security: sessionSecurity,
      requestBody: jsonBody({
        type: 'object',
        required: ['projectId', 'startsAt', 'endsAt', 'capacity'],
        properties: {
          projectId: { type: 'integer' },
          startsAt: { type: 'string', format: 'date-time' },
          endsAt: { type: 'string', format: 'date-time' },
          capacity: { type: 'integer', minimum: 1 },
          requiredSkills: { type: 'array', items: { type: 'string' } },
          signupOpensAt: { type: 'string', format: 'date-time', nullable: true },
          signupClosesAt: { type: 'string', format: 'date-time', nullable: true },
          cancelCutoffMinutes: { type: 'integer', default: 180 },
        },
      }),
      responses: {
        '201': jsonResponse('Published', { type: 'object', properties: { shift: { type: 'object', properties: { id: { type: 'integer' } } } } }),
        '400': errorResponse('Invalid fields'),
        '401': errorResponse('Not logged in'),
        '403': errorResponse('Not a leader of this team'),
        '404': errorResponse('No such project'),
      },
    },
  },
  '/shifts/{id}': {
    get: {
      summary: "One shift, with the signed-in volunteer's sign-up",
      tags: ['volunteers'],
      parameters: [idParam],
      responses: { '200': jsonResponse('The shift', { type: 'object', properties: { shift: shiftRef } }), '404': errorResponse('No such shift') },
    },
    patch: {
      summary: "Edit a shift before it starts (a leader of the project's team, or an admin); fields left out keep their values",
      description: 'Capacity below the confirmed count is refused (409 capacity_below_confirmed): nobody loses a seat silently. A higher capacity promotes the waitlist in order, each promoted volunteer notified; a new time is told to everyone signed up.',
      tags: ['volunteers'],
      security: sessionSecurity,
      parameters: [idParam],
      requestBody: jsonBody({
        type: 'object',
        properties: {
          startsAt: { type: 'string', format: 'date-time' },
          endsAt: { type: 'string', format: 'date-time' },
          capacity: { type: 'integer', minimum: 1 },
          requiredSkills: { type: 'array', items: { type: 'string' } },
          signupOpensAt: { type: 'string', format: 'date-time', nullable: true },
          signupClosesAt: { type: 'string', format: 'date-time', nullable: true },
          cancelCutoffMinutes: { type: 'integer', description: 'Confirmed volunteers may cancel until this many minutes before the start (default 180)' },
        },
      }),
      responses: {
        '200': jsonResponse('Saved', { type: 'object', properties: { shift: shiftRef, promoted: { type: 'integer', description: 'Waitlisted volunteers given a seat' } } }),
        '400': errorResponse('Invalid fields'),
        '401': errorResponse('Not logged in'),
        '403': errorResponse('Not a leader of this team'),
        '404': errorResponse('No such shift'),
        '409': errorResponse('Capacity below the confirmed count (capacity_below_confirmed), the shift has started (started) or was cancelled (cancelled)'),
      },
    },
    delete: {
      summary: 'Cancel a shift with a reason; every sign-up is cancelled and everyone signed up is notified',
      tags: ['volunteers'],
      security: sessionSecurity,
      parameters: [idParam],
      requestBody: jsonBody({ type: 'object', required: ['reason'], properties: { reason: { type: 'string', maxLength: 200 } } }),
      responses: {
        '200': jsonResponse('Cancelled', { type: 'object', properties: { cancelled: { type: 'boolean' }, notified: { type: 'integer' } } }),
        '400': errorResponse('No reason given'),
        '403': errorResponse('Not a leader of this team'),
        '404': errorResponse('No such shift'),
        '409': errorResponse('Already cancelled (cancelled), or already over (started)'),
      },
    },
  },
  '/projects': {
    post: {
      summary: 'Create a project (服务项目) of a team (a leader of that team, or an admin)',
      description: 'The place is lat/lng inside the city, or else (without a map) a community, whose middle is used.',
      tags: ['volunteers'],
      security: sessionSecurity,
      requestBody: jsonBody(projectInput(['teamId', 'title', 'type'])),
      responses: {
        '201': jsonResponse('Created', { type: 'object', properties: { project: projectRef } }),
        '400': errorResponse('Invalid fields'),
        '401': errorResponse('Not logged in'),
        '403': errorResponse('Not a leader of this team'),
        '404': errorResponse('No such team'),
      },
    },
  },
  '/projects/{id}': {
    get: {
      summary: 'One project',
      tags: ['volunteers'],
      parameters: [idParam],
      responses: { '200': jsonResponse('The project', { type: 'object', properties: { project: projectRef } }), '404': errorResponse('No such project') },
    },
    patch: {
      summary: 'Edit a project; fields left out keep their values (moving it to another team needs leadership of both)',
      tags: ['volunteers'],
      security: sessionSecurity,
      parameters: [idParam],
      requestBody: jsonBody(projectInput([])),
      responses: {
        '200': jsonResponse('Saved', { type: 'object', properties: { project: projectRef } }),
        '400': errorResponse('Invalid fields'),
        '403': errorResponse('Not a leader of this team'),
        '404': errorResponse('No such project or team'),
      },
    },
  },
  '/shifts/{id}/signup': {
    post: {
      summary: 'Sign up: a seat while any is left, else the end of the waitlist',
      description: 'Exact under any concurrency: never more confirmed volunteers than seats; waitlist positions run 1..n without gaps.',
      tags: ['volunteers'],
      security: sessionSecurity,
      parameters: [idParam],
      responses: {
        '201': jsonResponse('Signed up', { $ref: '#/components/schemas/SignupOutcome' }),
        '200': jsonResponse('Already holding this seat or waitlist place (a retried request)', { $ref: '#/components/schemas/SignupOutcome' }),
        '401': errorResponse('Not logged in'),
        '403': errorResponse('Not registered as a volunteer (not_volunteer)'),
        '404': errorResponse('No such shift'),
        '409': errorResponse('Sign-up not open (not_open), paused after no-shows (paused), missing skills (skills), or overlapping a shift already held (overlap)'),
      },
    },
    delete: {
      summary: 'Cancel: the first on the waitlist is promoted and notified',
      tags: ['volunteers'],
      security: sessionSecurity,
      parameters: [idParam],
      responses: {
        '204': { description: 'Cancelled' },
        '401': errorResponse('Not logged in'),
        '409': errorResponse('Not signed up (not_signed_up), or past the cancellation cut-off (cutoff)'),
      },
    },
  },
  '/shifts/{id}/checkin-code': {
    get: {
      summary: "The shift's current check-in code (changes every 30 s), for its leaders",
      tags: ['volunteers'],
      security: sessionSecurity,
      parameters: [idParam, { name: 'mode', in: 'query', schema: { type: 'string', enum: ['in', 'out'], default: 'in' } }],
      responses: {
        '200': jsonResponse('The code', {
          type: 'object',
          properties: { mode: { type: 'string' }, url: { type: 'string' }, svg: { type: 'string', description: 'The QR code of url' }, nextChangeAt: { type: 'string', format: 'date-time' } },
        }),
        '403': errorResponse('Not a leader of this team'),
      },
    },
  },
  '/checkins': {
    post: {
      summary: 'Check in or out with a scanned code; the distance is recorded when a location is sent',
      tags: ['volunteers'],
      security: sessionSecurity,
      requestBody: jsonBody({ type: 'object', required: ['token'], properties: { token: { type: 'string' }, lat: { type: 'number' }, lng: { type: 'number' } } }),
      responses: {
        '200': jsonResponse('Checked in or out (already: a repeated scan)', {
          type: 'object',
          properties: { mode: { type: 'string' }, shiftId: { type: 'integer' }, title: { type: 'string' }, already: { type: 'boolean' }, distanceM: { type: 'integer', nullable: true }, flagged: { type: 'boolean' }, minutes: { type: 'integer', nullable: true } },
        }),
        '400': errorResponse('Not a code of ours (invalid_code)'),
        '410': errorResponse('An old code (expired_code): scan the current one'),
        '409': errorResponse('Not signed up, too early or too late, or not checked in yet'),
      },
    },
  },
  '/volunteers': {
    post: {
      summary: 'Register as a volunteer with real name and resident ID number',
      tags: ['volunteers'],
      security: sessionSecurity,
      requestBody: jsonBody({
        type: 'object',
        required: ['realName', 'idNumber', 'phone', 'communityId', 'idNumberConsent'],
        properties: {
          idNumberConsent: { type: 'boolean', const: true, description: 'The separate consent to process the ID number for volunteer real-name registration (PIPL art. 29); recorded with the notice version and time' },
          realName: { type: 'string' },
          idNumber: { type: 'string', description: '18 characters; checked by its check character and birth date; stored encrypted' },
          phone: { type: 'string' },
          communityId: { type: 'integer' },
          skills: { type: 'array', items: { type: 'string' } },
          availability: { type: 'array', items: { type: 'string', enum: ['weekday_day', 'weekday_evening', 'weekend'] } },
        },
      }),
      responses: {
        '201': jsonResponse('Registered', { type: 'object', properties: { volunteer: { type: 'object', properties: { id: { type: 'integer' }, volunteerNumber: { type: 'string' } } } } }),
        '400': errorResponse('Invalid fields'),
        '409': errorResponse('Already registered, or the ID number is registered already (id_taken)'),
        '429': errorResponse('Too many registration attempts (rate_limited, limits.volunteer); see Retry-After'),
      },
    },
  },
  '/volunteers/me': {
    get: {
      summary: 'The signed-in volunteer: profile (ID number masked), hours by source, star level, sign-ups',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '200': jsonResponse('The record', { type: 'object' }), '404': errorResponse('Not registered as a volunteer') },
    },
  },
  '/certificates/{code}': {
    get: {
      summary: 'Verify a service certificate (public): masked name, hours, period and validity only',
      tags: ['volunteers'],
      parameters: [{ name: 'code', in: 'path', required: true, schema: { type: 'string' } }],
      responses: {
        '200': jsonResponse('Genuine', {
          type: 'object',
          properties: {
            certificate: {
              type: 'object',
              properties: { number: { type: 'string' }, maskedName: { type: 'string' }, totalHours: { type: 'number' }, periodFrom: { type: 'string' }, periodTo: { type: 'string' }, issuedOn: { type: 'string' }, valid: { type: 'boolean' } },
            },
          },
        }),
        '404': errorResponse('No certificate has this code'),
      },
    },
  },
};

export const volunteerSchemas = {
  ProjectType: { type: 'string', enum: ['traffic', 'leifeng_station', 'cleanup', 'civility', 'care', 'event', 'other'] },
  Project: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      teamId: { type: 'integer' },
      title: { type: 'string' },
      type: { $ref: '#/components/schemas/ProjectType' },
      description: { type: 'string' },
      address: { type: 'string' },
      lat: { type: 'number' },
      lng: { type: 'number' },
      communityId: { type: 'integer', nullable: true },
      districtId: { type: 'integer', nullable: true },
    },
  },
  SignupOutcome: {
    oneOf: [
      { type: 'object', required: ['status'], properties: { status: { const: 'confirmed' } } },
      { type: 'object', required: ['status', 'position'], properties: { status: { const: 'waitlisted' }, position: { type: 'integer', minimum: 1 } } },
    ],
  },
  Shift: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      startsAt: { type: 'string', format: 'date-time' },
      endsAt: { type: 'string', format: 'date-time' },
      capacity: { type: 'integer' },
      confirmed: { type: 'integer' },
      waitlisted: { type: 'integer' },
      seatsLeft: { type: 'integer' },
      requiredSkills: { type: 'array', items: { type: 'string' } },
      signupOpensAt: { type: 'string', format: 'date-time', nullable: true },
      signupClosesAt: { type: 'string', format: 'date-time' },
      cancelCutoffAt: { type: 'string', format: 'date-time' },
      cancelledAt: { type: 'string', format: 'date-time', nullable: true },
      project: { type: 'object', properties: { id: { type: 'integer' }, title: { type: 'string' }, type: { $ref: '#/components/schemas/ProjectType' }, address: { type: 'string' }, lat: { type: 'number' }, lng: { type: 'number' }, teamId: { type: 'integer' }, districtId: { type: 'integer', nullable: true } } },
      team: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } },
      mySignup: { type: 'object', nullable: true, properties: { status: { type: 'string' }, position: { type: 'integer', nullable: true } } },
    },
  },
};
