import { asc, eq } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../../../db/client';
import { AREA_LEVELS, areas, type AreaGeometry, type AreaLevel } from '../../../../db/schema';

/** The city file format, read by importCityGeoJson and written by exportCityGeoJson. */
export interface CityFeatureProperties {
  code: string;
  level: AreaLevel;
  /** The parent's code; absent for districts. */
  parent?: string;
  name: string;
  name_en: string;
  /** Residents, usually given for communities only. */
  population?: number | null;
}

export interface CityFeature {
  type: 'Feature';
  properties: CityFeatureProperties;
  geometry: AreaGeometry;
}

export interface CityFeatureCollection {
  type: 'FeatureCollection';
  features: CityFeature[];
}

const parentArea = alias(areas, 'parent');

/** The whole city as a FeatureCollection, outermost level first, then by code; importing it back changes nothing. */
export async function exportCityGeoJson(db: Db): Promise<CityFeatureCollection> {
  const rows = await db
    .select({
      code: areas.code,
      level: areas.level,
      parentCode: parentArea.code,
      nameZh: areas.nameZh,
      nameEn: areas.nameEn,
      population: areas.population,
      geometry: areas.geometry,
    })
    .from(areas)
    .leftJoin(parentArea, eq(parentArea.id, areas.parentId))
    .orderBy(asc(areas.code));
  rows.sort((a, b) => AREA_LEVELS.indexOf(a.level) - AREA_LEVELS.indexOf(b.level));
  return {
    type: 'FeatureCollection',
    features: rows.map((row) => ({
      type: 'Feature',
      properties: {
        code: row.code,
        level: row.level,
        ...(row.parentCode === null ? {} : { parent: row.parentCode }),
        name: row.nameZh,
        name_en: row.nameEn,
        ...(row.population === null ? {} : { population: row.population }),
      },
      geometry: row.geometry,
    })),
  };
}
