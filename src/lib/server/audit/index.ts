export * from './permissions';
export * from './queries';
export * from './record';
export * from './describe';
export * from './names';
