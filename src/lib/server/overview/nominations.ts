/**
 * The nominations section: the rounds not yet announced with their stage, as the nominations domain
 * derives it from each round's schedule (listRounds), the current one first; and the nominations
 * waiting for the office.
 */
import { listNominationsForOffice, listRounds } from '../nominations';
import type { SectionProvider } from './section';
import { cityDay } from '../time';

export const nominationsSection: SectionProvider = async (db, _period, _locale, now) => {
  const rounds = await listRounds(db, now);
  if (rounds.length === 0) return null;
  // As the good-people page lists them: rounds under way, newest voting first; else the latest round.
  const active = rounds.filter((round) => round.stage !== 'announced');
  const current = active[0] ?? rounds[0]!;
  const queue = await listNominationsForOffice(db);
  return {
    key: 'nominations',
    titleKey: 'overview.nominations.title',
    figures: [
      {
        key: 'stage',
        labelKey: 'overview.nominations.stage',
        value: null,
        format: 'text',
        text: { key: `nominations.stage.${current.stage}` },
        detail: current.title,
        snapshot: true,
      },
      { key: 'active', labelKey: 'overview.nominations.active', value: active.length, format: 'count', snapshot: true },
      { key: 'queue', labelKey: 'overview.nominations.queue', value: queue.length, format: 'count', snapshot: true },
    ],
    tables: active.length
      ? [
          {
            captionKey: 'overview.nominations.rounds',
            columns: ['overview.col.round', 'overview.col.stage', 'overview.col.votingCloses'],
            rows: active.slice(0, 5).map((round) => ({
              cells: [round.title, { key: `nominations.stage.${round.stage}` }, cityDay(round.votingClosesAt)],
              href: `/staff/rounds/${round.id}`,
            })),
          },
        ]
      : [],
  };
};
