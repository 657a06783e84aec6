/**
 * The part every Leaflet island shares: Leaflet is loaded on demand in the browser, then the map
 * opens in the island's element with the configured tiles and their attribution. Each island draws
 * its own layers and behaviour in `draw`.
 *
 * Leaflet's stylesheet is imported by the pages (and ProjectForm) that show a map, not here or in
 * the islands: Astro attaches CSS imported by client:only islands to unrelated pages too
 * (withastro/astro#16453), which put Leaflet's 15 kB on every page.
 */
import type { LatLngExpression, Map as LeafletMap, MapOptions } from 'leaflet';

export type Leaflet = typeof import('leaflet');

export interface MapView {
  center: LatLngExpression;
  zoom: number;
}

export interface BaseMap {
  /** MAP_TILE_URL and MAP_TILE_ATTRIBUTION, passed down by the page. */
  tileUrl: string;
  attribution: string;
  /** Where the map opens; a function when that depends on the page as it is once Leaflet has loaded. */
  view: MapView | (() => MapView);
  options?: MapOptions;
}

/**
 * Opens the map in `element` and calls `draw` with Leaflet and the map; what `draw` returns is run
 * on clean-up. Returns the clean-up for the island's $effect: it drops a load still under way, else
 * undoes `draw` and removes the map.
 */
export function mountMap(element: HTMLElement, base: BaseMap, draw: (L: Leaflet, map: LeafletMap) => void | (() => void)): () => void {
  let map: LeafletMap | undefined;
  let undraw: void | (() => void);
  let cancelled = false;
  import('leaflet').then(({ default: L }) => {
    if (cancelled) return;
    const { center, zoom } = typeof base.view === 'function' ? base.view() : base.view;
    map = L.map(element, base.options).setView(center, zoom);
    L.tileLayer(base.tileUrl, { attribution: base.attribution, maxZoom: 19 }).addTo(map);
    undraw = draw(L, map);
  });
  return () => {
    cancelled = true;
    undraw?.();
    map?.remove();
  };
}
