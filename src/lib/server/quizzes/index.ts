export * from './attempts';
export * from './bank';
export * from './campaigns';
export { drawQuestions, type DrawCandidate, type RandomInt } from './draw';
export * from './permissions';
export { addCountedAttempt, FAVOURABLE_FROM, isoWeekStart, rebuildCampaignStats } from './stats';
export * from './workflow';
