/**
 * The part every Leaflet island shares: Leaflet is loaded on demand in the browser, then the map
 * opens in the island's element with the configured tile preset, an attribution without Leaflet's
 * flag, the city's own outlines drawn light (and with names when tiles cannot load), and a place
 * search box. Each island draws its own layers and behaviour in `draw`, always in WGS-84: on 高德
 * tiles (GCJ-02) the map's projection converts, so markers, clicks, bounds and outlines need no
 * care in the islands.
 *
 * Leaflet's stylesheet is imported by the pages (and ProjectForm) that show a map, not here or in
 * the islands: Astro attaches CSS imported by client:only islands to unrelated pages too
 * (withastro/astro#16453), which put Leaflet's 15 kB on every page.
 */
import type { LatLngExpression, Map as LeafletMap, MapOptions } from 'leaflet';
import type * as Coords from '../../lib/geo/coords';
import type { MapText, MapTiles } from '../../lib/geo/tiles';

export type Leaflet = typeof import('leaflet');
export type { MapText, MapTiles };

export interface MapView {
  center: LatLngExpression;
  zoom: number;
}

/** A place chosen in the search box; WGS-84. */
export interface ChosenPlace {
  name: string;
  lat: number;
  lng: number;
}

export interface BaseMap {
  tiles: MapTiles;
  text: MapText;
  /** Where the map opens; a function when that depends on the page as it is once Leaflet has loaded. */
  view: MapView | (() => MapView);
  options?: MapOptions;
  /** Told when a search result is chosen, after the map moved there (pick maps place their pin). */
  onPlace?: (place: ChosenPlace) => void;
}

/** No tile within this long after opening: the tiles are taken as unreachable and the outlines get their names. */
const TILE_TIMEOUT_MS = 4000;
/** Grid cells are drawn from this zoom on. */
const GRID_ZOOM = 15;

/** Spherical Mercator on GCJ-02: WGS-84 in and out, drawn where 高德's tiles have the spot. The conversion loads only for GCJ-02 tiles. */
function gcj02Crs(L: Leaflet, { gcj02ToWgs84, wgs84ToGcj02 }: typeof Coords) {
  const mercator = L.Projection.SphericalMercator;
  const projection = {
    bounds: mercator.bounds,
    project(latlng: { lat: number; lng: number }) {
      const shown = wgs84ToGcj02(latlng);
      return mercator.project(L.latLng(shown.lat, shown.lng));
    },
    unproject(point: import('leaflet').Point) {
      const shown = mercator.unproject(point);
      const stored = gcj02ToWgs84(shown);
      return L.latLng(stored.lat, stored.lng);
    },
  };
  return L.extend({}, L.CRS.EPSG3857, { projection }) as import('leaflet').CRS;
}

function labelBand(zoom: number): string {
  return zoom < 13 ? 'district' : zoom < 14 ? 'subdistrict' : zoom < 16 ? 'community' : 'grid';
}

/** The city's outlines, light, under the islands' layers; names show when the tiles do not. */
function drawOutlines(L: Leaflet, map: LeafletMap, element: HTMLElement) {
  const style = (feature?: GeoJSON.Feature) => {
    const level = feature?.properties?.level as string;
    return {
      color: level === 'grid' ? '#9ca3af' : '#6b7280',
      weight: level === 'district' ? 2 : 1,
      opacity: level === 'grid' ? 0.5 : 0.7,
      dashArray: level === 'grid' ? '3 3' : undefined,
      fill: false,
      interactive: false,
    };
  };
  const label = (feature: GeoJSON.Feature, layer: import('leaflet').Layer) => {
    const p = feature.properties as { level: string; zh: string; en: string };
    const name = document.documentElement.lang === 'en' ? p.en : p.zh;
    const shape = layer as import('leaflet').Polygon;
    L.tooltip({ permanent: true, direction: 'center', className: `area-label level-${p.level}`, interactive: false })
      .setLatLng(shape.getBounds().getCenter())
      .setContent(name)
      .addTo(labels);
  };
  const labels = L.layerGroup().addTo(map);
  const load = (set: 'areas' | 'grid') =>
    fetch(`/api/v1/city/outlines?set=${set}`)
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (data) L.geoJSON(data, { style, onEachFeature: label }).addTo(map);
      })
      .catch(() => undefined);
  void load('areas');
  let gridLoaded = false;
  const onZoom = () => {
    element.dataset.labels = labelBand(map.getZoom());
    if (!gridLoaded && map.getZoom() >= GRID_ZOOM) {
      gridLoaded = true;
      void load('grid');
    }
  };
  map.on('zoomend', onZoom);
  onZoom();
}

function addTiles(L: Leaflet, map: LeafletMap, element: HTMLElement, tiles: MapTiles, text: MapText) {
  let loads = 0;
  let errors = 0;
  const notice = L.DomUtil.create('p', 'map-fallback-note');
  notice.setAttribute('role', 'status');
  const update = (timedOut = false) => {
    const fallback = tiles.layers.length === 0 || (loads === 0 && (errors > 0 || timedOut));
    element.classList.toggle('map-fallback', fallback);
    notice.textContent = fallback ? text.fallback : '';
  };
  element.append(notice);
  for (const layer of tiles.layers) {
    L.tileLayer(layer.url, { maxZoom: tiles.maxZoom, subdomains: layer.subdomains ?? 'abc', attribution: '' })
      .on('tileload', () => {
        loads++;
        update();
      })
      .on('tileerror', () => {
        errors++;
        update();
      })
      .addTo(map);
  }
  update();
  const timer = setTimeout(() => update(true), TILE_TIMEOUT_MS);
  return () => clearTimeout(timer);
}

/**
 * The search box. Its behaviour (search.ts: /api/v1/places as one types, results that move the map)
 * loads when the box is first used, so that a map that is only looked at does not send it.
 */
function addSearch(L: Leaflet, map: LeafletMap, base: BaseMap) {
  const Search = L.Control.extend({
    onAdd() {
      const form = L.DomUtil.create('form', 'map-search');
      form.setAttribute('role', 'search');
      const input = L.DomUtil.create('input', '', form);
      input.type = 'search';
      input.placeholder = base.text.searchPlaceholder;
      input.setAttribute('aria-label', base.text.search);
      input.autocomplete = 'off';
      input.enterKeyHint = 'search';
      const button = L.DomUtil.create('button', '', form);
      button.type = 'submit';
      button.textContent = base.text.searchButton;
      const list = L.DomUtil.create('ul', 'map-search-results', form);
      list.setAttribute('aria-live', 'polite');
      L.DomEvent.disableClickPropagation(form);
      // A chosen result is removed before its click reaches the map, so Leaflet could not tell it came from the box.
      form.addEventListener('click', (event) => event.stopPropagation());
      L.DomEvent.disableScrollPropagation(form);
      let loading: Promise<void> | undefined;
      const load = () => (loading ??= import('./search').then(({ wireSearch }) => wireSearch(L, map, base, { form, input, list })));
      input.addEventListener('focus', () => void load(), { once: true });
      // Typed or sent before the behaviour arrived (a fast tap on the button): search once it has.
      form.addEventListener('submit', (event) => {
        event.preventDefault();
        void load().then(() => form.dispatchEvent(new Event('map-search')));
      });
      return form;
    },
  });
  new Search({ position: 'topright' }).addTo(map);
}

/**
 * Opens the map in `element` and calls `draw` with Leaflet and the map; what `draw` returns is run
 * on clean-up. Returns the clean-up for the island's $effect: it drops a load still under way, else
 * undoes `draw` and removes the map.
 */
export function mountMap(element: HTMLElement, base: BaseMap, draw: (L: Leaflet, map: LeafletMap) => void | (() => void)): () => void {
  let map: LeafletMap | undefined;
  let undraw: void | (() => void);
  let untile: (() => void) | undefined;
  let cancelled = false;
  Promise.all([import('leaflet'), base.tiles.datum === 'gcj02' ? import('../../lib/geo/coords') : null]).then(([{ default: L }, coords]) => {
    if (cancelled) return;
    const { center, zoom } = typeof base.view === 'function' ? base.view() : base.view;
    const crs = coords ? gcj02Crs(L, coords) : L.CRS.EPSG3857;
    map = L.map(element, { ...base.options, crs, maxZoom: base.tiles.maxZoom, attributionControl: false }).setView(center, zoom);
    // The provider's attribution and 审图号, without Leaflet's default prefix (a national flag).
    L.control.attribution({ prefix: '<a href="https://leafletjs.com">Leaflet</a>' }).addAttribution(base.tiles.attribution).addTo(map);
    element.dataset.tiles = base.tiles.preset;
    untile = addTiles(L, map, element, base.tiles, base.text);
    drawOutlines(L, map, element);
    addSearch(L, map, base);
    undraw = draw(L, map);
  });
  return () => {
    cancelled = true;
    untile?.();
    undraw?.();
    map?.remove();
  };
}
