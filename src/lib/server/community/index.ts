/** Updates on reports, flags that hide abuse, reporter points (issue 21). */
export * from './updates';
export * from './flags';
export * from './points';
export * from './visibility';
export { communityPermissions } from './permissions';
