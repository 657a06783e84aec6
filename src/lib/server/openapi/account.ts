/** Words on the account's own paths beyond logging in: a forgotten password, profile changes, export, closing. */
import { sessionSecurity, type PathTexts } from './shared';

export const accountPaths: PathTexts = {
  '/password-resets': {
    post: {
      summary: '忘记密码: text a 6-digit code to a registered phone',
      description:
        'Answers 202 whether or not the number is registered (nothing is sent for an unknown one). One code per phone each 60 seconds, five a day, and at most 20 a hour from one address, counted in the database. In demo mode only, the answer carries the code as demoCode.',
      tags: ['accounts'],
      responses: {
        '202': 'Accepted',
        '400': 'Not a mainland mobile number (invalid)',
        '429': 'Too many codes for this phone or from this address (rate_limited); see Retry-After',
      },
    },
  },
  '/password-resets/confirm': {
    post: {
      summary: 'Set a new password with the code; every session of the account ends',
      tags: ['accounts'],
      responses: {
        '204': 'The password is changed; log in with it',
        '400': 'Invalid fields (invalid), or the wrong code (wrong_code; the message says how many tries are left)',
        '409': 'No code was asked for (no_code)',
        '410': 'The code has expired (expired)',
        '429': 'Five wrong tries: ask for a new code (too_many_attempts)',
      },
    },
  },
  '/me/phone-change': {
    post: {
      summary: 'Change the phone number, step 1: the password, and a code texted to the new number',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '202': 'The code was sent to the new number',
        '400': 'Invalid number, wrong password, or the same number (invalid, same_phone)',
        '409': 'Another account holds the number (phone_taken)',
        '429': 'Too many codes (rate_limited); see Retry-After',
        '502': 'The SMS gateway failed (send_failed)',
      },
    },
  },
  '/me/phone-change/confirm': {
    post: {
      summary: 'Change the phone number, step 2: the code moves the account to the new number',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '200': 'Changed',
        '400': 'Not six digits (invalid), or the wrong code (wrong_code)',
        '409': 'No code was asked for (no_code), or the number was taken meanwhile (phone_taken)',
        '410': 'The code has expired (expired)',
        '429': 'Five wrong tries (too_many_attempts)',
      },
    },
  },
  '/me/email': {
    post: {
      summary: 'Add or change the e-mail address: a verification link is sent to it',
      description:
        "The address becomes the account's only when the link comes back (POST /me/email/verify); until then it receives nothing but the link. One link a minute, five a day.",
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '202': 'The link was queued',
        '400': 'Not an e-mail address (invalid), or the verified one already (same_email)',
        '429': 'Too many links (rate_limited); see Retry-After',
      },
    },
    delete: {
      summary: 'Remove the e-mail address (and any link pending): no more e-mail',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '204': 'Removed', '404': 'No such account' },
    },
  },
  '/me/email/verify': {
    post: {
      summary: 'Verify the e-mail address with the token from the link (no login needed: the token is the proof)',
      tags: ['accounts'],
      responses: {
        '200': 'Verified',
        '400': 'Unknown or used link (invalid)',
        '409': 'Another account verified the address first (email_taken)',
        '410': 'The link has expired (expired)',
      },
    },
  },
  '/me/export': {
    get: {
      summary: 'Download my data: everything the portal holds about the signed-in person',
      description:
        'A JSON file (Content-Disposition: attachment): account, consents with versions and times, reports and photos, follows, ratings, volunteer registration (ID number masked), sign-ups, hours, certificates, nominations made, ballots (the round only, never whom), quiz attempts, notifications, subscriptions (followed areas, message choices) and sessions. Dates in Asia/Shanghai (+08:00). Generated on request and never stored.',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '200': 'The data' },
    },
  },
};

/** Operations added to paths another file describes (merged per method). */
export const accountOperations: PathTexts = {
  '/me': {
    patch: {
      summary: 'Change the display name',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '200': 'Changed', '400': 'Empty or longer than 30 characters (invalid)' },
    },
    delete: {
      summary: '注销: close the account with the password',
      description:
        'Personal data is erased at once (phone, name, e-mail, sessions, codes, notifications; a volunteer registration ends); reports, approved hours behind certificates, counted ballots and aggregate rates stay without the person. The phone can register again. Audited without personal data.',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '204': 'Closed; the session cookie is cleared',
        '400': 'Wrong password (wrong_password)',
        '409': 'The only administrator cannot close their account (last_admin)',
        '429': 'Too many wrong passwords (throttled)',
      },
    },
  },
};
