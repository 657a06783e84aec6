import type { Db } from '../../../../db/client';
import { departments } from '../../../../db/schema';

/** The city bureaus (责任单位) every city has; 街道办事处 are added with their subdistricts. */
export const BUREAUS = [
  { code: 'chengguan', nameZh: '城管执法局', nameEn: 'Urban Management and Law Enforcement Bureau' },
  { code: 'traffic-police', nameZh: '公安局交警支队', nameEn: 'Traffic Police Detachment' },
  { code: 'market-regulation', nameZh: '市场监管局', nameEn: 'Market Regulation Bureau' },
  { code: 'health', nameZh: '卫生健康委', nameEn: 'Health Commission' },
  { code: 'housing', nameZh: '住建局', nameEn: 'Housing and Construction Bureau' },
  { code: 'parks', nameZh: '市政园林局', nameEn: 'Municipal Works and Parks Bureau' },
  { code: 'sanitation', nameZh: '环卫处', nameEn: 'Sanitation Department' },
  { code: 'transport', nameZh: '交通运输局', nameEn: 'Transport Bureau' },
  { code: 'wenmingban', nameZh: '文明办', nameEn: 'Civilization Office' },
] as const;

export async function seedBureaus(db: Db): Promise<void> {
  await db
    .insert(departments)
    .values(BUREAUS.map((bureau) => ({ ...bureau, kind: 'bureau' as const })))
    .onConflictDoNothing({ target: departments.code });
}
