/**
 * The two state machines of the domain, as data.
 *
 * A nomination moves through NOMINATION_TRANSITIONS, each made by one kind of actor ("office":
 * moderators and admins; "nominator": the account that nominated; "nominee": the person nominated,
 * answering a consent link without an account). A round has no stored state: its
 * stage is derived from its schedule and the server's clock, so stages open and close on time on
 * every instance without a background job; ROUND_STAGES says what each stage allows.
 */
import type { NominationStatus } from '../../../../db/schema';

export type WorkflowActor = 'office' | 'nominator' | 'nominee';

export const NOMINATION_TRANSITIONS = {
  requestInfo: { from: ['submitted'], to: 'info_requested', by: 'office' },
  resubmit: { from: ['info_requested'], to: 'submitted', by: 'nominator' },
  accept: { from: ['submitted'], to: 'accepted', by: 'office' },
  reject: { from: ['submitted', 'info_requested', 'accepted'], to: 'rejected', by: 'office' },
  recordConsent: { from: ['accepted'], to: 'published', by: 'office' },
  /** The nominee answers the office's consent link (src/lib/server/nominations/consent-link.ts). */
  agreeByLink: { from: ['accepted'], to: 'published', by: 'nominee' },
  declineByLink: { from: ['accepted'], to: 'rejected', by: 'nominee' },
  shortlist: { from: ['published'], to: 'shortlisted', by: 'office' },
  unshortlist: { from: ['shortlisted'], to: 'published', by: 'office' },
  /** An objection upheld takes the candidate off the notice list for good. */
  upholdObjection: { from: ['shortlisted'], to: 'not_selected', by: 'office' },
  honour: { from: ['shortlisted'], to: 'honoured', by: 'office' },
  passOver: { from: ['published'], to: 'not_selected', by: 'office' },
} as const satisfies Record<string, { from: readonly NominationStatus[]; to: NominationStatus; by: WorkflowActor }>;

export type NominationTransition = keyof typeof NOMINATION_TRANSITIONS;

/** Whether the transition may start from this status and be made by this actor. */
export function canTransition(transition: NominationTransition, from: NominationStatus, actor: WorkflowActor): boolean {
  const rule = NOMINATION_TRANSITIONS[transition];
  return rule.by === actor && (rule.from as readonly NominationStatus[]).includes(from);
}

/** Statuses whose nominee has consented and may be shown publicly. */
export const PUBLIC_STATUSES = ['published', 'shortlisted', 'honoured', 'not_selected'] as const satisfies readonly NominationStatus[];
/** Statuses still waiting for the office. */
export const QUEUE_STATUSES = ['submitted', 'info_requested', 'accepted'] as const satisfies readonly NominationStatus[];

export function isPublicStatus(status: NominationStatus): boolean {
  return (PUBLIC_STATUSES as readonly NominationStatus[]).includes(status);
}

export interface RoundSchedule {
  nominationOpensAt: Date;
  reviewOpensAt: Date;
  votingOpensAt: Date;
  votingClosesAt: Date;
  noticeOpensAt: Date;
  noticeClosesAt: Date;
}

export const SCHEDULE_FIELDS = [
  'nominationOpensAt',
  'reviewOpensAt',
  'votingOpensAt',
  'votingClosesAt',
  'noticeOpensAt',
  'noticeClosesAt',
] as const satisfies readonly (keyof RoundSchedule)[];

/**
 * The stages in order; `until` names the schedule instant that ends the stage (null: it never ends
 * by the clock). What each stage allows is declared here, and commands ask roundAllows().
 */
export const ROUND_STAGES = {
  upcoming: { until: 'nominationOpensAt', accept: true, vote: false, shortlist: false, object: false, announce: false },
  nominating: { until: 'reviewOpensAt', accept: true, vote: false, shortlist: false, object: false, announce: false },
  reviewing: { until: 'votingOpensAt', accept: true, vote: false, shortlist: false, object: false, announce: false },
  voting: { until: 'votingClosesAt', accept: false, vote: true, shortlist: false, object: false, announce: false },
  /** Voting is over; the office picks whom to put on public notice. */
  tallying: { until: 'noticeOpensAt', accept: false, vote: false, shortlist: true, object: false, announce: false },
  notice: { until: 'noticeClosesAt', accept: false, vote: false, shortlist: true, object: true, announce: false },
  /** The notice period is over; the office resolves what is left and announces. */
  closing: { until: null, accept: false, vote: false, shortlist: false, object: false, announce: true },
  announced: { until: null, accept: false, vote: false, shortlist: false, object: false, announce: false },
} as const satisfies Record<string, { until: keyof RoundSchedule | null; accept: boolean; vote: boolean; shortlist: boolean; object: boolean; announce: boolean }>;

export type RoundStage = keyof typeof ROUND_STAGES;
export const ROUND_STAGE_ORDER = Object.keys(ROUND_STAGES) as RoundStage[];
export type RoundCapability = 'accept' | 'vote' | 'shortlist' | 'object' | 'announce';

/** The stage at `now`: the first stage whose closing instant is still ahead. */
export function roundStage(round: RoundSchedule & { announcedAt?: Date | null }, now: Date): RoundStage {
  if (round.announcedAt) return 'announced';
  for (const stage of ROUND_STAGE_ORDER) {
    const until = ROUND_STAGES[stage].until;
    if (until === null) return stage;
    if (now < round[until]) return stage;
  }
  return 'closing';
}

export function roundAllows(stage: RoundStage, capability: RoundCapability): boolean {
  return ROUND_STAGES[stage][capability];
}

/** True when each instant is on or after the one before it. */
export function isOrderedSchedule(schedule: RoundSchedule): boolean {
  return SCHEDULE_FIELDS.every((field, i) => i === 0 || schedule[SCHEDULE_FIELDS[i - 1]!] <= schedule[field]);
}

/**
 * The schedule with the current stage closed at `now`, so the next stage opens at once (the office
 * closing nominations early, say). Later instants that would fall before `now` move to `now`.
 */
export function closeStageAt(schedule: RoundSchedule, stage: RoundStage, now: Date): RoundSchedule | null {
  const until = ROUND_STAGES[stage].until;
  if (until === null) return null;
  const next = { ...schedule };
  const from = SCHEDULE_FIELDS.indexOf(until);
  for (const field of SCHEDULE_FIELDS.slice(0, from + 1)) if (next[field] > now) next[field] = now;
  return next;
}
