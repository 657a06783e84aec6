import { hasRole, type Actor } from '../auth/permissions';

export const cityPermissions = {
  /** Replace or extend the city's grid from a GeoJSON file. */
  'city.import': (user: Actor | null) => hasRole(user, 'admin'),
  /** Change run-time settings (map centre, thresholds, targets). */
  'settings.update': (user: Actor | null) => hasRole(user, 'admin'),
};
