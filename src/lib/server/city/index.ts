export * from './export';
export { geometryArea, geometryBBox, pointInGeometry, validateGeometry, type BBox, type LatLng } from './geometry';
export * from './import';
export { ensureSubdistrictOffices, subdistrictOfficeCode } from './offices';
export * from './permissions';
export * from './queries';
export * from './resolve';
export * from './outlines';
