/**
 * The volunteers section: registered volunteers as a share of the population and the active share
 * (the volunteers domain's campaignFigures, summed for the city as the leaderboard shows it), and
 * approved hours served in the period and in its month so far.
 */
import { approvedMinutesBetween, campaignFigures, cityFigure } from '../volunteers';
import type { Section, SectionProvider } from './section';
import { cityDay } from '../time';
import { monthOf } from './period';

export const volunteersSection: SectionProvider = async (db, period) => {
  const figures = await campaignFigures(db);
  const city = cityFigure(figures.districts);
  if (city.population === 0 && city.registered === 0) return null;
  const month = monthOf(period);
  const [weekMinutes, monthMinutes] = await Promise.all([
    approvedMinutesBetween(db, cityDay(period.from), cityDay(period.to)),
    approvedMinutesBetween(db, `${month}-01`, cityDay(period.to)),
  ]);
  const section: Section = {
    key: 'volunteers',
    titleKey: 'overview.volunteers.title',
    figures: [
      { key: 'registered', labelKey: 'overview.volunteers.registered', value: city.registered, format: 'count', snapshot: true },
      {
        key: 'registeredShare',
        labelKey: 'overview.volunteers.registeredShare',
        value: city.population > 0 ? city.registered / city.population : null,
        format: 'percent',
        note: { key: 'overview.volunteers.population', params: { population: city.population } },
        snapshot: true,
      },
      { key: 'activeShare', labelKey: 'overview.volunteers.activeShare', value: city.registered > 0 ? city.active / city.registered : null, format: 'percent', snapshot: true },
      { key: 'hours', labelKey: 'overview.volunteers.hours', value: weekMinutes, format: 'hours' },
      // Month to date: a week straddling two months would compare unlike spans, so no change is shown.
      {
        key: 'hoursMonth',
        labelKey: 'overview.volunteers.hoursMonth',
        value: monthMinutes,
        format: 'hours',
        note: { key: 'overview.volunteers.month', params: { month } },
        snapshot: true,
      },
    ],
    tables: [],
  };
  return section;
};
