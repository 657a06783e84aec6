/** Input schemas of the personal-data commands (forms and API alike). */
import { INT4_MAX, int, object } from '../http/schema';

/** The retention periods in days; each may be left out (unchanged). The command checks the bounds. */
const days = () => int(0, INT4_MAX).optional().meta({ description: 'Days' });

export const retentionPeriodsInput = object({
  hotlineCallerDays: days(),
  blurredOriginalDays: days(),
  codeDays: days(),
  loginThrottleDays: days(),
  closedAccountDays: days(),
  deviceDays: days(),
});
