export * from './export';
export * from './permissions';
export * from './rates';
export * from './wilson';
export * from './shapes';
