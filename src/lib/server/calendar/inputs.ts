/** The calendar's inputs. */
import { int, object, optional } from '../http/schema';

/** GET /calendar?year=: a year from 2000 to 2099 (default: the city's current year). */
export const calendarQuery = object({ year: optional(int(2000, 2099)).meta({ description: 'Defaults to the current year (city time)' }) });
