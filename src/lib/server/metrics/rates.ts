/**
 * The campaign's rates per city, district, subdistrict and community, read from the aggregates
 * (never from raw answers), so a view costs the same at a thousand answers or a million.
 *
 * Definitions (also written on the dashboard):
 * - awareness of a question = correct counted answers / counted answers; of a topic = the mean over
 *   its answered questions; overall = the mean over topics, weighted by the metrics.topicWeights
 *   setting (1 each by default). Its n is the number of respondents, and its interval treats the
 *   score as a proportion over them.
 * - support, participation, satisfaction = answers in the top two of five points / answers.
 * - the interval is Wilson's at 95%; an area with n below metrics.minSample, or an interval wider
 *   than metrics.maxIntervalWidth, is marked too small and not ranked.
 * - weighted by population: the city's figure is the mean of its districts' figures weighted by
 *   their residents (areas.population of their communities), with Kish's effective n.
 */
import { and, eq, or, sql } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import {
  quizQuestionDistrictStats,
  quizQuestions,
  quizQuestionStats,
  quizRespondentDistrictStats,
  quizRespondentStats,
  surveyDistrictStats,
  surveyStats,
  type AreaLevel,
  type QuizTopic,
  type SurveyItem,
} from '../../../../db/schema';
import { cachedForOneSecond } from '../cache';
import { listAreas } from '../city/queries';
import { getSettings } from '../settings';
import { wilsonInterval } from './wilson';

export const MEASURES = ['awareness', 'support', 'participation', 'satisfaction'] as const;
export type Measure = (typeof MEASURES)[number];

export interface Estimate {
  /** Share in [0, 1]; null when nobody answered. */
  rate: number | null;
  n: number;
  low: number | null;
  high: number | null;
  /** Too few answers (or too wide an interval) to rank. */
  small: boolean;
}

export interface AreaRates {
  /** 0 for the city. */
  id: number;
  code: string;
  nameZh: string;
  nameEn: string;
  level: 'city' | Exclude<AreaLevel, 'grid'>;
  parentId: number | null;
  population: number;
  respondents: number;
  measures: Record<Measure, Estimate>;
  /** 1 = highest among the ranked areas of its level; null when too small. */
  ranks: Record<Measure, number | null>;
}

export interface TopicRate {
  topic: QuizTopic;
  rate: number | null;
  answered: number;
}

export interface QuestionRate {
  questionId: number;
  code: string;
  topic: QuizTopic;
  promptZh: string;
  promptEn: string;
  answered: number;
  rate: number | null;
}

export interface TrendPoint {
  /** Monday of the ISO week, YYYY-MM-DD. */
  week: string;
  measures: Record<Measure, Estimate>;
}

export interface RatesReport {
  campaignId: number;
  target: number;
  minSample: number;
  maxIntervalWidth: number;
  weighted: boolean;
  city: AreaRates;
  districts: AreaRates[];
  subdistricts: AreaRates[];
  communities: AreaRates[];
  topics: TopicRate[];
  questions: QuestionRate[];
  trend: TrendPoint[];
}

interface Counts {
  answered: number;
  hits: number;
}

/** Everything one area accumulates from the aggregate rows. */
class Tally {
  respondents = 0;
  questions = new Map<number, Counts>();
  survey = new Map<SurveyItem, Counts>();

  addQuestion(questionId: number, answered: number, hits: number) {
    const counts = this.questions.get(questionId) ?? { answered: 0, hits: 0 };
    counts.answered += answered;
    counts.hits += hits;
    this.questions.set(questionId, counts);
  }

  addSurvey(item: SurveyItem, answered: number, hits: number) {
    const counts = this.survey.get(item) ?? { answered: 0, hits: 0 };
    counts.answered += answered;
    counts.hits += hits;
    this.survey.set(item, counts);
  }
}

interface Rules {
  minSample: number;
  maxIntervalWidth: number;
  topicWeights: Record<string, number>;
}

export function estimate(rate: number | null, n: number, rules: Pick<Rules, 'minSample' | 'maxIntervalWidth'>): Estimate {
  const interval = rate === null ? null : wilsonInterval(rate, n);
  const small = interval === null || n < rules.minSample || interval.high - interval.low > rules.maxIntervalWidth;
  return { rate, n, low: interval?.low ?? null, high: interval?.high ?? null, small };
}

/** Topic means of question rates, for one area's tally. */
function topicRates(tally: Tally, topicOf: Map<number, QuizTopic>): Map<QuizTopic, { rate: number; answered: number }> {
  const sums = new Map<QuizTopic, { total: number; count: number; answered: number }>();
  for (const [questionId, counts] of tally.questions) {
    const topic = topicOf.get(questionId);
    if (!topic || counts.answered === 0) continue;
    const sum = sums.get(topic) ?? { total: 0, count: 0, answered: 0 };
    sum.total += counts.hits / counts.answered;
    sum.count++;
    sum.answered += counts.answered;
    sums.set(topic, sum);
  }
  return new Map([...sums].map(([topic, sum]) => [topic, { rate: sum.total / sum.count, answered: sum.answered }]));
}

function awareness(tally: Tally, topicOf: Map<number, QuizTopic>, weights: Record<string, number>): number | null {
  let total = 0;
  let weight = 0;
  for (const [topic, { rate }] of topicRates(tally, topicOf)) {
    const w = weights[topic] ?? 1;
    total += w * rate;
    weight += w;
  }
  return weight > 0 ? total / weight : null;
}

function measuresOf(tally: Tally, topicOf: Map<number, QuizTopic>, rules: Rules): Record<Measure, Estimate> {
  const survey = (item: SurveyItem) => {
    const counts = tally.survey.get(item);
    return counts && counts.answered > 0 ? estimate(counts.hits / counts.answered, counts.answered, rules) : estimate(null, 0, rules);
  };
  return {
    awareness: estimate(tally.respondents > 0 ? awareness(tally, topicOf, rules.topicWeights) : null, tally.respondents, rules),
    support: survey('support'),
    participation: survey('participation'),
    satisfaction: survey('satisfaction'),
  };
}

/** Population-weighted mean of the parts' estimates, with Kish's effective sample size. */
function weightedEstimate(parts: { population: number; estimate: Estimate }[], rules: Rules): Estimate {
  const usable = parts.filter((p) => p.estimate.rate !== null && p.estimate.n > 0 && p.population > 0);
  const totalPopulation = usable.reduce((sum, p) => sum + p.population, 0);
  if (totalPopulation === 0) return estimate(null, 0, rules);
  let rate = 0;
  let inverseN = 0;
  for (const part of usable) {
    const w = part.population / totalPopulation;
    rate += w * part.estimate.rate!;
    inverseN += (w * w) / part.estimate.n;
  }
  return estimate(rate, Math.round(1 / inverseN), rules);
}

function rank(areas: AreaRates[]): void {
  for (const measure of MEASURES) {
    const ranked = areas.filter((a) => !a.measures[measure].small).sort((a, b) => b.measures[measure].rate! - a.measures[measure].rate!);
    ranked.forEach((area, index) => (area.ranks[measure] = index + 1));
  }
}

const noRanks = (): Record<Measure, number | null> => ({ awareness: null, support: null, participation: null, satisfaction: null });

export interface RatesOptions {
  /** Overrides the metrics.weightByPopulation setting. */
  weighted?: boolean;
  /** Skip the weekly trend (the public page does not show it). */
  trend?: boolean;
  /** Draw the weekly trend for this district, subdistrict or community instead of the whole city. */
  trendAreaId?: number;
  /**
   * 'district': the city and its districts only (subdistricts and communities come back empty),
   * read from the per-district aggregates: a few hundred rows whatever the campaign's length and
   * the number of communities. What the public page and GET /api/v1/metrics show.
   */
  depth?: 'district' | 'community';
}

/**
 * The public figures (city and districts, no trend), kept for a second per process: the public
 * page and API answer a crowd from one computation.
 */
export function getPublicRates(db: Db, campaignId: number): Promise<RatesReport> {
  return cachedForOneSecond(db, `metrics:public:${campaignId}`, () => getRatesReport(db, campaignId, { trend: false, depth: 'district' }));
}

export async function getRatesReport(db: Db, campaignId: number, options: RatesOptions = {}): Promise<RatesReport> {
  const settings = await getSettings(db, ['metrics.target', 'metrics.minSample', 'metrics.maxIntervalWidth', 'metrics.topicWeights', 'metrics.weightByPopulation']);
  const rules: Rules = { minSample: settings['metrics.minSample'], maxIntervalWidth: settings['metrics.maxIntervalWidth'], topicWeights: settings['metrics.topicWeights'] };
  const weighted = options.weighted ?? settings['metrics.weightByPopulation'];

  const byDistrict = options.depth === 'district';
  const [questionRows, respondentRows, surveyRows, questions, areaRows] = await Promise.all([
    byDistrict
      ? db
          .select({
            questionId: quizQuestionDistrictStats.questionId,
            districtId: quizQuestionDistrictStats.districtId,
            answered: quizQuestionDistrictStats.answered,
            hits: quizQuestionDistrictStats.correct,
          })
          .from(quizQuestionDistrictStats)
          .where(eq(quizQuestionDistrictStats.campaignId, campaignId))
      : db
          .select({
            questionId: quizQuestionStats.questionId,
            districtId: quizQuestionStats.districtId,
            subdistrictId: quizQuestionStats.subdistrictId,
            communityId: quizQuestionStats.communityId,
            answered: sql<number>`sum(${quizQuestionStats.answered})::int`,
            hits: sql<number>`sum(${quizQuestionStats.correct})::int`,
          })
          .from(quizQuestionStats)
          .where(eq(quizQuestionStats.campaignId, campaignId))
          .groupBy(quizQuestionStats.questionId, quizQuestionStats.districtId, quizQuestionStats.subdistrictId, quizQuestionStats.communityId),
    byDistrict
      ? db
          .select({ districtId: quizRespondentDistrictStats.districtId, respondents: quizRespondentDistrictStats.respondents })
          .from(quizRespondentDistrictStats)
          .where(eq(quizRespondentDistrictStats.campaignId, campaignId))
      : db
          .select({
            districtId: quizRespondentStats.districtId,
            subdistrictId: quizRespondentStats.subdistrictId,
            communityId: quizRespondentStats.communityId,
            respondents: sql<number>`sum(${quizRespondentStats.respondents})::int`,
          })
          .from(quizRespondentStats)
          .where(eq(quizRespondentStats.campaignId, campaignId))
          .groupBy(quizRespondentStats.districtId, quizRespondentStats.subdistrictId, quizRespondentStats.communityId),
    byDistrict
      ? db
          .select({ item: surveyDistrictStats.item, districtId: surveyDistrictStats.districtId, answered: surveyDistrictStats.answered, hits: surveyDistrictStats.favourable })
          .from(surveyDistrictStats)
          .where(eq(surveyDistrictStats.campaignId, campaignId))
      : db
          .select({
            item: surveyStats.item,
            districtId: surveyStats.districtId,
            subdistrictId: surveyStats.subdistrictId,
            communityId: surveyStats.communityId,
            answered: sql<number>`sum(${surveyStats.answered})::int`,
            hits: sql<number>`sum(${surveyStats.favourable})::int`,
          })
          .from(surveyStats)
          .where(eq(surveyStats.campaignId, campaignId))
          .groupBy(surveyStats.item, surveyStats.districtId, surveyStats.subdistrictId, surveyStats.communityId),
    db
      .select({ id: quizQuestions.id, code: quizQuestions.code, topic: quizQuestions.topic, promptZh: quizQuestions.promptZh, promptEn: quizQuestions.promptEn })
      .from(quizQuestions),
    // The city's areas change rarely (an admin's import): a second's staleness is harmless on the public figures.
    byDistrict ? cachedForOneSecond(db, 'metrics:areas', () => listAreas(db)) : listAreas(db),
  ]);
  const topicOf = new Map(questions.map((q) => [q.id, q.topic]));

  const tallies = new Map<number, Tally>();
  const tally = (id: number) => tallies.get(id) ?? tallies.set(id, new Tally()).get(id)!;
  const CITY = 0;
  /** The city, and every area the row counts in (per-district rows have no smaller area). */
  const areasOf = (row: { districtId: number; subdistrictId?: number; communityId?: number }) =>
    row.subdistrictId === undefined || row.communityId === undefined ? [CITY, row.districtId] : [CITY, row.districtId, row.subdistrictId, row.communityId];
  for (const row of questionRows) {
    for (const id of areasOf(row)) tally(id).addQuestion(row.questionId, row.answered, row.hits);
  }
  for (const row of respondentRows) {
    for (const id of areasOf(row)) tally(id).respondents += row.respondents;
  }
  for (const row of surveyRows) {
    for (const id of areasOf(row)) tally(id).addSurvey(row.item, row.answered, row.hits);
  }

  // Residents live in communities; subdistricts and districts add theirs up.
  const population = new Map<number, number>();
  const parentOf = new Map(areaRows.map((a) => [a.id, a.parentId]));
  for (const area of areaRows) {
    if (area.level !== 'community' || !area.population) continue;
    for (let id: number | null | undefined = area.id; id; id = parentOf.get(id)) population.set(id, (population.get(id) ?? 0) + area.population);
  }
  const build = (level: 'district' | 'subdistrict' | 'community') =>
    areaRows
      .filter((a) => a.level === level)
      .map((a): AreaRates => {
        const t = tallies.get(a.id) ?? new Tally();
        return {
          id: a.id,
          code: a.code,
          nameZh: a.nameZh,
          nameEn: a.nameEn,
          level,
          parentId: a.parentId,
          population: population.get(a.id) ?? 0,
          respondents: t.respondents,
          measures: measuresOf(t, topicOf, rules),
          ranks: noRanks(),
        };
      });
  const districts = build('district');
  const subdistricts = byDistrict ? [] : build('subdistrict');
  const communities = byDistrict ? [] : build('community');
  for (const level of [districts, subdistricts, communities]) rank(level);

  const cityTally = tallies.get(CITY) ?? new Tally();
  const cityMeasures = measuresOf(cityTally, topicOf, rules);
  if (weighted) {
    for (const measure of MEASURES) {
      cityMeasures[measure] = weightedEstimate(
        districts.map((d) => ({ population: d.population, estimate: d.measures[measure] })),
        rules,
      );
    }
  }
  const city: AreaRates = {
    id: CITY,
    code: 'city',
    nameZh: '',
    nameEn: '',
    level: 'city',
    parentId: null,
    population: districts.reduce((sum, d) => sum + d.population, 0),
    respondents: cityTally.respondents,
    measures: cityMeasures,
    ranks: noRanks(),
  };

  const cityTopics = topicRates(cityTally, topicOf);
  const topics: TopicRate[] = [...new Set(questions.map((q) => q.topic))].map((topic) => ({
    topic,
    rate: cityTopics.get(topic)?.rate ?? null,
    answered: cityTopics.get(topic)?.answered ?? 0,
  }));
  const questionRates: QuestionRate[] = questions
    .map((q) => {
      const counts = cityTally.questions.get(q.id);
      return {
        questionId: q.id,
        code: q.code,
        topic: q.topic,
        promptZh: q.promptZh,
        promptEn: q.promptEn,
        answered: counts?.answered ?? 0,
        rate: counts?.answered ? counts.hits / counts.answered : null,
      };
    })
    .filter((q) => q.answered > 0)
    .sort((a, b) => a.rate! - b.rate!);

  return {
    campaignId,
    target: settings['metrics.target'],
    minSample: rules.minSample,
    maxIntervalWidth: rules.maxIntervalWidth,
    weighted,
    city,
    districts,
    subdistricts,
    communities,
    topics,
    questions: questionRates,
    trend: options.trend === false ? [] : await getWeeklyTrend(db, campaignId, topicOf, rules, options.trendAreaId),
  };
}

/** Rates per ISO week (unweighted), oldest first, for the city or for one area at any level. */
async function getWeeklyTrend(db: Db, campaignId: number, topicOf: Map<number, QuizTopic>, rules: Rules, areaId?: number): Promise<TrendPoint[]> {
  // Area ids are unique across levels (one areas table), so "in this area" is a match on any level's column.
  const inArea = (table: typeof quizQuestionStats | typeof quizRespondentStats | typeof surveyStats) =>
    areaId === undefined ? undefined : or(eq(table.districtId, areaId), eq(table.subdistrictId, areaId), eq(table.communityId, areaId));
  const [questionRows, respondentRows, surveyRows] = await Promise.all([
    db
      .select({
        week: quizQuestionStats.week,
        questionId: quizQuestionStats.questionId,
        answered: sql<number>`sum(${quizQuestionStats.answered})::int`,
        hits: sql<number>`sum(${quizQuestionStats.correct})::int`,
      })
      .from(quizQuestionStats)
      .where(and(eq(quizQuestionStats.campaignId, campaignId), inArea(quizQuestionStats)))
      .groupBy(quizQuestionStats.week, quizQuestionStats.questionId),
    db
      .select({ week: quizRespondentStats.week, respondents: sql<number>`sum(${quizRespondentStats.respondents})::int` })
      .from(quizRespondentStats)
      .where(and(eq(quizRespondentStats.campaignId, campaignId), inArea(quizRespondentStats)))
      .groupBy(quizRespondentStats.week),
    db
      .select({ week: surveyStats.week, item: surveyStats.item, answered: sql<number>`sum(${surveyStats.answered})::int`, hits: sql<number>`sum(${surveyStats.favourable})::int` })
      .from(surveyStats)
      .where(and(eq(surveyStats.campaignId, campaignId), inArea(surveyStats)))
      .groupBy(surveyStats.week, surveyStats.item),
  ]);
  const weeks = new Map<string, Tally>();
  const tally = (week: string) => weeks.get(week) ?? weeks.set(week, new Tally()).get(week)!;
  for (const row of questionRows) tally(row.week).addQuestion(row.questionId, row.answered, row.hits);
  for (const row of respondentRows) tally(row.week).respondents += row.respondents;
  for (const row of surveyRows) tally(row.week).addSurvey(row.item, row.answered, row.hits);
  return [...weeks].sort(([a], [b]) => a.localeCompare(b)).map(([week, t]) => ({ week, measures: measuresOf(t, topicOf, rules) }));
}
