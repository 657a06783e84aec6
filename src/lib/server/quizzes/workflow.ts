/**
 * The two state machines of the quizzes domain, as data: who may move a campaign or an attempt
 * from one state to another. Commands look transitions up here rather than testing states inline.
 */
import type { AttemptState, CampaignState } from '../../../../db/schema';

export interface Transition<S extends string> {
  from: S;
  to: S;
  /** 'admin' for campaign management; 'respondent' is the attempt's owner; 'system' the server itself. */
  by: 'admin' | 'respondent' | 'system';
}

export const CAMPAIGN_TRANSITIONS: readonly Transition<CampaignState>[] = [
  { from: 'draft', to: 'open', by: 'admin' },
  { from: 'open', to: 'closed', by: 'admin' },
  { from: 'closed', to: 'open', by: 'admin' },
];

export const ATTEMPT_TRANSITIONS: readonly Transition<AttemptState>[] = [
  // Submitted before the deadline (plus grace): scored, and counted if it is the counted attempt.
  { from: 'in_progress', to: 'submitted', by: 'respondent' },
  // A submission after the deadline, or a resume after it, closes the attempt unscored.
  { from: 'in_progress', to: 'expired', by: 'system' },
];

export function canTransition<S extends string>(table: readonly Transition<S>[], from: S, to: S, by: Transition<S>['by']): boolean {
  return table.some((t) => t.from === from && t.to === to && t.by === by);
}

/** Network and form-post latency allowance after the deadline; the deadline itself is what people see. */
export const SUBMIT_GRACE_SECONDS = 5;
