export * from './describe';
export { smallSources, type GazetteerEntry, type GazetteerKind } from './gazetteer';
export { distanceToGeometry } from './geometry';
export * from './import';
export * from './permissions';
export * from './search';
export { normalizeQuery, searchKey } from './search-key';
