/**
 * The base map every island opens with: the tile preset (MAP_TILES) with its attribution, 审图号
 * and datum, the map's words in the page's language, and the city's centre and zoom. The pages'
 * CSP allows the preset's tile origins (Base.astro).
 */
import type { MapText, MapTiles, TileLayerSpec } from '../geo/tiles';
import type { Translate } from '../../i18n';
import type { CityOverview } from './city';
import { config, type MapTilePreset } from './config';

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function tianditu(layer: 'vec' | 'img' | 'cva' | 'cia', key: string): TileLayerSpec {
  return {
    url: `https://t{s}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
    subdomains: '01234567',
  };
}

interface Preset {
  layers: TileLayerSpec[];
  attribution: string;
  datum: MapTiles['datum'];
  maxZoom: number;
  /** For the CSP's img-src. */
  origins: string[];
}

function preset(name: MapTilePreset): Preset {
  switch (name) {
    case 'tianditu':
    case 'tianditu-imagery': {
      // Without its key 天地图 answers nothing: the map shows the city's own outlines instead.
      const imagery = name === 'tianditu-imagery';
      const layers = config.tiandituKey ? [tianditu(imagery ? 'img' : 'vec', config.tiandituKey), tianditu(imagery ? 'cia' : 'cva', config.tiandituKey)] : [];
      return { layers, attribution: '© <a href="https://www.tianditu.gov.cn/">天地图</a>', datum: 'wgs84', maxZoom: 18, origins: ['https://*.tianditu.gov.cn'] };
    }
    case 'amap':
      return {
        layers: [{ url: 'https://webrd0{s}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x={x}&y={y}&z={z}', subdomains: '1234' }],
        attribution: '© <a href="https://www.amap.com/">高德地图</a>',
        datum: 'gcj02',
        maxZoom: 18,
        origins: ['https://*.is.autonavi.com'],
      };
    case 'custom':
      return { layers: [{ url: config.mapTileUrl }], attribution: config.mapTileAttribution, datum: 'wgs84', maxZoom: 19, origins: [originOf(config.mapTileUrl)].filter(Boolean) };
    case 'none':
      return { layers: [], attribution: '', datum: 'wgs84', maxZoom: 19, origins: [] };
    case 'osm':
      return {
        layers: [{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }],
        attribution: config.mapTileAttribution || '© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
        datum: 'wgs84',
        maxZoom: 19,
        origins: ['https://tile.openstreetmap.org'],
      };
  }
}

function originOf(url: string): string {
  try {
    return new URL(url.replace(/\{s\}/g, 'a').replace(/[{}]/g, '')).origin;
  } catch {
    return '';
  }
}

/** The tile origins the pages' CSP allows for images. */
export function mapTileOrigins(): string[] {
  return preset(config.mapTiles).origins;
}

export function mapTiles(t: Translate): MapTiles {
  const chosen = preset(config.mapTiles);
  const review = config.mapReviewNumber ? escapeHtml(t('map.attribution.review', { number: config.mapReviewNumber })) : '';
  return {
    preset: config.mapTiles,
    layers: chosen.layers,
    attribution: [chosen.attribution, review].filter(Boolean).join(' · '),
    datum: chosen.datum,
    maxZoom: chosen.maxZoom,
  };
}

export function mapText(t: Translate): MapText {
  return {
    search: t('places.search.label'),
    searchPlaceholder: t('places.search.placeholder'),
    searchButton: t('places.search.button'),
    searchNone: t('places.search.none'),
    searchFailed: t('places.search.failed'),
    fallback: t('map.fallback'),
  };
}

/** What every map island opens with: the city's centre and zoom, the tiles, and the map's words. */
export function baseMapProps(city: Pick<CityOverview, 'center' | 'zoom'>, t: Translate) {
  return { center: city.center, zoom: city.zoom, tiles: mapTiles(t), text: mapText(t) };
}
