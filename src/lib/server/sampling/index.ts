/**
 * Random-sample surveys (抽样调查), the one owner of sample_surveys, sample_units and
 * sample_answers. The workflow is one state machine: draft (frame loaded, plan shown) → fielding
 * (drawn from a recorded seed; links out; answers and outcomes come in) → closed (the frame's
 * phones and accounts erased; results published). Callers check permissions (sampling.manage,
 * sampling.followUp) and pass the actor for the audit log.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { and, asc, count, eq, inArray, isNotNull, ne, sql } from 'drizzle-orm';
import { selectRows, type Db } from '../../../../db/client';
import { areas, sampleAnswers, sampleSurveys, sampleUnits, users, type SampleOutcome, type SampleSurveyState } from '../../../../db/schema';
import type { Actor } from '../auth/permissions';
import { recordAudit } from '../audit/record';
import { config } from '../config';
import { parseCsv } from '../csv';
import { smsToPhone } from '../messages/fanout';
import { getRatesReport, MEASURES, type Measure } from '../metrics/rates';
import { seal, unseal } from '../sealed';
import {
  differsBeyondIntervals,
  drawSize,
  kishDesignEffect,
  drawStratified,
  postStratify,
  respondentsNeeded,
  responseRates,
  weightedShare,
  type Dispositions,
  type Profile,
  type SampleEstimate,
} from './stats';

export type SamplingError =
  | { ok: false; code: 'not_found' | 'wrong_state' | 'empty_frame' | 'answered' | 'closed' | 'bad_link' }
  | { ok: false; code: 'bad_frame'; errors: { line: number; message: string }[] };

const PHONE_PURPOSE = 'sampling.phone';
const keys = () => ({ encryptionKey: config.dataEncryptionKey, previousEncryptionKey: config.previousDataEncryptionKey });

export async function createSurvey(
  db: Db,
  actor: Actor,
  input: { titleZh: string; titleEn: string; campaignId: number | null; targetMargin: number; expectedResponseRate: number },
) {
  return db.transaction(async (tx) => {
    const [survey] = await tx
      .insert(sampleSurveys)
      .values({ ...input, createdBy: actor.id })
      .returning();
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'sampling.create',
      targetType: 'sample_survey',
      targetId: survey!.id,
      summary: { after: { title: input.titleZh } },
    });
    return survey!;
  });
}

export async function listSurveys(db: Db) {
  return db.select().from(sampleSurveys).orderBy(asc(sampleSurveys.id));
}

export async function getSurvey(db: Db, id: number) {
  const [survey] = await db.select().from(sampleSurveys).where(eq(sampleSurveys.id, id));
  return survey ?? null;
}

/** Communities by code (and by Chinese name) with their district, for reading a frame. */
async function communityIndex(db: Db) {
  const list = await selectRows<{ id: number; code: string; name_zh: string; district_id: number }>(
    db,
    sql`select c.id, c.code, c.name_zh, d.id as district_id
      from areas c join areas s on s.id = c.parent_id join areas d on d.id = s.parent_id
      where c.level = 'community' and d.level = 'district'`,
  );
  const index = new Map<string, { communityId: number; districtId: number }>();
  for (const row of list) {
    const value = { communityId: Number(row.id), districtId: Number(row.district_id) };
    index.set(row.code, value);
    index.set(row.name_zh, value);
  }
  return index;
}

const FRAME_LIMIT = 200_000;

/**
 * Replaces a draft survey's frame with a CSV: a header with `id` and `community` (code or name),
 * optionally `age_group`, `sex` and `phone`. Every bad line is named; nothing is stored unless all
 * are good. Phones are stored encrypted.
 */
export async function loadFrame(db: Db, actor: Actor, surveyId: number, csvText: string): Promise<{ ok: true; units: number } | SamplingError> {
  const survey = await getSurvey(db, surveyId);
  if (!survey) return { ok: false, code: 'not_found' };
  if (survey.state !== 'draft') return { ok: false, code: 'wrong_state' };
  const [header, ...lines] = parseCsv(csvText).filter((row) => row.some((cell) => cell.trim() !== ''));
  const columns = (header ?? []).map((h) => h.trim().toLowerCase());
  const col = (name: string) => columns.indexOf(name);
  const errors: { line: number; message: string }[] = [];
  if (col('id') < 0 || col('community') < 0) errors.push({ line: 1, message: 'sampling.frame.header' });
  if (lines.length === 0) errors.push({ line: 1, message: 'sampling.frame.empty' });
  if (lines.length > FRAME_LIMIT) errors.push({ line: FRAME_LIMIT + 2, message: 'sampling.frame.tooMany' });
  if (errors.length) return { ok: false, code: 'bad_frame', errors };
  const communities = await communityIndex(db);
  const seen = new Set<string>();
  const units: (typeof sampleUnits.$inferInsert)[] = [];
  lines.forEach((row, i) => {
    const line = i + 2;
    const cell = (name: string) => (col(name) >= 0 ? (row[col(name)] ?? '').trim() : '');
    const externalId = cell('id');
    const place = communities.get(cell('community'));
    const phone = cell('phone').replace(/[\s-]/g, '');
    if (!externalId || externalId.length > 64 || /[\u0000-\u001f]/.test(externalId)) return void errors.push({ line, message: 'sampling.frame.id' });
    if (seen.has(externalId)) return void errors.push({ line, message: 'sampling.frame.duplicate' });
    seen.add(externalId);
    if (!place) return void errors.push({ line, message: 'sampling.frame.community' });
    if (phone && !/^1\d{10}$/.test(phone)) return void errors.push({ line, message: 'sampling.frame.phone' });
    const ageGroup = cell('age_group').slice(0, 20) || null;
    const sex = cell('sex').slice(0, 10) || null;
    units.push({
      surveyId,
      externalId,
      districtId: place.districtId,
      communityId: place.communityId,
      ageGroup,
      sex,
      phoneEncrypted: phone ? seal(keys(), PHONE_PURPOSE, phone) : null,
    });
  });
  if (errors.length) return { ok: false, code: 'bad_frame', errors: errors.slice(0, 50) };
  await db.transaction(async (tx) => {
    await tx.delete(sampleUnits).where(eq(sampleUnits.surveyId, surveyId));
    for (let i = 0; i < units.length; i += 2000) await tx.insert(sampleUnits).values(units.slice(i, i + 2000));
    await tx.update(sampleSurveys).set({ frameSource: 'upload', updatedAt: new Date() }).where(eq(sampleSurveys.id, surveyId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'sampling.frame',
      targetType: 'sample_survey',
      targetId: surveyId,
      summary: { after: { units: units.length, source: 'upload' } },
    });
  });
  return { ok: true, units: units.length };
}

/**
 * Uses the registered residents as the frame: open accounts whose community is known (their
 * volunteer registration, else their latest quiz attempt), reached through their account.
 */
export async function useResidentsFrame(db: Db, actor: Actor, surveyId: number): Promise<{ ok: true; units: number } | SamplingError> {
  const survey = await getSurvey(db, surveyId);
  if (!survey) return { ok: false, code: 'not_found' };
  if (survey.state !== 'draft') return { ok: false, code: 'wrong_state' };
  return db.transaction(async (tx) => {
    await tx.delete(sampleUnits).where(eq(sampleUnits.surveyId, surveyId));
    await tx.execute(sql`
      insert into sample_units (survey_id, external_id, district_id, community_id, user_id)
      select ${surveyId}, 'u' || u.id, d.id, c.id, u.id
      from users u
      join lateral (
        select coalesce(
          (select v.community_id from volunteers v where v.user_id = u.id limit 1),
          (select qa.community_id from quiz_attempts qa where qa.user_id = u.id order by qa.id desc limit 1)
        ) as community_id
      ) k on k.community_id is not null
      join areas c on c.id = k.community_id
      join areas s on s.id = c.parent_id
      join areas d on d.id = s.parent_id and d.level = 'district'
      where u.role = 'resident' and u.closed_at is null and u.disabled_at is null`);
    const [{ n }] = (await tx.select({ n: count() }).from(sampleUnits).where(eq(sampleUnits.surveyId, surveyId))) as [{ n: number }];
    await tx.update(sampleSurveys).set({ frameSource: 'residents', updatedAt: new Date() }).where(eq(sampleSurveys.id, surveyId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'sampling.frame',
      targetType: 'sample_survey',
      targetId: surveyId,
      summary: { after: { units: Number(n), source: 'residents' } },
    });
    return { ok: true as const, units: Number(n) };
  });
}

export interface PlanRow {
  districtId: number;
  nameZh: string;
  nameEn: string;
  frame: number;
  respondentsNeeded: number;
  draw: number;
}

/** Per district: the frame's size, the respondents needed for the target margin, and how many to draw at the expected response rate. */
export async function drawPlan(db: Db, surveyId: number): Promise<PlanRow[]> {
  const survey = await getSurvey(db, surveyId);
  if (!survey) return [];
  const rows = await db
    .select({ districtId: sampleUnits.districtId, nameZh: areas.nameZh, nameEn: areas.nameEn, frame: count() })
    .from(sampleUnits)
    .innerJoin(areas, eq(areas.id, sampleUnits.districtId))
    .where(eq(sampleUnits.surveyId, surveyId))
    .groupBy(sampleUnits.districtId, areas.nameZh, areas.nameEn)
    .orderBy(asc(sampleUnits.districtId));
  return rows.map((row) => ({
    ...row,
    frame: Number(row.frame),
    respondentsNeeded: respondentsNeeded(survey.targetMargin, Number(row.frame)),
    draw: drawSize(survey.targetMargin, Number(row.frame), survey.expectedResponseRate),
  }));
}

/** Draws the sample from a seed (given, or made now and recorded), and opens fielding. */
export async function drawSample(
  db: Db,
  actor: Actor,
  surveyId: number,
  seed: string = randomBytes(8).toString('hex'),
): Promise<{ ok: true; drawn: number; seed: string } | SamplingError> {
  const plan = await drawPlan(db, surveyId);
  return db.transaction(async (tx) => {
    const [survey] = await tx.select().from(sampleSurveys).where(eq(sampleSurveys.id, surveyId)).for('update');
    if (!survey) return { ok: false, code: 'not_found' } as const;
    if (survey.state !== 'draft') return { ok: false, code: 'wrong_state' } as const;
    const units = await tx.select({ id: sampleUnits.id, stratum: sampleUnits.districtId }).from(sampleUnits).where(eq(sampleUnits.surveyId, surveyId));
    if (units.length === 0) return { ok: false, code: 'empty_frame' } as const;
    const drawn = drawStratified(units, new Map(plan.map((row) => [row.districtId, row.draw])), seed);
    const ids = drawn.map((unit) => unit.id);
    for (let i = 0; i < ids.length; i += 5000)
      await tx
        .update(sampleUnits)
        .set({ drawn: 1 })
        .where(inArray(sampleUnits.id, ids.slice(i, i + 5000)));
    await tx.update(sampleSurveys).set({ state: 'fielding', seed, drawnAt: new Date(), updatedAt: new Date() }).where(eq(sampleSurveys.id, surveyId));
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'sampling.draw',
      targetType: 'sample_survey',
      targetId: surveyId,
      summary: { after: { seed, drawn: ids.length } },
    });
    return { ok: true, drawn: ids.length, seed } as const;
  });
}

/** A unit's single-use link token: its id and an HMAC over the survey and unit (nothing stored). */
export function linkToken(surveyId: number, unitId: number): string {
  const mac = createHmac('sha256', config.appSecret).update(`sampling.link:${surveyId}:${unitId}`).digest('base64url').slice(0, 22);
  return `${surveyId}-${unitId}-${mac}`;
}

function parseToken(token: string): { surveyId: number; unitId: number } | null {
  const match = /^(\d{1,9})-(\d{1,9})-([\w-]{22})$/.exec(token);
  if (!match) return null;
  const surveyId = Number(match[1]);
  const unitId = Number(match[2]);
  const expected = Buffer.from(linkToken(surveyId, unitId));
  const given = Buffer.from(token);
  return expected.length === given.length && timingSafeEqual(expected, given) ? { surveyId, unitId } : null;
}

export function linkUrl(origin: string, surveyId: number, unitId: number): string {
  return `${origin}/s/${linkToken(surveyId, unitId)}`;
}

/** The drawn units for the link sheet (door-to-door): their id, community and link; no phone. */
export async function linkSheet(db: Db, surveyId: number, origin: string) {
  const rows = await db
    .select({ id: sampleUnits.id, externalId: sampleUnits.externalId, communityZh: areas.nameZh, communityEn: areas.nameEn, outcome: sampleUnits.outcome })
    .from(sampleUnits)
    .innerJoin(areas, eq(areas.id, sampleUnits.communityId))
    .where(and(eq(sampleUnits.surveyId, surveyId), eq(sampleUnits.drawn, 1)))
    .orderBy(asc(sampleUnits.communityId), asc(sampleUnits.externalId));
  return rows.map((row) => ({ ...row, url: linkUrl(origin, surveyId, row.id) }));
}

/** Texts each drawn unit with a phone (or an account with one) its link, once per unit. */
export async function sendLinks(db: Db, actor: Actor, surveyId: number, origin: string, now: Date = new Date()): Promise<{ ok: true; sent: number } | SamplingError> {
  const survey = await getSurvey(db, surveyId);
  if (!survey) return { ok: false, code: 'not_found' };
  if (survey.state !== 'fielding') return { ok: false, code: 'wrong_state' };
  const rows = await db
    .select({ id: sampleUnits.id, phoneEncrypted: sampleUnits.phoneEncrypted, accountPhone: users.phone })
    .from(sampleUnits)
    .leftJoin(users, eq(users.id, sampleUnits.userId))
    .where(and(eq(sampleUnits.surveyId, surveyId), eq(sampleUnits.drawn, 1), eq(sampleUnits.outcome, 'pending'), sql`${sampleUnits.contactedAt} is null`));
  let sent = 0;
  for (const row of rows) {
    const phone = row.phoneEncrypted ? unseal(keys(), PHONE_PURPOSE, row.phoneEncrypted) : row.accountPhone;
    if (!phone) continue;
    const id = await smsToPhone(
      db,
      phone,
      { kind: 'sampling.invite', messageKey: 'notice.sampling.invite', params: { title: survey.titleZh, url: linkUrl(origin, surveyId, row.id) }, link: null },
      { now, dedupeKey: `sampling:${surveyId}:${row.id}` },
    );
    await db.update(sampleUnits).set({ contactedAt: now }).where(eq(sampleUnits.id, row.id));
    if (id) sent++;
  }
  await recordAudit(db, { actorId: actor.id, actorRole: actor.role, action: 'sampling.send', targetType: 'sample_survey', targetId: surveyId, summary: { after: { sent } } });
  return { ok: true, sent };
}

/** What a link opens: the survey, if the link is genuine, drawn, still open and not yet answered. */
export async function openLink(db: Db, token: string): Promise<{ ok: true; survey: { id: number; titleZh: string; titleEn: string }; unitId: number } | SamplingError> {
  const parsed = parseToken(token);
  if (!parsed) return { ok: false, code: 'bad_link' };
  const [row] = await db
    .select({
      survey: { id: sampleSurveys.id, titleZh: sampleSurveys.titleZh, titleEn: sampleSurveys.titleEn },
      state: sampleSurveys.state,
      drawn: sampleUnits.drawn,
      outcome: sampleUnits.outcome,
    })
    .from(sampleUnits)
    .innerJoin(sampleSurveys, eq(sampleSurveys.id, sampleUnits.surveyId))
    .where(and(eq(sampleUnits.id, parsed.unitId), eq(sampleUnits.surveyId, parsed.surveyId)));
  if (!row || row.drawn !== 1) return { ok: false, code: 'bad_link' };
  if (row.state !== 'fielding') return { ok: false, code: 'closed' };
  if (row.outcome === 'responded') return { ok: false, code: 'answered' };
  return { ok: true, survey: row.survey, unitId: parsed.unitId };
}

export interface SampleAnswerInput {
  aware: 0 | 1 | null;
  support: number | null;
  participation: number | null;
  satisfaction: number | null;
}

/** Records the one answer a link allows: a second (even at the same moment) is refused. */
export async function submitSampleAnswer(db: Db, token: string, answer: SampleAnswerInput, now: Date = new Date()): Promise<{ ok: true } | SamplingError> {
  const opened = await openLink(db, token);
  if (!opened.ok) return opened;
  return db.transaction(async (tx) => {
    const inserted = await tx
      .insert(sampleAnswers)
      .values({ unitId: opened.unitId, surveyId: opened.survey.id, ...answer, answeredAt: now })
      .onConflictDoNothing()
      .returning({ unitId: sampleAnswers.unitId });
    if (inserted.length === 0) return { ok: false, code: 'answered' } as const;
    await tx.update(sampleUnits).set({ outcome: 'responded', outcomeAt: now }).where(eq(sampleUnits.id, opened.unitId));
    return { ok: true } as const;
  });
}

/** Follow-up outcomes a grid worker records for a sampled unit not yet answered. */
export const FOLLOW_UP_OUTCOMES = ['not_found', 'no_contact', 'refused', 'ineligible'] as const satisfies readonly SampleOutcome[];

export async function recordOutcome(
  db: Db,
  actor: Actor,
  surveyId: number,
  unitId: number,
  outcome: (typeof FOLLOW_UP_OUTCOMES)[number],
  now: Date = new Date(),
): Promise<{ ok: true } | SamplingError> {
  return db.transaction(async (tx) => {
    const [survey] = await tx.select({ state: sampleSurveys.state }).from(sampleSurveys).where(eq(sampleSurveys.id, surveyId));
    if (!survey) return { ok: false, code: 'not_found' } as const;
    if (survey.state !== 'fielding') return { ok: false, code: 'wrong_state' } as const;
    const updated = await tx
      .update(sampleUnits)
      .set({ outcome, outcomeAt: now, outcomeBy: actor.id })
      .where(and(eq(sampleUnits.id, unitId), eq(sampleUnits.surveyId, surveyId), eq(sampleUnits.drawn, 1), ne(sampleUnits.outcome, 'responded')))
      .returning({ id: sampleUnits.id });
    if (updated.length === 0) return { ok: false, code: 'not_found' } as const;
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'sampling.outcome', targetType: 'sample_unit', targetId: unitId, summary: { after: { outcome } } });
    return { ok: true } as const;
  });
}

/** Sampled units not yet answered, for grid workers: who (the office's id), where, what happened so far. Never any answer or phone. */
export async function followUpList(db: Db, actor: Actor, surveyId: number) {
  // A grid worker's cell belongs to one community: they follow up there only; the office sees all.
  const communityId =
    actor.role === 'grid_worker'
      ? (actor.gridCellId && (await db.select({ parentId: areas.parentId }).from(areas).where(eq(areas.id, actor.gridCellId)))[0]?.parentId) || -1
      : null;
  return db
    .select({
      id: sampleUnits.id,
      externalId: sampleUnits.externalId,
      communityZh: areas.nameZh,
      communityEn: areas.nameEn,
      outcome: sampleUnits.outcome,
      contacted: isNotNull(sampleUnits.contactedAt),
    })
    .from(sampleUnits)
    .innerJoin(areas, eq(areas.id, sampleUnits.communityId))
    .where(
      and(eq(sampleUnits.surveyId, surveyId), eq(sampleUnits.drawn, 1), ne(sampleUnits.outcome, 'responded'), communityId ? eq(sampleUnits.communityId, communityId) : undefined),
    )
    .orderBy(asc(sampleUnits.communityId), asc(sampleUnits.externalId))
    .limit(2000);
}

/** Closes fielding: no more answers; the frame's phones and account links are erased. */
export async function closeSurvey(db: Db, actor: Actor, surveyId: number, now: Date = new Date()): Promise<{ ok: true } | SamplingError> {
  return db.transaction(async (tx) => {
    const [survey] = await tx.select({ state: sampleSurveys.state }).from(sampleSurveys).where(eq(sampleSurveys.id, surveyId)).for('update');
    if (!survey) return { ok: false, code: 'not_found' } as const;
    if (survey.state !== 'fielding') return { ok: false, code: 'wrong_state' } as const;
    await tx.update(sampleUnits).set({ phoneEncrypted: null, userId: null }).where(eq(sampleUnits.surveyId, surveyId));
    const results = await surveyResults(tx, surveyId);
    await tx
      .update(sampleSurveys)
      .set({ state: 'closed' satisfies SampleSurveyState, closedAt: now, purgedAt: now, updatedAt: now, results })
      .where(eq(sampleSurveys.id, surveyId));
    await recordAudit(tx, { actorId: actor.id, actorRole: actor.role, action: 'sampling.close', targetType: 'sample_survey', targetId: surveyId, summary: {} });
    return { ok: true } as const;
  });
}

const DISPOSITION: Record<SampleOutcome, keyof Dispositions> = { pending: 'UH', not_found: 'UH', no_contact: 'NC', refused: 'R', ineligible: 'NE', responded: 'I' };

export interface AreaResult {
  id: number;
  nameZh: string;
  nameEn: string;
  frame: number;
  drawn: number;
  dispositions: Dispositions;
  rr1: number | null;
  rr3: number | null;
  designEffect: number;
  measures: Record<Measure, SampleEstimate>;
}

export interface SurveyResults {
  city: AreaResult;
  districts: AreaResult[];
}

const yes = (value: number | null, measure: Measure): 0 | 1 | null => (value === null ? null : measure === 'awareness' ? (value === 1 ? 1 : 0) : value >= 4 ? 1 : 0);

/** Response rates, post-stratified rates with 95% intervals and design effects, for the city and each district. */
export async function surveyResults(db: Db, surveyId: number): Promise<SurveyResults> {
  const [frame, answers, names] = await Promise.all([
    db
      .select({
        id: sampleUnits.id,
        stratum: sampleUnits.districtId,
        community: sampleUnits.communityId,
        ageGroup: sampleUnits.ageGroup,
        sex: sampleUnits.sex,
        drawn: sampleUnits.drawn,
        outcome: sampleUnits.outcome,
      })
      .from(sampleUnits)
      .where(eq(sampleUnits.surveyId, surveyId)),
    db.select().from(sampleAnswers).where(eq(sampleAnswers.surveyId, surveyId)),
    db.select({ id: areas.id, nameZh: areas.nameZh, nameEn: areas.nameEn }).from(areas).where(eq(areas.level, 'district')),
  ]);
  const byUnit = new Map(answers.map((a) => [a.unitId, a]));
  const profiles: Profile[] = frame;
  const respondents = frame.filter((unit) => byUnit.has(unit.id));
  const { weights } = postStratify(profiles, respondents);
  const area = (id: number, nameZh: string, nameEn: string, inArea: (unit: { stratum: number }) => boolean): AreaResult => {
    const units = frame.filter(inArea);
    const dispositions: Dispositions = { I: 0, R: 0, NC: 0, UH: 0, NE: 0 };
    for (const unit of units) if (unit.drawn === 1) dispositions[DISPOSITION[unit.outcome]]++;
    const picked = respondents.map((unit, i) => ({ unit, w: weights[i]! })).filter(({ unit }) => inArea(unit));
    const w = picked.map((p) => p.w);
    const designEffect = kishDesignEffect(w);
    const rates = responseRates(dispositions);
    const measures = Object.fromEntries(
      MEASURES.map((measure) => [
        measure,
        weightedShare(
          picked.map(({ unit }) => yes((byUnit.get(unit.id)![measure === 'awareness' ? 'aware' : measure] as number | null) ?? null, measure)),
          w,
        ),
      ]),
    ) as Record<Measure, SampleEstimate>;
    return { id, nameZh, nameEn, frame: units.length, drawn: units.filter((u) => u.drawn === 1).length, dispositions, rr1: rates.rr1, rr3: rates.rr3, designEffect, measures };
  };
  const districtIds = [...new Set(frame.map((unit) => unit.stratum))];
  return {
    city: area(0, '全市', 'City', () => true),
    districts: districtIds
      .map((id) => {
        const name = names.find((n) => n.id === id);
        return area(id, name?.nameZh ?? String(id), name?.nameEn ?? String(id), (unit) => unit.stratum === id);
      })
      .sort((a, b) => a.id - b.id),
  };
}

export interface SideBySideRow {
  id: number;
  nameZh: string;
  nameEn: string;
  measure: Measure;
  sampled: SampleEstimate;
  selfSelected: { rate: number | null; n: number; low: number | null; high: number | null };
  difference: number | null;
  /** The difference is larger than the two intervals explain. */
  beyondIntervals: boolean | null;
}

/** The sampled rates beside the self-selected quiz's (its campaign), per area and measure, with the 80% target. */
export async function sideBySide(db: Db, surveyId: number): Promise<{ target: number; rows: SideBySideRow[] } | null> {
  const survey = await getSurvey(db, surveyId);
  if (!survey?.campaignId) return null;
  const [results, quiz] = await Promise.all([surveyResults(db, surveyId), getRatesReport(db, survey.campaignId, { trend: false, depth: 'district' })]);
  const rows: SideBySideRow[] = [];
  for (const area of [results.city, ...results.districts]) {
    const other = area.id === 0 ? quiz.city : quiz.districts.find((d) => d.id === area.id);
    for (const measure of MEASURES) {
      const sampled = area.measures[measure];
      const self = other?.measures[measure] ?? { rate: null, n: 0, low: null, high: null };
      rows.push({
        id: area.id,
        nameZh: area.nameZh,
        nameEn: area.nameEn,
        measure,
        sampled,
        selfSelected: { rate: self.rate, n: self.n, low: self.low, high: self.high },
        difference: sampled.rate !== null && self.rate !== null ? self.rate - sampled.rate : null,
        beyondIntervals: differsBeyondIntervals(sampled, self),
      });
    }
  }
  return { target: quiz.target, rows };
}

/** The closed surveys set beside a campaign, newest first (the public rates page shows their results). */
export async function closedSurveysFor(
  db: Db,
  campaignId: number,
): Promise<{ id: number; titleZh: string; titleEn: string; closedAt: Date | null; results: SurveyResults | null }[]> {
  return db
    .select({
      id: sampleSurveys.id,
      titleZh: sampleSurveys.titleZh,
      titleEn: sampleSurveys.titleEn,
      closedAt: sampleSurveys.closedAt,
      results: sql<SurveyResults | null>`${sampleSurveys.results}`,
    })
    .from(sampleSurveys)
    .where(and(eq(sampleSurveys.campaignId, campaignId), eq(sampleSurveys.state, 'closed')))
    .orderBy(sql`${sampleSurveys.closedAt} desc`);
}
