/** The dashboard's table as CSV (UTF-8 with BOM, for Excel): one row per area and measure. */
import type { Locale } from '../../../i18n';
import { formatCsv } from '../csv';
import { MEASURES, type AreaRates, type RatesReport } from './rates';
import { percentNumber } from '../../percent';

const percent = (value: number | null) => (value === null ? '' : percentNumber(value));

export function ratesCsv(report: RatesReport, locale: Locale, cityName: string): string {
  const zh = locale === 'zh-CN';
  const header = zh
    ? ['层级', '代码', '名称', '上级代码', '指标', '比率(%)', '样本量n', '95%区间下限(%)', '95%区间上限(%)', '样本不足', '排名']
    : ['level', 'code', 'name', 'parent_code', 'measure', 'rate_pct', 'n', 'ci95_low_pct', 'ci95_high_pct', 'too_small', 'rank'];
  const codes = new Map([...report.districts, ...report.subdistricts, ...report.communities].map((a) => [a.id, a.code]));
  const rows = (area: AreaRates) =>
    MEASURES.map((measure) => {
      const e = area.measures[measure];
      return [
        area.level,
        area.code,
        area.level === 'city' ? cityName : zh ? area.nameZh : area.nameEn,
        area.parentId ? (codes.get(area.parentId) ?? '') : '',
        measure,
        percent(e.rate),
        e.n,
        percent(e.low),
        percent(e.high),
        e.small ? 'yes' : 'no',
        area.ranks[measure] ?? '',
      ];
    });
  return formatCsv([header, ...[report.city, ...report.districts, ...report.subdistricts, ...report.communities].flatMap(rows)]);
}
