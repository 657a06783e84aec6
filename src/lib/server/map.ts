import type { CityOverview } from './city';
import { config } from './config';

/** What every map island opens with: the city's centre and zoom, and the configured tiles with their attribution. */
export function baseMapProps(city: Pick<CityOverview, 'center' | 'zoom'>) {
  return { center: city.center, zoom: city.zoom, tileUrl: config.mapTileUrl, attribution: config.mapTileAttribution };
}
