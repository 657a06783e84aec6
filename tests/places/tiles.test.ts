import { describe, expect, it, vi } from 'vitest';

/** map.ts reads the settings once, at import: each case imports it afresh under its environment. */
async function presetUnder(env: Record<string, string>) {
  vi.resetModules();
  for (const key of ['MAP_TILES', 'TIANDITU_KEY', 'MAP_REVIEW_NUMBER', 'MAP_TILE_URL', 'MAP_TILE_ATTRIBUTION']) vi.stubEnv(key, env[key] ?? '');
  const { mapTiles, mapTileOrigins } = await import('../../src/lib/server/map');
  const { translator } = await import('../../src/i18n');
  vi.unstubAllEnvs();
  return { tiles: mapTiles(translator('zh-CN')), origins: mapTileOrigins() };
}

describe('the tile presets', () => {
  it('serves OpenStreetMap by default, in WGS-84, with its attribution and origin', async () => {
    const { tiles, origins } = await presetUnder({});
    expect(tiles).toMatchObject({ preset: 'osm', datum: 'wgs84', layers: [{ url: 'https://tile.openstreetmap.org/{z}/{x}/{y}.png' }] });
    expect(tiles.attribution).toContain('OpenStreetMap');
    expect(origins).toEqual(['https://tile.openstreetmap.org']);
  });

  it('draws 天地图 as its vector layer under its annotation layer, with the tk key and the 审图号', async () => {
    const { tiles, origins } = await presetUnder({ MAP_TILES: 'tianditu', TIANDITU_KEY: 'abc123', MAP_REVIEW_NUMBER: 'GS(2024)0650号' });
    expect(tiles.datum).toBe('wgs84');
    expect(tiles.layers.map((layer) => new URL(layer.url.replace('{s}', '0')).searchParams.get('LAYER'))).toEqual(['vec', 'cva']);
    expect(tiles.layers.every((layer) => layer.url.includes('tk=abc123') && layer.subdomains === '01234567')).toBe(true);
    expect(tiles.attribution).toBe('© <a href="https://www.tianditu.gov.cn/">天地图</a> · 审图号：GS(2024)0650号');
    expect(origins).toEqual(['https://*.tianditu.gov.cn']);
    const imagery = await presetUnder({ MAP_TILES: 'tianditu-imagery', TIANDITU_KEY: 'abc123' });
    expect(imagery.tiles.layers.map((layer) => new URL(layer.url.replace('{s}', '0')).searchParams.get('LAYER'))).toEqual(['img', 'cia']);
  });

  it('shows the city’s own outlines alone when 天地图 has no key', async () => {
    const { tiles } = await presetUnder({ MAP_TILES: 'tianditu' });
    expect(tiles.layers).toEqual([]);
  });

  it('marks 高德 tiles as GCJ-02, so the islands convert, and escapes the 审图号 it shows', async () => {
    const { tiles, origins } = await presetUnder({ MAP_TILES: 'amap', MAP_REVIEW_NUMBER: '<b>GS</b>' });
    expect(tiles.datum).toBe('gcj02');
    expect(tiles.layers[0]!.url).toContain('is.autonavi.com/appmaptile');
    expect(tiles.attribution).toContain('高德地图');
    expect(tiles.attribution).toContain('&#60;b&#62;GS&#60;/b&#62;');
    expect(origins).toEqual(['https://*.is.autonavi.com']);
  });

  it('takes custom tiles from MAP_TILE_URL and allows their origin', async () => {
    const { tiles, origins } = await presetUnder({ MAP_TILE_URL: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png', MAP_TILE_ATTRIBUTION: '© 市测绘院' });
    expect(tiles).toMatchObject({ preset: 'custom', attribution: '© 市测绘院' });
    expect(origins).toEqual(['https://tiles.example.gov.cn']);
  });
});
