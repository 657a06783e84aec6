/**
 * What the map's search box does once used (loaded by leaflet.ts on the first focus or submit):
 * /api/v1/places as one types (debounced) or sends; a chosen result moves the map there and is told
 * to the island (pick maps place their pin).
 */
import type { Map as LeafletMap } from 'leaflet';
import type { BaseMap, Leaflet } from './leaflet';

interface Place {
  name: string;
  kind: string;
  lat: number;
  lng: number;
  bbox: [number, number, number, number] | null;
}

export function wireSearch(L: Leaflet, map: LeafletMap, base: BaseMap, { form, input, list }: { form: HTMLFormElement; input: HTMLInputElement; list: HTMLUListElement }) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  const message = (text: string) => {
    const item = L.DomUtil.create('li', 'map-search-message', list);
    item.textContent = text;
  };
  const choose = (place: Place) => {
    list.replaceChildren();
    input.value = place.name;
    const [west, south, east, north] = place.bbox ?? [];
    if (place.bbox && (east! - west! > 0.002 || north! - south! > 0.002))
      map.fitBounds(
        [
          [south!, west!],
          [north!, east!],
        ],
        { maxZoom: 17 },
      );
    else map.setView([place.lat, place.lng], 17);
    base.onPlace?.({ name: place.name, lat: place.lat, lng: place.lng });
  };
  const search = async () => {
    const q = input.value.trim();
    controller?.abort();
    list.replaceChildren();
    if (!q) return;
    controller = new AbortController();
    try {
      const response = await fetch(`/api/v1/places?${new URLSearchParams({ q, limit: '8' })}`, { signal: controller.signal });
      if (!response.ok) throw new Error(String(response.status));
      const { places } = (await response.json()) as { places: Place[] };
      list.replaceChildren();
      if (places.length === 0) message(base.text.searchNone);
      for (const place of places) {
        const item = L.DomUtil.create('li', '', list);
        const pick = L.DomUtil.create('button', '', item);
        pick.type = 'button';
        pick.textContent = place.name;
        pick.dataset.kind = place.kind;
        pick.addEventListener('click', () => choose(place));
      }
    } catch (error) {
      if ((error as Error).name !== 'AbortError') message(base.text.searchFailed);
    }
  };
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(search, 250);
  });
  // Sent (Enter or the button; leaflet.ts stops the form's own submission): the first result, or a search now.
  form.addEventListener('map-search', () => {
    clearTimeout(timer);
    const first = list.querySelector<HTMLButtonElement>('button');
    if (first) first.click();
    else void search();
  });
  // Typed while this was loading.
  if (input.value.trim()) void search();
}
