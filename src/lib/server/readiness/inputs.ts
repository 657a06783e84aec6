/** Input schemas of the readiness domain (site inspections). */
import { SITE_TYPES } from '../../../../db/schema';
import { districtRef } from '../city/inputs';
import { object, oneOf } from '../http/schema';

export const siteType = () => oneOf(SITE_TYPES).meta({ id: 'SiteType' });

/** The staff list of inspection sites: by type and district (code or id). */
export const siteListQuery = object({ type: siteType().optional(), district: districtRef().optional() });
