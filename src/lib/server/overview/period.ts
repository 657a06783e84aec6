/** Periods the overview reports on: ISO weeks (周一至周日, city time) for the bulletin; the rules live in ../time. */
import { cityMonth, type Period } from '../time';

export { isoWeekOf, previousWeek, weekPeriod, type Period } from '../time';

/** 'YYYY-MM' of the period's last day up to `now`, city time. */
export function monthOf(period: Period, now: Date = new Date()): string {
  return cityMonth(new Date(Math.min(period.to.getTime(), now.getTime()) - 1));
}
