/**
 * Open data (开放数据): aggregated, anonymized files the public can reuse. Each dataset declares
 * its columns once (the data dictionary, in zh-CN and English) and yields its rows in batches, so
 * that the CSV, the JSON and the data package are written from one definition and large files
 * stream. Nothing here carries a name, a phone or ID number, a description, a photo or an exact
 * point: figures are counts, sums, medians and rates over areas, categories, departments and months.
 */
import { asc, eq, inArray, isNotNull, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../../db/client';
import { areas, departments, reportCategories, reports, volunteerHours, volunteerProjects } from '../../../../db/schema';
import { MEASURES, getRatesReport, type AreaRates } from '../metrics';
import { listCampaigns } from '../quizzes';
import { publicOnly } from '../community/visibility';
import { departmentLeague } from '../reports/queries';
import { cityMonth, cityTimestampSql } from '../time';

export type ColumnType = 'string' | 'integer' | 'number' | 'date' | 'boolean';

export interface Column {
  name: string;
  type: ColumnType;
  zh: string;
  en: string;
}

export type Row = Record<string, string | number | boolean | null>;

export interface Dataset {
  /** Stable: the file names are `/open-data/<id>.csv` and `/open-data/<id>.json`. */
  id: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  columns: readonly Column[];
  /** Rows in batches, oldest first. */
  rows(db: Db, now: Date): AsyncGenerator<Row[]>;
}

/** Month labels are calendar months in city time. */
const monthOf = (column: unknown) => sql<string>`to_char(${cityTimestampSql(column)}, 'YYYY-MM')`;
const district = alias(areas, 'od_district');

const col = (name: string, type: ColumnType, zh: string, en: string): Column => ({ name, type, zh, en });

const round = (value: unknown, digits: number) => (value === null || value === undefined ? null : Math.round(Number(value) * 10 ** digits) / 10 ** digits);

const reportsByMonth: Dataset = {
  id: 'reports-monthly',
  titleZh: '不文明行为报告月度统计',
  titleEn: 'Reports of uncivilized behaviour by month',
  descriptionZh: '按月份（北京时间提交月份）、类别、区和当前状态统计的报告数量及办理时长。不含描述、照片、位置或报告人信息；因举报被隐藏的报告不计入，恢复后重新计入。',
  descriptionEn:
    'Reports by month submitted (China time), category, district and current status, with handling times. No descriptions, photos, places or reporters; reports hidden after flags are left out until restored.',
  columns: [
    col('month', 'string', '提交月份（YYYY-MM，北京时间）', 'Month submitted (YYYY-MM, China time)'),
    col('category_code', 'string', '类别代码', 'Category code'),
    col('category_zh', 'string', '类别（中文）', 'Category (Chinese)'),
    col('category_en', 'string', '类别（英文）', 'Category (English)'),
    col('district_code', 'string', '区代码（无法定位时为空）', 'District code (empty when the point is outside the grid)'),
    col('district_zh', 'string', '区（中文）', 'District (Chinese)'),
    col('district_en', 'string', '区（英文）', 'District (English)'),
    col(
      'status',
      'string',
      '当前状态代码（submitted 待受理、accepted 已受理、rejected 不予受理、assigned 已交办、in_progress 整改中、returned 已退回、rectified 已整改、closed 已办结、disputed 有异议、merged 已合并）',
      'Current status code (submitted, accepted, rejected, assigned, in_progress, returned, rectified, closed, disputed, merged)',
    ),
    col('reports', 'integer', '报告数', 'Number of reports'),
    col('median_days_to_accept', 'number', '从提交到受理的中位天数', 'Median days from submission to acceptance'),
    col('median_days_to_rectify', 'number', '从交办到整改完成的中位天数', 'Median days from assignment to rectification'),
    col('median_days_to_close', 'number', '从提交到办结的中位天数', 'Median days from submission to closing'),
  ],
  async *rows(db) {
    const month = monthOf(reports.createdAt);
    const median = (from: unknown, to: unknown) => sql<number | null>`percentile_cont(0.5) within group (order by extract(epoch from ${to} - ${from}) / 86400)`;
    // Acceptance time is the first timeline entry out of 'submitted'.
    const accepted = sql`(select min(t.created_at) from report_timeline t where t.report_id = ${reports.id} and t.from_status = 'submitted' and t.to_status = 'accepted')`;
    const rows = await db
      .select({
        month,
        categoryCode: reportCategories.code,
        categoryZh: reportCategories.nameZh,
        categoryEn: reportCategories.nameEn,
        districtCode: district.code,
        districtZh: district.nameZh,
        districtEn: district.nameEn,
        status: reports.status,
        reports: sql<number>`count(*)::int`,
        toAccept: median(reports.createdAt, accepted),
        toRectify: median(reports.assignedAt, reports.rectifiedAt),
        toClose: median(reports.createdAt, reports.closedAt),
      })
      .from(reports)
      .innerJoin(reportCategories, eq(reportCategories.id, reports.categoryId))
      .leftJoin(district, eq(district.id, reports.districtId))
      // A report hidden by flags is in no public figure until a moderator restores it.
      .where(publicOnly('report', reports.id))
      .groupBy(
        sql`1`,
        reportCategories.code,
        reportCategories.nameZh,
        reportCategories.nameEn,
        reportCategories.sortOrder,
        district.code,
        district.nameZh,
        district.nameEn,
        reports.status,
      )
      .orderBy(sql`1`, asc(reportCategories.sortOrder), asc(district.code), asc(reports.status));
    yield rows.map((r) => ({
      month: r.month,
      category_code: r.categoryCode,
      category_zh: r.categoryZh,
      category_en: r.categoryEn,
      district_code: r.districtCode ?? '',
      district_zh: r.districtZh ?? '',
      district_en: r.districtEn ?? '',
      status: r.status,
      reports: Number(r.reports),
      median_days_to_accept: round(r.toAccept, 1),
      median_days_to_rectify: round(r.toRectify, 1),
      median_days_to_close: round(r.toClose, 1),
    }));
  },
};

/** The months (YYYY-MM, China time) from the first assignment to this one, at most the last 24. */
async function assignmentMonths(db: Db, now: Date): Promise<string[]> {
  const [first] = await db
    .select({ month: sql<string | null>`min(${monthOf(reports.assignedAt)})` })
    .from(reports)
    .where(isNotNull(reports.assignedAt));
  const last = cityMonth(now);
  if (!first?.month) return [];
  const months: string[] = [];
  let [year, month] = last.split('-').map(Number) as [number, number];
  for (let i = 0; i < 24; i++) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label < first.month) break;
    months.unshift(label);
    month -= 1;
    if (month === 0) {
      month = 12;
      year -= 1;
    }
  }
  return months;
}

const departmentsByMonth: Dataset = {
  id: 'departments-monthly',
  titleZh: '责任单位办理情况（红黑榜数据）',
  titleEn: 'Departments’ handling of reports (the league table’s figures)',
  descriptionZh: '每月各责任单位收到、整改、按期整改的报告数，整改中位天数，当日逾期督办单数和当月评价，即公开红黑榜背后的数据（最近24个月）。',
  descriptionEn:
    'Per month and department: reports received, rectified and rectified on time, median days to rectify, open overdue tickets and the ratings given that month: the figures behind the public league table (last 24 months).',
  columns: [
    col('month', 'string', '交办月份（YYYY-MM，北京时间）', 'Month assigned (YYYY-MM, China time)'),
    col('department_code', 'string', '责任单位代码', 'Department code'),
    col('department_zh', 'string', '责任单位（中文）', 'Department (Chinese)'),
    col('department_en', 'string', '责任单位（英文）', 'Department (English)'),
    col('received', 'integer', '当月交办数', 'Reports assigned that month'),
    col('rectified', 'integer', '已整改数', 'Of which rectified'),
    col('rectified_on_time', 'integer', '按期整改数', 'Of which rectified by the deadline'),
    col('on_time_rate', 'number', '按期整改率（0-1）', 'On-time rate (0-1)'),
    col('median_days_to_rectify', 'number', '整改中位天数', 'Median days to rectify'),
    col('overdue_white', 'integer', '生成时逾期白单数', 'Open white tickets when generated'),
    col('overdue_yellow', 'integer', '生成时逾期黄单数', 'Open yellow tickets when generated'),
    col('overdue_red', 'integer', '生成时逾期红单数', 'Open red tickets when generated'),
    col('rated_satisfied', 'integer', '满意评价数', 'Ratings: satisfied'),
    col('rated_basically_satisfied', 'integer', '基本满意评价数', 'Ratings: basically satisfied'),
    col('rated_unsatisfied', 'integer', '不满意评价数', 'Ratings: unsatisfied'),
  ],
  async *rows(db, now) {
    const codes = new Map((await db.select({ id: departments.id, code: departments.code }).from(departments)).map((d) => [d.id, d.code]));
    for (const month of await assignmentMonths(db, now)) {
      const league = await departmentLeague(db, month, now);
      yield league.map((row) => ({
        month,
        department_code: codes.get(row.department.id) ?? '',
        department_zh: row.department.nameZh,
        department_en: row.department.nameEn,
        received: row.received,
        rectified: row.rectified,
        rectified_on_time: row.rectifiedOnTime,
        on_time_rate: round(row.onTimeRate, 4),
        median_days_to_rectify: row.medianDaysToRectify,
        overdue_white: row.overdue.white,
        overdue_yellow: row.overdue.yellow,
        overdue_red: row.overdue.red,
        rated_satisfied: row.ratings.satisfied,
        rated_basically_satisfied: row.ratings.basically_satisfied,
        rated_unsatisfied: row.ratings.unsatisfied,
      }));
    }
  },
};

const volunteerHoursByMonth: Dataset = {
  id: 'volunteer-hours-monthly',
  titleZh: '志愿服务时长月度统计',
  titleEn: 'Volunteer service hours by month',
  descriptionZh: '按服务月份和服务项目所在区统计的已审核志愿服务时长、服务人数和记录数。不含志愿者个人信息。',
  descriptionEn: 'Approved volunteer service hours, volunteers and records by month of service and the district of the project. No volunteer’s personal data.',
  columns: [
    col('month', 'string', '服务月份（YYYY-MM）', 'Month of service (YYYY-MM)'),
    col('district_code', 'string', '区代码', 'District code'),
    col('district_zh', 'string', '区（中文）', 'District (Chinese)'),
    col('district_en', 'string', '区（英文）', 'District (English)'),
    col('approved_hours', 'number', '已审核服务时长（小时）', 'Approved service hours'),
    col('volunteers', 'integer', '服务人数', 'Volunteers who served'),
    col('records', 'integer', '时长记录数', 'Hour records'),
  ],
  async *rows(db) {
    const month = sql<string>`substr(${volunteerHours.servedOn}::text, 1, 7)`;
    const rows = await db
      .select({
        month,
        code: district.code,
        nameZh: district.nameZh,
        nameEn: district.nameEn,
        minutes: sql<number>`sum(${volunteerHours.approvedMinutes})::int`,
        volunteers: sql<number>`count(distinct ${volunteerHours.volunteerId})::int`,
        records: sql<number>`count(*)::int`,
      })
      .from(volunteerHours)
      .innerJoin(volunteerProjects, eq(volunteerProjects.id, volunteerHours.projectId))
      .leftJoin(district, eq(district.id, volunteerProjects.districtId))
      .where(eq(volunteerHours.status, 'approved'))
      .groupBy(sql`1`, district.code, district.nameZh, district.nameEn)
      .orderBy(sql`1`, asc(district.code));
    yield rows.map((r) => ({
      month: r.month,
      district_code: r.code ?? '',
      district_zh: r.nameZh ?? '',
      district_en: r.nameEn ?? '',
      approved_hours: round(Number(r.minutes) / 60, 2),
      volunteers: Number(r.volunteers),
      records: Number(r.records),
    }));
  },
};

const rates: Dataset = {
  id: 'rates',
  titleZh: '知晓率、支持率、参与率、满意率',
  titleEn: 'Awareness, support, participation and satisfaction rates',
  descriptionZh: '每期问卷的全市和各区四率，含样本量和95%置信区间（Wilson），与公开的四率页面一致。样本过小的区标出，不排名。',
  descriptionEn:
    'The four rates for the city and each district per campaign, with the sample size and 95% (Wilson) intervals, as on the public rates page. Small samples are marked and not ranked.',
  columns: [
    col('campaign_id', 'integer', '问卷编号', 'Campaign id'),
    col('campaign_zh', 'string', '问卷名称（中文）', 'Campaign (Chinese)'),
    col('campaign_en', 'string', '问卷名称（英文）', 'Campaign (English)'),
    col('level', 'string', '层级（city 全市、district 区）', 'Level (city, district)'),
    col('area_code', 'string', '区域代码（全市为 city）', 'Area code (city for the whole city)'),
    col('area_zh', 'string', '区域（中文）', 'Area (Chinese)'),
    col('area_en', 'string', '区域（英文）', 'Area (English)'),
    col('measure', 'string', '指标（awareness 知晓率、support 支持率、participation 参与率、satisfaction 满意率）', 'Measure (awareness, support, participation, satisfaction)'),
    col('rate', 'number', '比率（0-1）', 'Rate (0-1)'),
    col('n', 'integer', '样本量', 'Sample size'),
    col('ci_low', 'number', '95%置信区间下限', 'Lower bound of the 95% interval'),
    col('ci_high', 'number', '95%置信区间上限', 'Upper bound of the 95% interval'),
    col('small_sample', 'boolean', '样本过小（不排名）', 'Sample too small (not ranked)'),
    col('target', 'number', '目标值（0-1）', 'Target (0-1)'),
  ],
  async *rows(db) {
    const campaigns = await listCampaigns(db, { states: ['open', 'closed'] });
    for (const campaign of [...campaigns].sort((a, b) => a.id - b.id)) {
      const report = await getRatesReport(db, campaign.id, { trend: false });
      const areaRows = (area: AreaRates) =>
        MEASURES.map((measure) => {
          const e = area.measures[measure];
          return {
            campaign_id: campaign.id,
            campaign_zh: campaign.titleZh,
            campaign_en: campaign.titleEn,
            level: area.level === 'city' ? 'city' : 'district',
            area_code: area.level === 'city' ? 'city' : area.code,
            area_zh: area.nameZh,
            area_en: area.nameEn,
            measure,
            rate: round(e.rate, 4),
            n: e.n,
            ci_low: round(e.low, 4),
            ci_high: round(e.high, 4),
            small_sample: e.small,
            target: report.target,
          };
        });
      yield [report.city, ...report.districts].flatMap(areaRows);
    }
  },
};

export const DATASETS: readonly Dataset[] = [reportsByMonth, departmentsByMonth, volunteerHoursByMonth, rates];

export function findDataset(id: string): Dataset | undefined {
  return DATASETS.find((dataset) => dataset.id === id);
}

/** For the open-data page: which areas the GeoJSON can be filtered by (districts and subdistricts). */
export async function openDataAreas(db: Db) {
  return db
    .select({ id: areas.id, code: areas.code, level: areas.level, nameZh: areas.nameZh, nameEn: areas.nameEn })
    .from(areas)
    .where(inArray(areas.level, ['district', 'subdistrict']))
    .orderBy(asc(areas.code));
}
