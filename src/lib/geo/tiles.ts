/** What a map island is told about its base map; built on the server (src/lib/server/map.ts). */
import type { MapDatum } from './coords';

export interface TileLayerSpec {
  /** Leaflet URL template ({s}, {z}, {x}, {y}). */
  url: string;
  subdomains?: string;
}

export interface MapTiles {
  /** osm, tianditu, tianditu-imagery, amap, custom or none. */
  preset: string;
  /** Drawn in order: the base, then any annotation layer (天地图's place names). Empty: the city's grid alone. */
  layers: TileLayerSpec[];
  /** HTML for the attribution control: the provider, and the 审图号 where one is set. */
  attribution: string;
  /** The datum the tiles are drawn in: GCJ-02 for 高德, WGS-84 otherwise. */
  datum: MapDatum;
  maxZoom: number;
}

/** The map's own words, in the page's language. */
export interface MapText {
  search: string;
  searchPlaceholder: string;
  searchButton: string;
  searchNone: string;
  searchFailed: string;
  fallback: string;
}
