export * from './city';
export * from './departments';
export * from './auth';
export * from './audit';
export * from './settings';
export * from './notifications';
export * from './nominations';
