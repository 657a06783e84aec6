/** Words on the volunteers paths; parameters and bodies come from the zod schemas (./generate.ts). */
import { sessionSecurity, type PathTexts } from './shared';

export const volunteerPaths: PathTexts = {
  '/shifts': {
    get: {
      summary: 'Volunteer shifts to find, in time order (from now on unless `from` is given)',
      tags: ['volunteers'],
      responses: { '200': 'Up to 200 shifts', '400': 'A malformed filter' },
    },
    post: {
      summary: "Publish a shift of a project (a leader of the project's team, or an admin)",
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '201': 'Published', '400': 'Invalid fields', '403': 'Not a leader of this team', '404': 'No such project' },
    },
  },
  '/shifts/{id}': {
    get: {
      summary: "One shift, with the signed-in volunteer's sign-up",
      tags: ['volunteers'],
      responses: { '200': 'The shift', '404': 'No such shift' },
    },
    patch: {
      summary: "Edit a shift before it starts (a leader of the project's team, or an admin); fields left out keep their values",
      description:
        'Capacity below the confirmed count is refused (409 capacity_below_confirmed): nobody loses a seat silently. A higher capacity promotes the waitlist in order, each promoted volunteer notified; a new time is told to everyone signed up.',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: {
        '200': 'Saved',
        '400': 'Invalid fields',
        '403': 'Not a leader of this team',
        '404': 'No such shift',
        '409': 'Capacity below the confirmed count (capacity_below_confirmed), the shift has started (started) or was cancelled (cancelled)',
      },
    },
    delete: {
      summary: 'Cancel a shift with a reason; every sign-up is cancelled and everyone signed up is notified',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: {
        '200': 'Cancelled',
        '400': 'No reason given',
        '403': 'Not a leader of this team',
        '404': 'No such shift',
        '409': 'Already cancelled (cancelled), or already over (started)',
      },
    },
  },
  '/projects': {
    post: {
      summary: 'Create a project (服务项目) of a team (a leader of that team, or an admin)',
      description: 'The place is lat/lng inside the city, or else (without a map) a community, whose middle is used.',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '201': 'Created', '400': 'Invalid fields', '403': 'Not a leader of this team', '404': 'No such team' },
    },
  },
  '/projects/{id}': {
    get: {
      summary: 'One project',
      tags: ['volunteers'],
      responses: { '200': 'The project', '404': 'No such project' },
    },
    patch: {
      summary: 'Edit a project; fields left out keep their values (moving it to another team needs leadership of both)',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '200': 'Saved', '400': 'Invalid fields', '403': 'Not a leader of this team', '404': 'No such project or team' },
    },
  },
  '/shifts/{id}/signup': {
    post: {
      summary: 'Sign up: a seat while any is left, else the end of the waitlist',
      description: 'Exact under any concurrency: never more confirmed volunteers than seats; waitlist positions run 1..n without gaps.',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: {
        '201': 'Signed up',
        '200': 'Already holding this seat or waitlist place (a retried request)',
        '403': 'Not registered as a volunteer (not_volunteer)',
        '404': 'No such shift',
        '409': 'Sign-up not open (not_open), paused after no-shows (paused), missing skills (skills), or overlapping a shift already held (overlap)',
      },
    },
    delete: {
      summary: 'Cancel: the first on the waitlist is promoted and notified',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '204': 'Cancelled', '409': 'Not signed up (not_signed_up), or past the cancellation cut-off (cutoff)' },
    },
  },
  '/shifts/{id}/checkin-code': {
    get: {
      summary: "The shift's current check-in code (changes every 30 s), for its leaders",
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '200': 'The code (svg: the QR code of url)', '400': 'A mode other than in or out', '403': 'Not a leader of this team' },
    },
  },
  '/checkins': {
    post: {
      summary: 'Check in or out with a scanned code; the distance is recorded when a location is sent',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: {
        '200': 'Checked in or out (already: a repeated scan)',
        '400': 'Not a code of ours (invalid_code)',
        '409': 'Not signed up, too early or too late, or not checked in yet',
        '410': 'An old code (expired_code): scan the current one',
      },
    },
  },
  '/volunteers': {
    post: {
      summary: 'Register as a volunteer with real name and resident ID number',
      description:
        'idNumberConsent is the separate consent to process the ID number for volunteer real-name registration (PIPL art. 29), recorded with the notice version and time. The ID number is checked by its check character and birth date and stored encrypted.',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: {
        '201': 'Registered',
        '400': 'Invalid fields',
        '409': 'Already registered, or the ID number is registered already (id_taken)',
        '429': 'Too many registration attempts (rate_limited, limits.volunteer); see Retry-After',
      },
    },
  },
  '/volunteers/me': {
    get: {
      summary: 'The signed-in volunteer: profile (ID number masked), hours by source, star level, sign-ups',
      tags: ['volunteers'],
      security: sessionSecurity,
      responses: { '200': 'The record', '404': 'Not registered as a volunteer' },
    },
  },
  '/certificates/{code}': {
    get: {
      summary: 'Verify a service certificate (public): masked name, hours, period and validity only',
      tags: ['volunteers'],
      responses: { '200': 'Genuine', '404': 'No certificate has this code' },
    },
  },
};
