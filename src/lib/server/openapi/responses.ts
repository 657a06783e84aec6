/**
 * Response bodies of the API's reads, as zod schemas: the document describes them from these, and a
 * browser test checks every GET's real answer against the document. Objects are strict: a field the
 * route sends and the schema lacks fails that test.
 */
import {
  AREA_LEVELS,
  ATTEMPT_STATES,
  ROLES,
  AVAILABILITY,
  AWARD_STATUSES,
  FLAG_REASONS,
  FLAG_TARGETS,
  POINT_EVENTS,
  QUESTION_KINDS,
  QUIZ_TOPICS,
  REPORT_STATUSES,
  SIGNUP_STATUSES,
  SITE_TYPES,
  SKILLS,
  SURVEY_ITEMS,
} from '../../../../db/schema';
import { z } from '../http/schema';

const o = z.strictObject;
const instant = () => z.string().meta({ format: 'date-time' });
const day = () => z.string().meta({ format: 'date' });
const names = () => o({ zh: z.string(), en: z.string() });
const idNamed = () => o({ id: z.int(), nameZh: z.string(), nameEn: z.string() });
const codeNamed = () => o({ code: z.string(), nameZh: z.string(), nameEn: z.string() });
const status = () => z.enum(REPORT_STATUSES);

export const CityResponse = o({
  name: names(),
  center: o({ lat: z.number(), lng: z.number() }),
  zoom: z.int(),
  bounds: o({ west: z.number(), south: z.number(), east: z.number(), north: z.number() }),
  districts: z.array(codeNamed()).meta({ description: 'Districts by code: the values `?district=` takes' }),
}).meta({ id: 'City' });

export const CategoriesResponse = z.array(o({ code: z.string(), name: names(), department: codeNamed(), deadlineDays: z.int() })).meta({ id: 'Categories' });

export const ReportListItem = o({
  id: z.int(),
  category: z.string(),
  status: status(),
  description: z.string(),
  lat: z.number().meta({ description: 'WGS-84, rounded to 0.0005° (about 50 m): the point as the public may see it' }),
  lng: z.number().meta({ description: 'WGS-84, rounded to 0.0005° (about 50 m)' }),
  district: idNamed().nullable(),
  department: idNamed().nullable(),
  deadline: day().nullable(),
  followerCount: z.int(),
  createdAt: instant(),
}).meta({ id: 'ReportListItem' });

export const ReportListResponse = o({ page: z.int(), hasMore: z.boolean(), reports: z.array(ReportListItem) });

export const ReportMapResponse = o({
  clusters: z.array(o({ lat: z.number(), lng: z.number(), count: z.int() })).meta({ description: 'WGS-84, rounded to 0.0005° (about 50 m)' }),
  reports: z
    .array(o({ id: z.int(), lat: z.number(), lng: z.number(), category: z.string(), status: status() }))
    .meta({ description: 'WGS-84, rounded to 0.0005° (about 50 m): the points as the public may see them' }),
});

export const NearbyResponse = o({
  reports: z.array(
    o({ id: z.int(), category: z.string(), status: status(), distanceMeters: z.number(), followerCount: z.int(), createdAt: instant(), thumbnailUrl: z.string().nullable() }),
  ),
});

export const Report = o({
  id: z.int(),
  category: z.string(),
  categoryName: names(),
  status: status(),
  version: z.int(),
  description: z.string().meta({ description: 'Phone and ID numbers masked for the public' }),
  lat: z.number().meta({ description: 'WGS-84; exact for the staff who handle the report and its reporter, otherwise rounded to 0.0005° (about 50 m)' }),
  lng: z.number().meta({ description: 'WGS-84; exact or rounded as lat' }),
  exactPoint: z.boolean().meta({ description: 'Whether lat/lng are the exact point' }),
  district: idNamed().nullable(),
  community: idNamed().nullable(),
  department: idNamed().nullable(),
  deadline: day().nullable(),
  ticket: z.enum(['white', 'yellow', 'red']).nullable(),
  followerCount: z.int(),
  mergedInto: z.int().nullable(),
  createdAt: instant(),
  updatedAt: instant(),
  photos: z.array(o({ url: z.string(), thumbnailUrl: z.string(), stage: z.enum(['before', 'after']) })),
  timeline: z.array(
    o({
      status: status(),
      from: status().nullable(),
      note: z.string().nullable(),
      department: o({ nameZh: z.string(), nameEn: z.string() }).nullable(),
      deadline: day().nullable(),
      at: instant(),
    }),
  ),
  private: o({
    source: z.string(),
    callerName: z.string().nullable(),
    callerPhone: z.string().nullable().meta({ description: 'Masked' }),
    reporter: o({ name: z.string(), phone: z.string().nullable().meta({ description: 'Masked unless the role may see contacts' }) })
      .nullable()
      .optional()
      .meta({ description: 'The resident who filed it (web reports)' }),
    proposedDepartmentId: z.int().nullable(),
    assignedAt: instant().nullable(),
    attributes: z
      .record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.array(z.string())]))
      .meta({ description: "Answers to the category's extra questions, by field code (see the Open311 service definition)" }),
  })
    .optional()
    .meta({ description: 'Only for staff who handle the report' }),
  allowedTransitions: z.array(status()),
}).meta({ id: 'Report' });

export const ReportResponse = o({ report: Report });

/** An update on a report as the public sees it (phone and ID numbers masked). */
export const ReportUpdate = o({
  id: z.int(),
  text: z.string().meta({ description: 'Phone and ID numbers masked' }),
  mark: z.enum(['still_there', 'fixed']).nullable(),
  photo: o({ url: z.string(), thumbnailUrl: z.string() }).nullable(),
  createdAt: instant(),
}).meta({ id: 'ReportUpdate' });

export const ReportWithUpdatesResponse = o({ report: Report, updates: z.array(ReportUpdate) });
export const UpdateCreatedResponse = o({
  update: o({ id: z.int(), status: z.enum(['pending', 'visible', 'hidden']).meta({ description: 'pending: waits for a moderator (first update of a new account)' }) }),
});
export const FlagCreatedResponse = o({
  flag: o({ id: z.int(), targetType: z.enum(FLAG_TARGETS), targetId: z.int(), reason: z.enum(FLAG_REASONS) }),
});
export const PointsResponse = o({
  total: z.int().meta({ description: 'Points that count (awarded, not held or revoked). Points carry no cash value.' }),
  history: z.array(
    o({
      id: z.int(),
      event: z.enum(POINT_EVENTS),
      source: z.string().meta({ description: 'What earned it, e.g. report:12' }),
      points: z.int(),
      requested: z.int().meta({ description: 'What the rule gave before the daily and weekly caps' }),
      status: z.enum(AWARD_STATUSES),
      day: day(),
      capped: z.boolean(),
      revokedReason: z.string().nullable(),
      at: instant(),
    }),
  ),
});

export const SitesResponse = o({
  sites: z.array(
    o({
      id: z.int(),
      code: z.string(),
      type: z.enum(SITE_TYPES),
      name: z.string(),
      lat: z.number(),
      lng: z.number(),
      department: idNamed().nullable(),
      district: idNamed().nullable(),
      lastScore: z.number().nullable(),
      lastInspectedAt: instant().nullable(),
    }),
  ),
});

const measure = o({ rate: z.number().nullable(), n: z.int(), low: z.number().nullable(), high: z.number().nullable(), small: z.boolean() });
const MEASURES = ['awareness', 'support', 'participation', 'satisfaction'] as const;
const areaRates = o({
  code: z.string(),
  nameZh: z.string(),
  nameEn: z.string(),
  respondents: z.int(),
  measures: o(Object.fromEntries(MEASURES.map((m) => [m, measure])) as Record<(typeof MEASURES)[number], typeof measure>),
  ranks: o(Object.fromEntries(MEASURES.map((m) => [m, z.int().nullable()])) as Record<(typeof MEASURES)[number], z.ZodNullable<z.ZodInt>>),
});

export const MetricsResponse = o({
  campaign: o({ id: z.int(), title: names() }),
  target: z.number(),
  minSample: z.int(),
  maxIntervalWidth: z.number(),
  weighted: z.boolean(),
  city: areaRates,
  districts: z.array(areaRates),
});

export const QuizCampaignsResponse = o({
  campaigns: z.array(
    o({ id: z.int(), title: names(), description: names(), state: z.enum(['open', 'closed']), questionsPerAttempt: z.int(), timeLimitSeconds: z.int(), withSurvey: z.boolean() }),
  ),
});

const Round = o({
  id: z.int(),
  kind: z.string(),
  title: z.string(),
  stage: z.string(),
  picksPerAccount: z.int(),
  countsIncludeFlagged: z.boolean(),
  schedule: o({ nominationOpensAt: instant(), reviewOpensAt: instant(), votingOpensAt: instant(), votingClosesAt: instant(), noticeOpensAt: instant(), noticeClosesAt: instant() }),
  announcedAt: instant().nullable(),
}).meta({ id: 'Round' });

export const RoundsResponse = o({ rounds: z.array(Round) });

export const CandidatesResponse = o({
  round: Round,
  candidates: z.array(
    o({
      id: z.int(),
      nomineeName: z.string(),
      category: z.string(),
      status: z.string(),
      community: idNamed().nullable(),
      district: idNamed().nullable(),
      story: z.string(),
      thumbnailUrl: z.string().nullable(),
      votes: z.int().nullable(),
      flaggedVotes: z.int().nullable(),
    }),
  ),
});

const Shift = o({
  id: z.int(),
  startsAt: instant(),
  endsAt: instant(),
  capacity: z.int(),
  confirmed: z.int(),
  waitlisted: z.int(),
  seatsLeft: z.int(),
  requiredSkills: z.array(z.string()),
  signupOpensAt: instant().nullable(),
  signupClosesAt: instant(),
  cancelCutoffAt: instant(),
  cancelledAt: instant().nullable(),
  project: o({ id: z.int(), title: z.string(), type: z.string(), address: z.string(), lat: z.number(), lng: z.number(), teamId: z.int(), districtId: z.int().nullable() }),
  team: o({ id: z.int(), name: z.string() }),
  mySignup: o({ status: z.enum(SIGNUP_STATUSES), position: z.int().nullable(), checkedInAt: instant().nullable(), checkedOutAt: instant().nullable() })
    .nullable()
    .optional()
    .meta({ description: "The signed-in volunteer's sign-up (null: none; absent: not signed in)" }),
  description: z.string().optional(),
}).meta({ id: 'Shift' });

export const ShiftsResponse = o({ shifts: z.array(Shift) });
export const ShiftResponse = o({ shift: Shift });

export const ProjectResponse = o({
  project: o({
    id: z.int(),
    teamId: z.int(),
    title: z.string(),
    type: z.string(),
    description: z.string(),
    address: z.string(),
    lat: z.number(),
    lng: z.number(),
    communityId: z.int().nullable(),
    districtId: z.int().nullable(),
  }).meta({ id: 'Project' }),
});

export const CheckinCodeResponse = o({ mode: z.enum(['in', 'out']), url: z.string(), svg: z.string(), nextChangeAt: instant() });

export const CertificateResponse = o({
  certificate: o({ number: z.string(), maskedName: z.string(), totalHours: z.number(), periodFrom: day(), periodTo: day(), issuedOn: day(), valid: z.boolean() }),
});

export const MeResponse = o({
  user: o({
    id: z.int(),
    displayName: z.string(),
    phone: z.string().nullable().meta({ description: 'In full: only its owner sees this; null once the account is closed' }),
    username: z.string().nullable(),
    role: z.string(),
    department: idNamed().nullable(),
    gridCell: idNamed().nullable(),
    organizationName: z.string().nullable(),
    phoneVerifiedAt: instant().nullable(),
    createdAt: instant(),
    consent: o({ version: z.string(), acceptedAt: instant() }).nullable(),
  }),
});

export const UserResponse = o({
  user: o({
    id: z.int(),
    displayName: z.string(),
    phone: z.string().nullable().meta({ description: 'Masked unless the owner asks' }),
    role: z.string(),
    department: idNamed().nullable(),
    gridCell: idNamed().nullable(),
    createdAt: instant(),
  }),
});

export const CalendarResponse = o({
  year: z.int(),
  schedule: z.enum(['official', 'fallback']),
  days: z.array(o({ date: day(), kind: z.enum(['holiday', 'workday']), name: names(), source: z.enum(['official', 'fallback', 'override']) })),
});

/** The generated document itself (its parts are OpenAPI 3.1 objects, described by that standard). */
export const OpenApiResponse = o({
  openapi: z.literal('3.1.0'),
  info: o({ title: z.string(), version: z.string(), description: z.string() }),
  servers: z.array(o({ url: z.string() })),
  paths: z.record(z.string(), z.record(z.string(), z.unknown())),
  components: z.record(z.string(), z.record(z.string(), z.unknown())),
  webhooks: z.record(z.string(), z.unknown()).optional(),
});

const position = z.array(z.number()).min(2).max(3);
const ring = z.array(position);
export const OutlinesResponse = o({
  type: z.literal('FeatureCollection'),
  features: z.array(
    o({
      type: z.literal('Feature'),
      properties: o({ code: z.string(), level: z.enum(AREA_LEVELS), zh: z.string(), en: z.string() }),
      geometry: z.union([o({ type: z.literal('Polygon'), coordinates: z.array(ring) }), o({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring)) })]),
    }),
  ),
}).meta({ description: 'A GeoJSON FeatureCollection (WGS-84)' });

const placeKind = z.enum([...AREA_LEVELS, 'place', 'road', 'site', 'project']);
export const PlacesResponse = o({
  places: z.array(
    o({
      ref: z.string().meta({ example: 'place:12' }),
      kind: placeKind,
      name: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      lat: z.number().meta({ description: 'WGS-84 latitude' }),
      lng: z.number().meta({ description: 'WGS-84 longitude' }),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable().meta({ description: '[west, south, east, north], WGS-84' }),
    }),
  ),
});

export const DescribeResponse = o({
  text: z.string(),
  near: o({ ref: z.string(), kind: placeKind, nameZh: z.string(), nameEn: z.string(), distanceMeters: z.number() }).nullable(),
  community: codeNamed().nullable(),
  subdistrict: codeNamed().nullable(),
  district: codeNamed().nullable(),
});

export const VolunteerMeResponse = o({
  volunteer: o({
    id: z.int(),
    volunteerNumber: z.string(),
    realName: z.string(),
    idNumber: z.string().meta({ description: 'Masked' }),
    phone: z.string(),
    skills: z.array(z.enum(SKILLS)),
    availability: z.array(z.enum(AVAILABILITY)),
    pausedUntil: instant().nullable(),
    hasCalendarFeed: z.boolean(),
    community: idNamed(),
    createdAt: instant(),
  }),
  hours: o({ totalMinutes: z.int(), systemMinutes: z.int(), manualMinutes: z.int(), star: z.int() }),
  signups: z.array(
    o({
      shiftId: z.int(),
      startsAt: instant(),
      endsAt: instant(),
      title: z.string(),
      status: z.enum(SIGNUP_STATUSES),
      position: z.int().nullable(),
      checkedInAt: instant().nullable(),
      checkedOutAt: instant().nullable(),
      shiftCancelledAt: instant().nullable(),
      hours: o({ minutes: z.int(), approvedMinutes: z.int().nullable(), status: z.string() }).nullable().meta({ description: 'The hours the shift gave, once settled' }),
    }),
  ),
});

export const Attempt = o({
  id: z.int(),
  campaignId: z.int(),
  campaignTitle: names(),
  counted: z.boolean(),
  state: z.enum(ATTEMPT_STATES),
  startedAt: instant(),
  deadline: instant(),
  questions: z.array(
    o({
      id: z.int(),
      kind: z.enum(QUESTION_KINDS),
      topic: z.enum(QUIZ_TOPICS),
      promptZh: z.string(),
      promptEn: z.string(),
      options: z.array(o({ key: z.string(), zh: z.string(), en: z.string() })),
    }),
  ),
  survey: z.array(z.enum(SURVEY_ITEMS)).meta({ description: 'Survey items asked with this attempt' }),
  score: z.int().nullable(),
  review: z
    .array(o({ questionId: z.int(), chosen: z.array(z.string()), correct: z.array(z.string()), isCorrect: z.boolean(), explanationZh: z.string(), explanationEn: z.string() }))
    .nullable()
    .meta({ description: 'Answers and explanations, once the attempt can no longer be answered' }),
  surveyAnswers: z.partialRecord(z.enum(SURVEY_ITEMS), z.int().min(1).max(5)),
}).meta({ id: 'Attempt' });

export const AttemptResponse = o({ attempt: Attempt });
export const StartedAttemptResponse = o({ attempt: Attempt, resumed: z.boolean().meta({ description: 'An attempt already in progress, given back (200)' }) });

/** Dates in the export are the city's (+08:00). */
const cityTime = () => z.string().meta({ format: 'date-time', description: 'City time, +08:00' });
export const PersonalDataResponse = o({
  format: z.literal('wenming-personal-data/1'),
  exportedAt: cityTime(),
  timeZone: z.string(),
  account: o({
    id: z.int(),
    displayName: z.string(),
    phone: z.string(),
    phoneVerifiedAt: cityTime().nullable(),
    username: z.string().nullable(),
    email: z.string().nullable(),
    emailVerifiedAt: cityTime().nullable(),
    contactEmail: z.string().nullable().meta({ description: 'An address an admin set up for messages only (staff)' }),
    pendingEmail: o({ email: z.string(), sentAt: cityTime(), expiresAt: cityTime() }).nullable().meta({ description: 'An address added but not verified yet' }),
    birthYear: z.int().nullable(),
    role: z.string(),
    organizationName: z.string().nullable(),
    createdAt: cityTime(),
    updatedAt: cityTime(),
  }),
  consents: z.array(o({ kind: z.string(), version: z.string(), detail: z.string().nullable(), acceptedAt: cityTime(), withdrawnAt: cityTime().nullable() })),
  reports: z.array(
    o({
      id: z.int(),
      categoryId: z.int(),
      description: z.string(),
      status: status(),
      lat: z.number(),
      lng: z.number(),
      createdAt: cityTime(),
      closedAt: cityTime().nullable(),
      photos: z.array(o({ stage: z.enum(['before', 'after']), url: z.string(), thumbnailUrl: z.string(), uploadedAt: cityTime() })),
    }),
  ),
  follows: z.array(o({ reportId: z.int(), followedAt: cityTime() })),
  updates: z.array(
    o({
      reportId: z.int(),
      text: z.string(),
      mark: z.string().nullable(),
      status: z.string(),
      photo: z.string().nullable(),
      hiddenReason: z.string().nullable(),
      createdAt: cityTime(),
    }),
  ),
  flags: z.array(o({ targetType: z.string(), targetId: z.int(), reason: z.string(), status: z.string(), flaggedAt: cityTime() })),
  points: o({
    leaderboardName: z.string().nullable(),
    awards: z.array(o({ event: z.string(), source: z.string(), points: z.int(), status: z.string(), day: day(), revokedReason: z.string().nullable() })),
  }),
  ratings: z.array(o({ reportId: z.int(), rating: z.string(), comment: z.string().nullable(), ratedAt: cityTime() })),
  volunteer: o({
    volunteerNumber: z.string(),
    realName: z.string(),
    idNumber: z.string().nullable(),
    idNumberMasked: z.boolean(),
    phone: z.string(),
    communityId: z.int(),
    skills: z.array(z.string()),
    availability: z.array(z.string()),
    registeredAt: cityTime(),
    teams: z.array(o({ team: z.string(), role: z.string(), joinedAt: cityTime() })),
    signups: z.array(
      o({
        project: z.string(),
        startsAt: cityTime(),
        endsAt: cityTime(),
        status: z.string(),
        signedUpAt: cityTime(),
        cancelledAt: cityTime().nullable(),
        checkedInAt: cityTime().nullable(),
        checkedOutAt: cityTime().nullable(),
      }),
    ),
    hours: z.array(o({ project: z.string(), servedOn: day(), minutes: z.int(), approvedMinutes: z.int().nullable(), status: z.string(), reason: z.string().nullable() })),
    certificates: z.array(
      o({ number: z.string(), verificationCode: z.string(), periodFrom: day(), periodTo: day(), totalMinutes: z.int(), issuedAt: cityTime(), revokedAt: cityTime().nullable() }),
    ),
    certificateRequests: z.array(o({ periodFrom: day(), periodTo: day() })),
  }).nullable(),
  nominations: z.array(
    o({
      id: z.int(),
      nomineeName: z.string(),
      category: z.string(),
      story: z.string(),
      contact: z.string(),
      evidence: z.string(),
      status: z.string(),
      officeMessage: z.string().nullable(),
      createdAt: cityTime(),
      photos: z.int().meta({ description: 'How many photos were sent' }),
    }),
  ),
  ballots: z.array(
    o({ roundId: z.int(), round: z.string(), picks: z.int(), castAt: cityTime(), discounted: z.boolean() }).meta({
      description: 'Which round only, never whom: ballots are secret',
    }),
  ),
  quizAttempts: z.array(
    o({
      campaign: names(),
      counted: z.boolean(),
      state: z.string(),
      score: z.int().nullable(),
      startedAt: cityTime(),
      submittedAt: cityTime().nullable(),
      ageBand: z.string().nullable(),
      gender: z.string().nullable(),
      survey: z.array(o({ item: z.string(), value: z.int() })),
    }),
  ),
  notifications: z.array(
    o({ kind: z.string(), messageKey: z.string(), params: z.record(z.string(), z.unknown()), link: z.string().nullable(), createdAt: cityTime(), readAt: cityTime().nullable() }),
  ),
  subscriptions: o({
    areas: z.array(
      o({
        areaId: z.int().nullable(),
        lat: z.number().nullable(),
        lng: z.number().nullable(),
        radiusM: z.int().nullable(),
        categories: z.array(z.string()),
        digest: z.boolean(),
        followedAt: cityTime(),
      }),
    ),
    preferences: z.array(o({ kind: z.string(), channel: z.string(), enabled: z.boolean(), updatedAt: cityTime() })),
  }),
  sessions: z.array(o({ startedAt: cityTime(), expiresAt: cityTime() })),
}).meta({ description: 'Everything the portal holds about the signed-in person (secrets left out, the ID number masked)' });

// Writes' answers

/** The account a registration or a login answers with. */
export const SessionUserResponse = o({ user: o({ id: z.int(), displayName: z.string(), role: z.enum(ROLES) }) });
export const DisplayNameResponse = o({ displayName: z.string() });
/** A code texted (demoCode only in demo mode, never otherwise). */
const codeSent = () =>
  o({
    expiresAt: instant(),
    resendAt: instant().meta({ description: 'When another code may be asked for' }),
    demoCode: z.string().optional().meta({ description: 'Demo mode only' }),
  });
export const PhoneVerificationSentResponse = o({ verification: codeSent() });
export const PhoneVerifiedResponse = o({ phoneVerifiedAt: instant() });
export const PasswordResetSentResponse = o({ reset: codeSent() });
export const PhoneChangeSentResponse = o({ change: codeSent() });
export const PhoneChangedResponse = o({ phone: z.string() });
export const EmailLinkSentResponse = o({
  verification: o({ email: z.string(), expiresAt: instant(), demoLink: z.string().optional().meta({ description: 'Demo mode only' }) }),
});
export const EmailVerifiedResponse = o({ email: z.string() });
export const ShiftCreatedResponse = o({ shift: o({ id: z.int() }) });
export const ShiftUpdatedResponse = o({ shift: Shift, promoted: z.int().meta({ description: 'Waitlisted volunteers given a seat' }) });
export const ShiftCancelledResponse = o({ cancelled: z.literal(true), notified: z.int().meta({ description: 'Volunteers told' }) });
export const SignupResponse = z
  .discriminatedUnion('status', [o({ status: z.literal('confirmed') }), o({ status: z.literal('waitlisted'), position: z.int().min(1) })])
  .meta({ id: 'SignupOutcome' });
export const CheckinResponse = o({
  mode: z.enum(['in', 'out']),
  shiftId: z.int(),
  title: z.string(),
  already: z.boolean().meta({ description: 'A repeated scan' }),
  distanceM: z.int().nullable().meta({ description: 'From the project, when a location was sent' }),
  flagged: z.boolean().meta({ description: 'Too far from the project' }),
  minutes: z.int().nullable().meta({ description: 'The minutes served, on check-out' }),
});
export const VolunteerRegisteredResponse = o({ volunteer: o({ id: z.int(), volunteerNumber: z.string() }) });
export const FollowResponse = o({ followerCount: z.int(), added: z.boolean().meta({ description: 'False when already following' }) });
export const BallotResponse = o({ ballot: o({ id: z.int(), nominees: z.array(z.int()) }) });
export const NominationCreatedResponse = o({ nomination: o({ id: z.int(), status: z.literal('submitted') }) });

/** The 2xx body of each operation that answers one, by "METHOD /path". */
export const RESPONSES: Record<string, z.ZodType> = {
  'POST /users': SessionUserResponse,
  'POST /session': SessionUserResponse,
  'PATCH /me': DisplayNameResponse,
  'POST /me/phone-verification': PhoneVerificationSentResponse,
  'POST /me/phone-verification/confirm': PhoneVerifiedResponse,
  'POST /password-resets': PasswordResetSentResponse,
  'POST /me/phone-change': PhoneChangeSentResponse,
  'POST /me/phone-change/confirm': PhoneChangedResponse,
  'POST /me/email': EmailLinkSentResponse,
  'POST /me/email/verify': EmailVerifiedResponse,
  'POST /shifts': ShiftCreatedResponse,
  'PATCH /shifts/{id}': ShiftUpdatedResponse,
  'DELETE /shifts/{id}': ShiftCancelledResponse,
  'POST /projects': ProjectResponse,
  'PATCH /projects/{id}': ProjectResponse,
  'POST /shifts/{id}/signup': SignupResponse,
  'POST /checkins': CheckinResponse,
  'POST /volunteers': VolunteerRegisteredResponse,
  'POST /quiz-attempts/{id}/submit': AttemptResponse,
  'POST /reports': ReportResponse,
  'POST /reports/{id}/follow': FollowResponse,
  'POST /rounds/{id}/votes': BallotResponse,
  'POST /nominations': NominationCreatedResponse,
  'GET /city': CityResponse,
  'GET /calendar': CalendarResponse,
  'GET /categories': CategoriesResponse,
  'GET /reports': ReportListResponse,
  'GET /reports/map': ReportMapResponse,
  'GET /reports/nearby': NearbyResponse,
  'GET /reports/{id}': ReportWithUpdatesResponse,
  'POST /reports/{id}/updates': UpdateCreatedResponse,
  'POST /flags': FlagCreatedResponse,
  'GET /me/points': PointsResponse,
  'POST /reports/{id}/transitions': ReportResponse,
  'GET /readiness/sites': SitesResponse,
  'GET /metrics': MetricsResponse,
  'GET /quiz-campaigns': QuizCampaignsResponse,
  'GET /rounds': RoundsResponse,
  'GET /rounds/{id}/candidates': CandidatesResponse,
  'GET /shifts': ShiftsResponse,
  'GET /shifts/{id}': ShiftResponse,
  'GET /projects/{id}': ProjectResponse,
  'GET /shifts/{id}/checkin-code': CheckinCodeResponse,
  'GET /certificates/{code}': CertificateResponse,
  'GET /me': MeResponse,
  'GET /users/{id}': UserResponse,
  'GET /openapi.json': OpenApiResponse,
  'GET /city/outlines': OutlinesResponse,
  'GET /places': PlacesResponse,
  'GET /places/describe': DescribeResponse,
  'GET /volunteers/me': VolunteerMeResponse,
  'GET /quiz-attempts/{id}': AttemptResponse,
  'POST /quiz-campaigns/{id}/attempts': StartedAttemptResponse,
  'GET /me/export': PersonalDataResponse,
};
