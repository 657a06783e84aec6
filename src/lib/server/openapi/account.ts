/** The account's own paths beyond logging in: a forgotten password, profile changes, export, closing. */
import { errorResponse, jsonBody, jsonResponse, sessionSecurity } from './shared';

const codeSent = (key: string, description: string) =>
  jsonResponse(description, {
    type: 'object',
    properties: {
      [key]: {
        type: 'object',
        properties: {
          expiresAt: { type: 'string', format: 'date-time' },
          resendAt: { type: 'string', format: 'date-time', description: 'When another code may be asked for' },
          demoCode: { type: 'string', description: 'Demo mode only' },
        },
      },
    },
  });

export const accountPaths = {
  '/password-resets': {
    post: {
      summary: '忘记密码: text a 6-digit code to a registered phone',
      description:
        'Answers 202 whether or not the number is registered (nothing is sent for an unknown one). One code per phone each 60 seconds, five a day, and at most 20 a hour from one address, counted in the database. In demo mode only, the answer carries the code as demoCode.',
      tags: ['accounts'],
      requestBody: jsonBody({ type: 'object', required: ['phone'], properties: { phone: { type: 'string', maxLength: 20, example: '13800000001' } } }),
      responses: {
        '202': codeSent('reset', 'Accepted'),
        '400': errorResponse('Not a mainland mobile number (invalid)'),
        '429': errorResponse('Too many codes for this phone or from this address (rate_limited); see Retry-After'),
      },
    },
  },
  '/password-resets/confirm': {
    post: {
      summary: 'Set a new password with the code; every session of the account ends',
      tags: ['accounts'],
      requestBody: jsonBody({
        type: 'object',
        required: ['phone', 'code', 'newPassword'],
        properties: {
          phone: { type: 'string', maxLength: 20 },
          code: { type: 'string', pattern: '^[0-9]{6}$' },
          newPassword: { type: 'string', minLength: 8, maxLength: 128 },
        },
      }),
      responses: {
        '204': { description: 'The password is changed; log in with it' },
        '400': errorResponse('Invalid fields (invalid), or the wrong code (wrong_code; the message says how many tries are left)'),
        '409': errorResponse('No code was asked for (no_code)'),
        '410': errorResponse('The code has expired (expired)'),
        '429': errorResponse('Five wrong tries: ask for a new code (too_many_attempts)'),
      },
    },
  },
  '/me/phone-change': {
    post: {
      summary: 'Change the phone number, step 1: the password, and a code texted to the new number',
      tags: ['accounts'],
      security: sessionSecurity,
      requestBody: jsonBody({
        type: 'object',
        required: ['newPhone', 'password'],
        properties: { newPhone: { type: 'string', maxLength: 20 }, password: { type: 'string' } },
      }),
      responses: {
        '202': codeSent('change', 'The code was sent to the new number'),
        '400': errorResponse('Invalid number, wrong password, or the same number (invalid, same_phone)'),
        '401': errorResponse('Not logged in'),
        '409': errorResponse('Another account holds the number (phone_taken)'),
        '429': errorResponse('Too many codes (rate_limited); see Retry-After'),
        '502': errorResponse('The SMS gateway failed (send_failed)'),
      },
    },
  },
  '/me/phone-change/confirm': {
    post: {
      summary: 'Change the phone number, step 2: the code moves the account to the new number',
      tags: ['accounts'],
      security: sessionSecurity,
      requestBody: jsonBody({ type: 'object', required: ['code'], properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } } }),
      responses: {
        '200': jsonResponse('Changed', { type: 'object', properties: { phone: { type: 'string' } } }),
        '400': errorResponse('Not six digits (invalid), or the wrong code (wrong_code)'),
        '401': errorResponse('Not logged in'),
        '409': errorResponse('No code was asked for (no_code), or the number was taken meanwhile (phone_taken)'),
        '410': errorResponse('The code has expired (expired)'),
        '429': errorResponse('Five wrong tries (too_many_attempts)'),
      },
    },
  },
  '/me/email': {
    post: {
      summary: 'Add or change the e-mail address: a verification link is sent to it',
      description: 'The address becomes the account\'s only when the link comes back (POST /me/email/verify); until then it receives nothing but the link. One link a minute, five a day.',
      tags: ['accounts'],
      security: sessionSecurity,
      requestBody: jsonBody({ type: 'object', required: ['email'], properties: { email: { type: 'string', format: 'email', maxLength: 254 } } }),
      responses: {
        '202': jsonResponse('The link was queued', {
          type: 'object',
          properties: { verification: { type: 'object', properties: { email: { type: 'string' }, expiresAt: { type: 'string', format: 'date-time' }, demoLink: { type: 'string', description: 'Demo mode only' } } } },
        }),
        '400': errorResponse('Not an e-mail address (invalid), or the verified one already (same_email)'),
        '401': errorResponse('Not logged in'),
        '429': errorResponse('Too many links (rate_limited); see Retry-After'),
      },
    },
    delete: {
      summary: 'Remove the e-mail address (and any link pending): no more e-mail',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '204': { description: 'Removed' }, '401': errorResponse('Not logged in') },
    },
  },
  '/me/email/verify': {
    post: {
      summary: 'Verify the e-mail address with the token from the link (no login needed: the token is the proof)',
      tags: ['accounts'],
      security: [],
      requestBody: jsonBody({ type: 'object', required: ['token'], properties: { token: { type: 'string' } } }),
      responses: {
        '200': jsonResponse('Verified', { type: 'object', properties: { email: { type: 'string' } } }),
        '400': errorResponse('Unknown or used link (invalid)'),
        '409': errorResponse('Another account verified the address first (email_taken)'),
        '410': errorResponse('The link has expired (expired)'),
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
      responses: {
        '200': jsonResponse('The data', { type: 'object', required: ['format', 'exportedAt', 'account'], properties: { format: { type: 'string', example: 'wenming-personal-data/1' }, exportedAt: { type: 'string' }, account: { type: 'object' } } }),
        '401': errorResponse('Not logged in'),
      },
    },
  },
};

/** Operations added to paths another file describes (merged per method). */
export const accountOperations = {
  '/me': {
    patch: {
      summary: 'Change the display name',
      tags: ['accounts'],
      security: sessionSecurity,
      requestBody: jsonBody({ type: 'object', required: ['displayName'], properties: { displayName: { type: 'string', maxLength: 30 } } }),
      responses: {
        '200': jsonResponse('Changed', { type: 'object', properties: { displayName: { type: 'string' } } }),
        '400': errorResponse('Empty or longer than 30 characters (invalid)'),
        '401': errorResponse('Not logged in'),
      },
    },
    delete: {
      summary: '注销: close the account with the password',
      description:
        'Personal data is erased at once (phone, name, e-mail, sessions, codes, notifications; a volunteer registration ends); reports, approved hours behind certificates, counted ballots and aggregate rates stay without the person. The phone can register again. Audited without personal data.',
      tags: ['accounts'],
      security: sessionSecurity,
      requestBody: jsonBody({ type: 'object', required: ['password'], properties: { password: { type: 'string' } } }),
      responses: {
        '204': { description: 'Closed; the session cookie is cleared' },
        '400': errorResponse('Wrong password (wrong_password)'),
        '401': errorResponse('Not logged in'),
        '409': errorResponse('The only administrator cannot close their account (last_admin)'),
        '429': errorResponse('Too many wrong passwords (throttled)'),
      },
    },
  },
};
