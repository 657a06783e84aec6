/**
 * Every run-time setting, with its default and a check of stored values. Adding a setting is one
 * line in SETTINGS; its type is inferred from the default.
 */

export interface SettingDefinition<T> {
  defaultValue: T;
  /** Guards writes, and reads of rows edited by hand. */
  isValid: (value: unknown) => value is T;
}

function define<T>(defaultValue: T, isValid: (value: unknown) => value is T): SettingDefinition<T> {
  return { defaultValue, isValid };
}

export interface LocalizedName {
  zh: string;
  en: string;
}
/** [lat, lng], Leaflet's order. */
export type LatLngTuple = [number, number];
/** [west, south, east, north], GeoJSON's bbox order. */
export type BoundsTuple = [number, number, number, number];

const isFiniteNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

export function isLocalizedName(value: unknown): value is LocalizedName {
  const name = value as LocalizedName | null;
  return typeof name === 'object' && name !== null && typeof name.zh === 'string' && name.zh.trim() !== '' && typeof name.en === 'string' && name.en.trim() !== '';
}

export function isLatLng(value: unknown): value is LatLngTuple {
  if (!Array.isArray(value) || value.length !== 2 || !value.every(isFiniteNumber)) return false;
  const [lat, lng] = value as LatLngTuple;
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180;
}

export function isPositiveInteger(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1;
}

export function isZoom(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 19;
}

export function isBounds(value: unknown): value is BoundsTuple {
  if (!Array.isArray(value) || value.length !== 4 || !value.every(isFiniteNumber)) return false;
  const [west, south, east, north] = value as BoundsTuple;
  return west >= -180 && east <= 180 && south >= -90 && north <= 90 && west < east && south < north;
}

function isProportions(value: unknown): value is Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  return Object.values(value).every((share) => typeof share === 'number' && share > 0 && share <= 1);
}

const isShare = (value: unknown): value is number => isFiniteNumber(value) && value > 0 && value <= 1;

/** Topic → weight in overall awareness; topics left out weigh 1. */
export type TopicWeights = Record<string, number>;
export function isTopicWeights(value: unknown): value is TopicWeights {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((w) => isFiniteNumber(w) && w >= 0);
}

/** Whole numbers within [min, max]. */
const isCount =
  (min: number, max: number) =>
  (value: unknown): value is number =>
    Number.isInteger(value) && (value as number) >= min && (value as number) <= max;

/**
 * The retention periods' allowed bounds in days (min, max): long enough for the purpose (a caller
 * hears back, an original can be checked), short enough for PIPL art. 19. The admins' retention
 * page keeps within them.
 */
export const RETENTION_BOUNDS = {
  'privacy.retention.hotlineCallerDays': [7, 730],
  'privacy.retention.blurredOriginalDays': [7, 730],
  'privacy.retention.codeDays': [1, 90],
  'privacy.retention.loginThrottleDays': [1, 30],
  'privacy.retention.outboxDays': [1, 365],
  'privacy.retention.closedAccountDays': [1, 90],
  'privacy.retention.deviceDays': [1, 90],
} as const satisfies Record<string, readonly [number, number]>;

export function isWholeDays(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 60;
}

/** The licence of the open-data files (/open-data): an SPDX-style id, its titles and the text's address. */
export interface OpenDataLicense {
  id: string;
  titleZh: string;
  titleEn: string;
  url: string;
}
export function isOpenDataLicense(value: unknown): value is OpenDataLicense {
  const v = value as OpenDataLicense | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    [v.id, v.titleZh, v.titleEn, v.url].every((s) => typeof s === 'string' && s.trim() !== '' && s.length <= 300) &&
    /^https?:\/\//.test(v.url)
  );
}

const isShortText = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '' && value.length <= 300;

/** One submission limit: at most `max` submissions per account or per client address in `minutes`. */
export interface LimitRule {
  per: 'account' | 'address';
  max: number;
  minutes: number;
}
export function isLimitRules(value: unknown): value is LimitRule[] {
  return (
    Array.isArray(value) &&
    value.length <= 10 &&
    value.every(
      (rule: LimitRule) =>
        typeof rule === 'object' &&
        rule !== null &&
        (rule.per === 'account' || rule.per === 'address') &&
        Number.isInteger(rule.max) &&
        rule.max >= 1 &&
        rule.max <= 100_000 &&
        Number.isInteger(rule.minutes) &&
        rule.minutes >= 1 &&
        rule.minutes <= 7 * 24 * 60,
    )
  );
}
const limits = (...rules: [LimitRule['per'], number, number][]) =>
  define<LimitRule[]>(
    rules.map(([per, max, minutes]) => ({ per, max, minutes })),
    isLimitRules,
  );

/** Defaults are the demo city's, so that a fresh install shows a sensible map before an admin sets its own. */
export const SETTINGS = {
  'city.name': define<LocalizedName>({ zh: '文明市', en: 'Wenming City' }, isLocalizedName),
  'city.center': define<LatLngTuple>([28.2, 113.0], isLatLng),
  'city.zoom': define<number>(12, isZoom),
  'city.bounds': define<BoundsTuple>([112.92, 28.12, 113.08, 28.28], isBounds),
  /** Check-ins farther than this from the project's place are flagged for the leader. */
  'volunteers.checkInRadiusMeters': define<number>(300, isCount(10, 100_000)),
  /** This many no-shows within noShowWindowDays pause new sign-ups for noShowPauseDays. */
  'volunteers.noShowLimit': define<number>(2, isCount(1, 100)),
  'volunteers.noShowWindowDays': define<number>(60, isCount(1, 3650)),
  'volunteers.noShowPauseDays': define<number>(30, isCount(1, 3650)),
  /** Registration needs this age, by the birth date in the resident ID number (China time). */
  'volunteers.minimumAge': define<number>(16, isCount(1, 100)),
  /** Hours added by hand above this many minutes in one entry count only once a second leader (or an admin) approves them. */
  'volunteers.manualHours.secondApprovalMinutes': define<number>(8 * 60, isCount(1, 24 * 60)),
  /** Retention (days; src/lib/server/privacy/retention.ts, listed on /privacy): hotline callers' names and phones after the report ends. */
  'privacy.retention.hotlineCallerDays': define<number>(180, isCount(...RETENTION_BOUNDS['privacy.retention.hotlineCallerDays'])),
  /** Originals kept behind blurred photos, after the report ends. */
  'privacy.retention.blurredOriginalDays': define<number>(90, isCount(...RETENTION_BOUNDS['privacy.retention.blurredOriginalDays'])),
  /** SMS and e-mail codes (spent or not), after they were sent. */
  'privacy.retention.codeDays': define<number>(7, isCount(...RETENTION_BOUNDS['privacy.retention.codeDays'])),
  /** Failed-login counters, after the last failure. */
  'privacy.retention.loginThrottleDays': define<number>(1, isCount(...RETENTION_BOUNDS['privacy.retention.loginThrottleDays'])),
  /** Outbox messages (SMS and e-mail as sent, with their recipients), after they were queued; code messages go after codeDays if sooner. */
  'privacy.retention.outboxDays': define<number>(30, isCount(...RETENTION_BOUNDS['privacy.retention.outboxDays'])),
  /** Closed accounts: consent records and follows of the emptied account, after closure. */
  'privacy.retention.closedAccountDays': define<number>(30, isCount(...RETENTION_BOUNDS['privacy.retention.closedAccountDays'])),
  /** The device hash kept with a report for the points' cluster rule, after the report was filed. */
  'privacy.retention.deviceDays': define<number>(30, isCount(...RETENTION_BOUNDS['privacy.retention.deviceDays'])),
  /** The controller named on the privacy notice (个人信息处理者), and how to reach it. */
  'privacy.controller': define<LocalizedName>({ zh: '文明市精神文明建设委员会办公室', en: 'Wenming City Civilization Office' }, isLocalizedName),
  'privacy.contact': define<LocalizedName>(
    {
      zh: '电话 0731-12345678，邮箱 privacy@wenming.example.gov.cn，地址 文明市人民路 1 号',
      en: 'Phone 0731-12345678, e-mail privacy@wenming.example.gov.cn, 1 Renmin Road, Wenming City',
    },
    isLocalizedName,
  ),
  /** Named on service certificates (志愿服务记录证明). */
  'volunteers.certificateIssuer': define<LocalizedName>({ zh: '文明市志愿服务联合会', en: 'Wenming City Volunteer Federation' }, isLocalizedName),
  /** Mock evaluation draw: share of each site type's sites drawn (at least one each); types not listed use `default`. */
  'readiness.draw.proportions': define<Record<string, number>>({ default: 0.1 }, isProportions),
  /** Unannounced streets added to each draw. */
  'readiness.draw.streets': define<number>(3, isCount(0, 50)),
  /** Points of the field-inspection part of the evaluation that the readiness score is out of. */
  'readiness.fieldWeight': define<number>(40, isCount(1, 1000)),
  /** A site inspected longer ago than this is stale on the overview. */
  'readiness.staleDays': define<number>(30, isCount(1, 365)),
  /** A site passes at this score or above. */
  'readiness.passScore': define<number>(80, isCount(1, 100)),
  /** The rate every area should reach: the evaluation's A-grade line. */
  'metrics.target': define<number>(0.8, isShare),
  /** Fewer respondents than this and an area is marked too small, not ranked. */
  'metrics.minSample': define<number>(30, isCount(1, 100_000)),
  /** A 95% interval wider than this (as a share) also marks an area too small. */
  'metrics.maxIntervalWidth': define<number>(0.2, isShare),
  /** Weights of topics in overall awareness (equal by default). */
  'metrics.topicWeights': define<TopicWeights>({}, isTopicWeights),
  /** Weight the city's figures by each district's population rather than by respondents. */
  'metrics.weightByPopulation': define<boolean>(false, (value): value is boolean => typeof value === 'boolean'),
  /** Supervision tickets: past the deadline a report gets a white ticket, yellow after this many more working days... */
  'reports.ticket.yellowAfterDays': define<number>(3, isWholeDays),
  /** ...and red after this many. */
  'reports.ticket.redAfterDays': define<number>(7, isWholeDays),
  /** League table (红黑榜): a department with fewer cases assigned in the month is listed but not ranked. */
  'reports.league.minCases': define<number>(5, isCount(1, 10_000)),
  /** A ballot is flagged when its address has cast this many ballots in one burst window of a round. */
  'nominations.flag.burstBallots': define<number>(20, isPositiveInteger),
  'nominations.flag.burstWindowMinutes': define<number>(10, isPositiveInteger),
  /** A ballot is flagged when its account was created less than this many hours before it voted. */
  'nominations.flag.newAccountHours': define<number>(24, isPositiveInteger),
  /** Updates on reports: an account younger than this many days has its first update held for a moderator. */
  'community.newAccountDays': define<number>(7, isCount(1, 365)),
  /** Flags: this many distinct flags from accounts older than a day hide an item pending review. */
  'flags.hideThreshold': define<number>(3, isCount(1, 100)),
  /** Flags: this many false flags (the item restored) within falseWindowDays pause flagging for pauseDays. */
  'flags.falseLimit': define<number>(3, isCount(1, 100)),
  'flags.falseWindowDays': define<number>(30, isCount(1, 365)),
  'flags.pauseDays': define<number>(14, isCount(1, 365)),
  /** Points (积分): at most this many a city day and a week (Monday-Sunday) per account. */
  'points.dailyCap': define<number>(30, isCount(1, 100_000)),
  'points.weeklyCap': define<number>(100, isCount(1, 1_000_000)),
  /** Reports by accounts younger than this many days earn nothing until accepted (and never for filing alone). */
  'points.newAccountDays': define<number>(7, isCount(0, 365)),
  /** This many reports in one grid cell within clusterWindowMinutes from new accounts: their points are held for review. */
  'points.clusterSize': define<number>(5, isCount(2, 1000)),
  'points.clusterWindowMinutes': define<number>(60, isCount(1, 10_080)),
  /**
   * More than this many reports within deviceClusterWindowMinutes (either side of a report) from the
   * accounts that filed from its device, when those are two or more: its points are held for review.
   */
  'points.deviceClusterReports': define<number>(3, isCount(1, 1000)),
  'points.deviceClusterWindowMinutes': define<number>(360, isCount(1, 10_080)),
  /** Open311: the jurisdiction_id clients may send (this endpoint serves one), and the contact in discovery.json. */
  'open311.jurisdictionId': define<string>('wenming', isShortText),
  'open311.contact': define<string>('文明市创建全国文明城市工作指挥部办公室 Wenming City Civilized City Campaign Office, open311@wenming.example', isShortText),
  /**
   * Submission limits (src/lib/server/limits), per account and per client address (looser: many
   * residents share a carrier's address). Reports: 5 a minute, 20 an hour and 50 a day per account.
   */
  'limits.report': limits(['account', 5, 1], ['account', 20, 60], ['account', 50, 24 * 60], ['address', 120, 60]),
  'limits.nomination': limits(['account', 5, 60], ['account', 20, 24 * 60], ['address', 30, 60]),
  'limits.objection': limits(['account', 3, 60], ['account', 10, 24 * 60], ['address', 10, 60]),
  /** Volunteer registrations (实名登记), and new accounts (per address only: there is no account yet). */
  'limits.volunteer': limits(['account', 5, 60], ['address', 60, 60]),
  'limits.signup': limits(['address', 30, 60], ['address', 100, 24 * 60]),
  /** SMS codes (phone verification, a new number, password reset), on top of each code's own per-phone limits. */
  'limits.code': limits(['account', 10, 24 * 60], ['address', 30, 60]),
  /** Open data files are published under this licence. */
  'openData.license': define<OpenDataLicense>(
    { id: 'CC-BY-4.0', titleZh: '知识共享 署名 4.0 国际', titleEn: 'Creative Commons Attribution 4.0 International', url: 'https://creativecommons.org/licenses/by/4.0/' },
    isOpenDataLicense,
  ),
};

export type SettingKey = keyof typeof SETTINGS;
export type SettingValue<K extends SettingKey> = (typeof SETTINGS)[K] extends SettingDefinition<infer T> ? T : never;

export function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SETTINGS, key);
}
