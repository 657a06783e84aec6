import { errorResponse, jsonBody, jsonResponse, sessionSecurity } from './shared';

const userRef = { $ref: '#/components/schemas/User' };

export const authPaths = {
  '/users': {
    post: {
      summary: 'Register an account (and log it in)',
      tags: ['accounts'],
      requestBody: jsonBody({
        type: 'object',
        required: ['phone', 'password', 'displayName', 'birthYear', 'consentVersion'],
        properties: {
          phone: { type: 'string', example: '13800001234', description: 'Mainland China mobile number' },
          password: { type: 'string', minLength: 8, maxLength: 128 },
          displayName: { type: 'string', maxLength: 30 },
          birthYear: { type: 'integer', example: 1990, description: "Year of birth; under 14, volunteering and nominating need a guardian's consent" },
          consentVersion: { type: 'string', description: 'The privacy notice version accepted; must be the current one' },
        },
      }),
      responses: {
        '201': jsonResponse('Created; the session cookie is set', { type: 'object', properties: { user: userRef } }),
        '400': errorResponse('Invalid fields (error.fields names each)'),
        '409': errorResponse('The phone number is already registered'),
        '429': errorResponse('Too many new accounts from this address (rate_limited, limits.signup); see Retry-After'),
      },
    },
  },
  '/users/{id}': {
    get: {
      summary: 'One account (its owner, or an admin, who sees the phone masked)',
      tags: ['accounts'],
      security: sessionSecurity,
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'integer' } }],
      responses: {
        '200': jsonResponse('The account', { type: 'object', properties: { user: { $ref: '#/components/schemas/Me' } } }),
        '401': errorResponse('Not logged in'),
        '403': errorResponse("Another person's account"),
        '404': errorResponse('No such account'),
      },
    },
  },
  '/session': {
    post: {
      summary: 'Log in',
      tags: ['accounts'],
      requestBody: jsonBody({
        type: 'object',
        required: ['login', 'password'],
        properties: { login: { type: 'string', description: 'Phone number, or a demo account name' }, password: { type: 'string' } },
      }),
      responses: {
        '200': jsonResponse('Logged in; the session cookie is set', { type: 'object', properties: { user: userRef } }),
        '401': errorResponse('Wrong login or password (the same answer for unknown accounts)'),
        '429': errorResponse('Too many failed attempts; see Retry-After'),
      },
    },
    delete: {
      summary: 'Log out this session',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: { '204': { description: 'Logged out' } },
    },
  },
  '/me': {
    get: {
      summary: 'The signed-in account',
      tags: ['accounts'],
      security: sessionSecurity,
      responses: {
        '200': jsonResponse('The account', { type: 'object', properties: { user: { $ref: '#/components/schemas/Me' } } }),
        '401': errorResponse('Not logged in'),
      },
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
        '202': jsonResponse('The code was sent', {
          type: 'object',
          properties: {
            verification: {
              type: 'object',
              properties: {
                expiresAt: { type: 'string', format: 'date-time' },
                resendAt: { type: 'string', format: 'date-time', description: 'When another code may be asked for' },
                demoCode: { type: 'string', description: 'Demo mode only' },
              },
            },
          },
        }),
        '401': errorResponse('Not logged in'),
        '409': errorResponse('The phone is already verified (already_verified), or the account has none (no_phone)'),
        '429': errorResponse('Too many codes (rate_limited); see Retry-After'),
        '502': errorResponse('The SMS gateway failed (send_failed)'),
      },
    },
  },
  '/me/phone-verification/confirm': {
    post: {
      summary: 'Check a verification code; the right one marks the phone verified',
      tags: ['accounts'],
      security: sessionSecurity,
      requestBody: jsonBody({ type: 'object', required: ['code'], properties: { code: { type: 'string', pattern: '^[0-9]{6}$' } } }),
      responses: {
        '200': jsonResponse('Verified', { type: 'object', properties: { phoneVerifiedAt: { type: 'string', format: 'date-time' } } }),
        '400': errorResponse('Not six digits (invalid), or the wrong code (wrong_code; the message says how many tries are left)'),
        '401': errorResponse('Not logged in'),
        '409': errorResponse('No code was asked for (no_code), or the phone is already verified (already_verified)'),
        '410': errorResponse('The code has expired (expired)'),
        '429': errorResponse('Five wrong tries: ask for a new code (too_many_attempts)'),
      },
    },
  },
};

export const authSchemas = {
  User: {
    type: 'object',
    properties: { id: { type: 'integer' }, displayName: { type: 'string' }, role: { $ref: '#/components/schemas/Role' } },
  },
  Me: {
    type: 'object',
    properties: {
      id: { type: 'integer' },
      displayName: { type: 'string' },
      phone: { type: 'string', nullable: true, description: 'In full: only its owner sees this' },
      username: { type: 'string', nullable: true },
      role: { $ref: '#/components/schemas/Role' },
      department: { type: 'object', nullable: true },
      gridCell: { type: 'object', nullable: true },
      organizationName: { type: 'string', nullable: true, description: 'Organization accounts: the organization (推荐单位)' },
      phoneVerifiedAt: { type: 'string', format: 'date-time', nullable: true },
      createdAt: { type: 'string', format: 'date-time' },
      consent: { type: 'object', nullable: true, properties: { version: { type: 'string' }, acceptedAt: { type: 'string', format: 'date-time' } } },
    },
  },
  Role: {
    type: 'string',
    enum: ['resident', 'volunteer', 'team_leader', 'department_staff', 'grid_worker', 'moderator', 'admin', 'organization'],
  },
};
