import { hasRole, type Actor } from '../auth/permissions';

export const placePermissions = {
  /** Add or update the gazetteer's places and roads from a GeoJSON or CSV file. */
  'places.import': (user: Actor | null) => hasRole(user, 'admin'),
};
