/** Words on the city's paths; parameters and bodies come from the zod schemas. */
import type { PathTexts } from './shared';

export const cityPaths: PathTexts = {
  '/city': {
    get: { summary: "The city's name, map centre and bounds, and its districts", tags: ['city'], responses: { '200': 'The city' } },
  },
};

export const calendarPaths: PathTexts = {
  '/calendar': {
    get: {
      summary: "A year's public holidays and make-up working days (调休), with the source of each",
      description:
        'Working days are Monday to Friday less the holidays listed, plus the make-up working days listed. `schedule` is `official` when the ' +
        "State Council's schedule for the year is known, `fallback` when only the statutory holidays are (no make-up days yet); each day's " +
        "`source` is `official`, `fallback` or `override` (set by the city's administrators).",
      tags: ['city'],
      responses: { '200': 'The year', '400': 'The year is not a year from 2000 to 2099' },
    },
  },
};
