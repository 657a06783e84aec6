/** Input schemas of the metrics domain (the public rates). */
import { id, object } from '../http/schema';

/** The rates of one quiz campaign (default: the latest open or closed one). */
export const metricsQuery = object({ campaign: id().optional().meta({ description: 'A quiz campaign id; default the latest open or closed one' }) });
