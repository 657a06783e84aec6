export * from './datasets';
export * from './files';
