/** The sampled-survey commands' inputs: one schema each, for the staff pages and the public link. */
import { z } from 'astro/zod';
import { decimal, id, int, object, oneOf, optional, optionalText, text } from '../http/schema';
import { FOLLOW_UP_OUTCOMES } from './index';

export const createSurveyInput = object({
  titleZh: text(100),
  titleEn: text(100),
  campaignId: optional(id()),
  /** ± points at 95% per district, as a percentage (1-20). */
  marginPoints: decimal(1, 20),
  /** Expected response rate, percent (5-100). */
  responsePercent: int(5, 100),
});

/** What the survey page's buttons do; one schema for the command and its fields. */
export const surveyCommandInput = z.discriminatedUnion('command', [
  object({ command: z.literal('frame'), csv: text(20_000_000) }),
  object({ command: z.literal('residents') }),
  object({ command: z.literal('draw'), seed: optionalText(64) }),
  object({ command: z.literal('send') }),
  object({ command: z.literal('close') }),
]);

export const outcomeInput = object({ unitId: id(), outcome: oneOf(FOLLOW_UP_OUTCOMES) });

const fivePoint = optional(int(1, 5));

export const sampleAnswerInput = object({ aware: optional(oneOf(['0', '1'])), support: fivePoint, participation: fivePoint, satisfaction: fivePoint });
