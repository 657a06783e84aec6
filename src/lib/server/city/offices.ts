import type { Db } from '../../../../db/client';
import { departments } from '../../../../db/schema';

export function subdistrictOfficeCode(areaCode: string): string {
  return `subdistrict-office-${areaCode}`;
}

/** "Wenchang Subdistrict" → "Wenchang Subdistrict Office", not "… Subdistrict Subdistrict Office". */
function officeNameEn(subdistrictNameEn: string): string {
  return `${subdistrictNameEn.replace(/\s+subdistrict$/i, '')} Subdistrict Office`;
}

/**
 * Gives every listed subdistrict its 街道办事处 (e.g. 文华街道 → 文华街道办事处) unless it has one,
 * and returns how many were created. An existing office keeps its name: admins may have edited it.
 */
export async function ensureSubdistrictOffices(db: Db, subdistricts: readonly { id: number; code: string; nameZh: string; nameEn: string }[]): Promise<number> {
  if (subdistricts.length === 0) return 0;
  const created = await db
    .insert(departments)
    .values(
      subdistricts.map((subdistrict) => ({
        code: subdistrictOfficeCode(subdistrict.code),
        kind: 'subdistrict_office' as const,
        nameZh: `${subdistrict.nameZh}办事处`,
        nameEn: officeNameEn(subdistrict.nameEn),
        areaId: subdistrict.id,
      })),
    )
    .onConflictDoNothing({ target: departments.code })
    .returning({ id: departments.id });
  return created.length;
}
