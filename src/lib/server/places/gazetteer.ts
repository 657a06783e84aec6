/**
 * The gazetteer's small sources, read from their own tables: the city's areas (districts to grid
 * cells), inspection sites and volunteer project places. A few hundred rows, kept per process for a
 * second (renames may show a second late); the imported places and roads, up to tens of thousands,
 * are searched in SQL.
 */
import { asc, eq } from 'drizzle-orm';
import type { Db } from '../../../../db/client';
import { areas, readinessSites, volunteerProjects, type AreaLevel } from '../../../../db/schema';
import { cachedForOneSecond } from '../cache';
import { searchKey } from './search-key';

export type GazetteerKind = AreaLevel | 'place' | 'road' | 'site' | 'project';

export interface GazetteerEntry {
  /** `area:12`, `place:3`, `site:40`, `project:7`. */
  ref: string;
  kind: GazetteerKind;
  nameZh: string;
  nameEn: string;
  lat: number;
  lng: number;
  /** [west, south, east, north] for areas and roads, so the map can fit them. */
  bbox: [number, number, number, number] | null;
  key: string;
}

async function loadSmallSources(db: Db): Promise<GazetteerEntry[]> {
  const [areaRows, siteRows, projectRows] = await Promise.all([
    db
      .select({
        id: areas.id,
        level: areas.level,
        nameZh: areas.nameZh,
        nameEn: areas.nameEn,
        minLng: areas.minLng,
        minLat: areas.minLat,
        maxLng: areas.maxLng,
        maxLat: areas.maxLat,
      })
      .from(areas)
      .orderBy(asc(areas.code)),
    db.select({ id: readinessSites.id, name: readinessSites.name, lat: readinessSites.lat, lng: readinessSites.lng }).from(readinessSites).where(eq(readinessSites.active, true)),
    db
      .select({ id: volunteerProjects.id, title: volunteerProjects.title, address: volunteerProjects.address, lat: volunteerProjects.lat, lng: volunteerProjects.lng })
      .from(volunteerProjects),
  ]);
  return [
    ...areaRows.map((a): GazetteerEntry => ({
      ref: `area:${a.id}`,
      kind: a.level,
      nameZh: a.nameZh,
      nameEn: a.nameEn,
      lat: (a.minLat + a.maxLat) / 2,
      lng: (a.minLng + a.maxLng) / 2,
      bbox: [a.minLng, a.minLat, a.maxLng, a.maxLat],
      key: searchKey([a.nameZh, a.nameEn]),
    })),
    ...siteRows.map((s): GazetteerEntry => ({ ref: `site:${s.id}`, kind: 'site', nameZh: s.name, nameEn: s.name, lat: s.lat, lng: s.lng, bbox: null, key: searchKey([s.name]) })),
    ...projectRows.map((p): GazetteerEntry => {
      const name = p.address ? `${p.title}（${p.address}）` : p.title;
      return { ref: `project:${p.id}`, kind: 'project', nameZh: name, nameEn: name, lat: p.lat, lng: p.lng, bbox: null, key: searchKey([p.title, p.address]) };
    }),
  ];
}

export function smallSources(db: Db): Promise<GazetteerEntry[]> {
  return cachedForOneSecond(db, 'places.small-sources', () => loadSmallSources(db));
}
