import gcoord from 'gcoord';
import { describe, expect, it } from 'vitest';
import { fromMapDatum, gcj02ToWgs84, toMapDatum, wgs84ToGcj02 } from '../../src/lib/geo/coords';
import { distanceMeters as haversineMeters } from '../../src/lib/server/kernel/geo';

/** Published reference pairs (WGS-84 → GCJ-02) from the eviltransform project's tests (googollee/eviltransform). */
const REFERENCE = [
  { name: 'Shanghai', wgs: { lat: 31.1774276, lng: 121.5272106 }, gcj: { lat: 31.17530398364597, lng: 121.531541859215 } },
  { name: 'Shenzhen', wgs: { lat: 22.543847, lng: 113.912316 }, gcj: { lat: 22.540796131694766, lng: 113.9171764808363 } },
  { name: 'Beijing', wgs: { lat: 39.911954, lng: 116.377817 }, gcj: { lat: 39.91334545536069, lng: 116.38404722455657 } },
];

describe('the WGS-84 and GCJ-02 conversion', () => {
  for (const { name, wgs, gcj } of REFERENCE) {
    it(`puts the ${name} reference point where the published GCJ-02 value is, within a metre`, () => {
      expect(haversineMeters(wgs84ToGcj02(wgs), gcj)).toBeLessThan(1);
    });

    it(`brings the ${name} GCJ-02 value back to its WGS-84 point within a metre`, () => {
      expect(haversineMeters(gcj02ToWgs84(gcj), wgs)).toBeLessThan(1);
    });
  }

  it('round-trips points across the demo city within a metre, while the offset itself is hundreds of metres', () => {
    for (let i = 0; i < 25; i++) {
      const point = { lat: 28.12 + (i % 5) * 0.04, lng: 112.92 + Math.floor(i / 5) * 0.04 };
      const shown = toMapDatum(point, 'gcj02');
      expect(haversineMeters(point, shown)).toBeGreaterThan(100);
      expect(haversineMeters(fromMapDatum(shown, 'gcj02'), point)).toBeLessThan(1);
    }
  });

  it('agrees with gcoord, a maintained implementation, within ten centimetres across the demo city (gcoord stops its inverse iteration sooner)', () => {
    for (let i = 0; i < 25; i++) {
      const point = { lat: 28.12 + (i % 5) * 0.04, lng: 112.92 + Math.floor(i / 5) * 0.04 };
      const [lng, lat] = gcoord.transform([point.lng, point.lat], gcoord.WGS84, gcoord.GCJ02);
      expect(haversineMeters(wgs84ToGcj02(point), { lat, lng })).toBeLessThan(0.1);
      const [backLng, backLat] = gcoord.transform([lng, lat], gcoord.GCJ02, gcoord.WGS84);
      expect(haversineMeters(gcj02ToWgs84({ lat, lng }), { lat: backLat, lng: backLng })).toBeLessThan(0.1);
    }
  });

  it('leaves points alone on WGS-84 maps (天地图, OpenStreetMap)', () => {
    const point = { lat: 28.2, lng: 113 };
    expect(toMapDatum(point, 'wgs84')).toEqual(point);
    expect(fromMapDatum(point, 'wgs84')).toEqual(point);
  });
});
