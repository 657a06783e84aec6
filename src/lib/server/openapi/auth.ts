/** Words on the accounts' sign-up, login and profile paths; parameters and bodies come from the zod schemas. */
import { sessionSecurity, type PathTexts } from './shared';

export const authPaths: PathTexts = {
  '/users': {
    post: {
      summary: 'Register an account (and log it in)',
      description:
        "The phone is a mainland China mobile number; under 14 (by birthYear), volunteering and nominating need a guardian's consent; consentVersion is the privacy notice version accepted and must be the current one.",
      tags: ['accounts'],
      responses: {
        '201': 'Created; the session cookie is set',
        '400': 'Invalid fields (error.fields names each)',
        '409': 'The phone number is already registered',
        '429': 'Too many new accounts from this address (rate_limited, limits.signup); see Retry-After',
      },
    },
  },
  '/users/{id}': {
    get: {
      summary: 'One account (its owner, or an admin, who sees the phone masked)',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '200': 'The account', '403': "Another person's account", '404': 'No such account' },
    },
  },
  '/session': {
    post: {
      summary: 'Log in (login: the phone number, or a demo account name)',
      tags: ['accounts'],
      responses: {
        '200': 'Logged in; the session cookie is set',
        '401': 'Wrong login or password (the same answer for unknown accounts)',
        '403': 'The account is disabled',
        '429': 'Too many failed attempts; see Retry-After',
      },
    },
    delete: {
      summary: 'Log out this session',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '204': 'Logged out' },
    },
  },
  '/me': {
    get: {
      summary: 'The signed-in account (the phone in full: only its owner sees this)',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '200': 'The account' },
    },
  },
  '/me/phone-verification': {
    post: {
      summary: "Text a 6-digit verification code to the account's own phone",
      description:
        'One code per account and per phone each 60 seconds, five a day. The code lasts 10 minutes and allows 5 tries; a new code replaces the previous one. In demo mode no SMS is sent and the answer carries the code as demoCode; never otherwise.',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '202': 'The code was sent',
        '409': 'The phone is already verified (already_verified), or the account has none (no_phone)',
        '429': 'Too many codes (rate_limited); see Retry-After',
        '502': 'The SMS gateway failed (send_failed)',
      },
    },
  },
  '/me/phone-verification/confirm': {
    post: {
      summary: 'Check a verification code; the right one marks the phone verified',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '200': 'Verified',
        '400': 'Not six digits (invalid), or the wrong code (wrong_code; the message says how many tries are left)',
        '409': 'No code was asked for (no_code), or the phone is already verified (already_verified)',
        '410': 'The code has expired (expired)',
        '429': 'Five wrong tries: ask for a new code (too_many_attempts)',
      },
    },
  },
};
