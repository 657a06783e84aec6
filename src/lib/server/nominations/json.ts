/** How the API shows a round. */
import type { RoundSummary } from './queries';

export function roundJson(round: RoundSummary) {
  return {
    id: round.id,
    kind: round.kind,
    title: round.title,
    stage: round.stage,
    picksPerAccount: round.picksPerAccount,
    countsIncludeFlagged: round.flaggedVotesPolicy === 'include',
    schedule: {
      nominationOpensAt: round.nominationOpensAt.toISOString(),
      reviewOpensAt: round.reviewOpensAt.toISOString(),
      votingOpensAt: round.votingOpensAt.toISOString(),
      votingClosesAt: round.votingClosesAt.toISOString(),
      noticeOpensAt: round.noticeOpensAt.toISOString(),
      noticeClosesAt: round.noticeClosesAt.toISOString(),
    },
    announcedAt: round.announcedAt?.toISOString() ?? null,
  };
}
