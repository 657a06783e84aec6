/**
 * Command: import the city's grid from a GeoJSON FeatureCollection (format in export.ts). Every
 * problem in the file is reported, each naming its feature, before anything is written; then all
 * areas are upserted by code in one transaction, with one audit entry.
 *
 * Callers check can(user, 'city.import') first, as for every command.
 */
import type { Db } from '../../../../db/client';
import { AREA_LEVELS, type AreaLevel, type Role } from '../../../../db/schema';
import { recordAudit } from '../audit/record';
import { validateGeometry } from './geometry';
import { countAreasByLevel } from './queries';
import { loadAreaIndex, lockCityWrites, writeAreas, type AreaInput, type ExistingArea } from './write';

export interface ImportError {
  /** Index of the feature in `features` (0-based); null for problems with the file as a whole. */
  feature: number | null;
  code: string | null;
  /** i18n key under city.import.error. */
  key: string;
  /** Message parameters; `feature` is 1-based, for people. */
  params: Record<string, string | number>;
}

export interface ImportCounts {
  inserted: number;
  updated: number;
  /** Features in the file per level. */
  byLevel: Record<AreaLevel, number>;
  officesCreated: number;
}

export type ImportResult = { ok: true; counts: ImportCounts } | { ok: false; errors: ImportError[] };

export interface ImportActor {
  id: number;
  role: Role;
}

const ERROR = 'city.import.error.';
/** Codes end up in URLs and department codes (subdistrict-office-<code>), so keep them plain. */
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const MAX_NAME_LENGTH = 100;
const PARENT_LEVEL: Record<AreaLevel, AreaLevel | null> = { district: null, subdistrict: 'district', community: 'subdistrict', grid: 'community' };
const PARENT_LEVEL_KEY: Record<AreaLevel, string> = {
  district: 'parentMustBeDistrict',
  subdistrict: 'parentMustBeSubdistrict',
  community: 'parentMustBeCommunity',
  grid: '',
};

interface ParsedFeature extends AreaInput {
  index: number;
}

function isAreaLevel(value: unknown): value is AreaLevel {
  return typeof value === 'string' && (AREA_LEVELS as readonly string[]).includes(value);
}

function fileError(key: string): ImportResult {
  return { ok: false, errors: [{ feature: null, code: null, key: ERROR + key, params: {} }] };
}

const isBlank = (value: unknown) => value === undefined || value === null || (typeof value === 'string' && value.trim() === '');

/** A code as text; official area codes (e.g. 430102001) often arrive as JSON numbers. */
function codeOf(value: unknown): string | null {
  if (typeof value === 'string') return value.trim() === '' ? null : value;
  return Number.isSafeInteger(value) && (value as number) >= 0 ? String(value) : null;
}

function rawCodeOf(raw: unknown): unknown {
  return (raw as { properties?: { code?: unknown } } | null)?.properties?.code;
}

/** Checks one feature on its own; returns it parsed, or null after pushing its errors. */
function parseFeature(raw: unknown, index: number, errors: ImportError[]): ParsedFeature | null {
  const code = codeOf(rawCodeOf(raw));
  const before = errors.length;
  const report = (key: string, params: Record<string, string | number> = {}) =>
    errors.push({ feature: index, code, key: ERROR + key, params: { feature: index + 1, code: code ?? '—', ...params } });

  if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'Feature') {
    report('notFeature');
    return null;
  }
  const { properties, geometry: rawGeometry } = raw as { properties?: unknown; geometry?: unknown };
  if (typeof properties !== 'object' || properties === null || Array.isArray(properties)) {
    report('missingProperties');
  } else {
    const props = properties as Record<string, unknown>;
    if (isBlank(props.code)) report('missingProperty', { property: 'code' });
    else if (code === null || !CODE_PATTERN.test(code)) report('badCode');
    if (isBlank(props.level)) report('missingProperty', { property: 'level' });
    else if (!isAreaLevel(props.level)) report('unknownLevel', { level: String(props.level) });
    for (const property of ['name', 'name_en']) {
      const value = props[property];
      if (isBlank(value)) report('missingProperty', { property });
      else if (typeof value !== 'string' || value.length > MAX_NAME_LENGTH) report('badProperty', { property });
    }
    const population = props.population;
    if (population !== undefined && population !== null && !(Number.isSafeInteger(population) && (population as number) >= 0)) {
      report('badPopulation');
    }
    const hasParent = !isBlank(props.parent);
    if (hasParent && codeOf(props.parent) === null) report('badProperty', { property: 'parent' });
    else if (props.level === 'district' && hasParent) report('unexpectedParent');
    else if (isAreaLevel(props.level) && props.level !== 'district' && !hasParent) report('missingProperty', { property: 'parent' });
  }
  const { geometry, issues } = validateGeometry(rawGeometry);
  for (const issue of issues) errors.push({ feature: index, code, key: issue.key, params: { feature: index + 1, code: code ?? '—', ...issue.params } });

  if (errors.length > before || !geometry) return null;
  const props = properties as Record<string, unknown>;
  return {
    index,
    code: code!,
    level: props.level as AreaLevel,
    parentCode: props.level === 'district' ? null : codeOf(props.parent),
    nameZh: (props.name as string).trim(),
    nameEn: (props.name_en as string).trim(),
    population: props.population === undefined ? undefined : (props.population as number | null),
    geometry,
  };
}

/** The declared level of every code in the file, valid or not, so parents are not reported twice. */
function declaredLevels(features: unknown[]): Map<string, { level: AreaLevel | null; index: number }> {
  const levels = new Map<string, { level: AreaLevel | null; index: number }>();
  features.forEach((raw, index) => {
    const code = codeOf(rawCodeOf(raw));
    if (code !== null && !levels.has(code)) {
      const level = (raw as { properties: { level?: unknown } }).properties.level;
      levels.set(code, { level: isAreaLevel(level) ? level : null, index });
    }
  });
  return levels;
}

/** Problems that need the whole file and the database: duplicates, parents, level changes. */
function checkReferences(features: unknown[], parsed: ParsedFeature[], existing: Map<string, ExistingArea>, errors: ImportError[]): void {
  const declared = declaredLevels(features);
  const report = (feature: ParsedFeature, key: string, params: Record<string, string | number> = {}) =>
    errors.push({ feature: feature.index, code: feature.code, key: ERROR + key, params: { feature: feature.index + 1, code: feature.code, ...params } });

  for (const feature of parsed) {
    const first = declared.get(feature.code)!;
    if (first.index !== feature.index) report(feature, 'duplicateCode', { first: first.index + 1 });
    const current = existing.get(feature.code);
    if (current && current.level !== feature.level) report(feature, 'levelChange');
    if (feature.parentCode === null) continue;
    const parentLevel = declared.has(feature.parentCode) ? declared.get(feature.parentCode)!.level : existing.get(feature.parentCode)?.level;
    if (parentLevel === undefined) report(feature, 'unknownParent', { parent: feature.parentCode });
    // A parent whose own level is unreadable already has its error; don't add a second one here.
    else if (parentLevel !== null && parentLevel !== PARENT_LEVEL[feature.level]) {
      report(feature, PARENT_LEVEL_KEY[PARENT_LEVEL[feature.level]!], { parent: feature.parentCode });
    }
  }
  // Invalid features are not in `parsed`, but a code used twice is worth reporting for them too.
  const valid = new Set(parsed.map((feature) => feature.index));
  features.forEach((raw, index) => {
    const code = codeOf(rawCodeOf(raw));
    if (code === null || valid.has(index)) return;
    const first = declared.get(code);
    if (first && first.index !== index) {
      errors.push({ feature: index, code, key: `${ERROR}duplicateCode`, params: { feature: index + 1, code, first: first.index + 1 } });
    }
  });
}

export async function importCityGeoJson(db: Db, text: string, actor: ImportActor): Promise<ImportResult> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return fileError('notJson');
  }
  const collection = json as { type?: unknown; features?: unknown } | null;
  if (typeof collection !== 'object' || collection === null || collection.type !== 'FeatureCollection' || !Array.isArray(collection.features)) {
    return fileError('notFeatureCollection');
  }
  const features: unknown[] = collection.features;
  if (features.length === 0) return fileError('empty');

  const errors: ImportError[] = [];
  const parsed = features.map((raw, index) => parseFeature(raw, index, errors)).filter((feature) => feature !== null);

  return db.transaction(async (tx) => {
    await lockCityWrites(tx);
    const existing = await loadAreaIndex(tx);
    checkReferences(features, parsed, existing, errors);
    if (errors.length > 0) {
      errors.sort((a, b) => (a.feature ?? -1) - (b.feature ?? -1));
      return { ok: false as const, errors };
    }
    const before = await countAreasByLevel(tx);
    const written = await writeAreas(tx, parsed, existing);
    const after = await countAreasByLevel(tx);
    const byLevel = { district: 0, subdistrict: 0, community: 0, grid: 0 };
    for (const feature of parsed) byLevel[feature.level]++;
    const counts: ImportCounts = { inserted: written.inserted, updated: written.updated, byLevel, officesCreated: written.officesCreated };
    await recordAudit(tx, {
      actorId: actor.id,
      actorRole: actor.role,
      action: 'city.import',
      targetType: 'city',
      targetId: null,
      summary: { before: { areas: before }, after: { areas: after, ...counts } },
    });
    return { ok: true as const, counts };
  });
}
