/** Demo gazetteer: a few roads across the demo city and some well-known places, so addresses read "…路附近". */
import type { Db } from '../../../../db/client';
import { writePlaces, type PlaceInput } from './import';

const EAST_WEST: [string, string, number][] = [
  ['湘江路', 'Xiangjiang Road', 28.14],
  ['建设路', 'Jianshe Road', 28.17],
  ['人民路', 'Renmin Road', 28.2],
  ['解放路', 'Jiefang Road', 28.23],
  ['五一大道', 'Wuyi Avenue', 28.26],
];
const NORTH_SOUTH: [string, string, number][] = [
  ['劳动路', 'Laodong Road', 112.95],
  ['芙蓉路', 'Furong Road', 112.98],
  ['中山路', 'Zhongshan Road', 113.01],
  ['东风路', 'Dongfeng Road', 113.04],
  ['韶山路', 'Shaoshan Road', 113.07],
];
const PLACES: [string, string, string[], number, number][] = [
  ['人民公园', 'People’s Park', ['人民广场公园'], 28.205, 113.005],
  ['文明广场', 'Wenming Square', ['市民广场'], 28.185, 112.985],
  ['市民中心', 'Citizens’ Centre', ['政务服务中心'], 28.215, 113.025],
  ['文明市火车站', 'Wenming Railway Station', ['火车站'], 28.245, 113.055],
  ['市第一人民医院', 'First People’s Hospital', ['一医院'], 28.165, 112.955],
];

export async function seedDemoPlaces(db: Db): Promise<void> {
  const rows: PlaceInput[] = [
    ...EAST_WEST.map(([nameZh, nameEn, lat]): PlaceInput => ({
      kind: 'road',
      nameZh,
      nameEn,
      aliases: [],
      geometry: {
        type: 'LineString',
        coordinates: [
          [112.925, lat],
          [113.0, lat],
          [113.075, lat],
        ],
      },
    })),
    ...NORTH_SOUTH.map(([nameZh, nameEn, lng]): PlaceInput => ({
      kind: 'road',
      nameZh,
      nameEn,
      aliases: [],
      geometry: {
        type: 'LineString',
        coordinates: [
          [lng, 28.125],
          [lng, 28.2],
          [lng, 28.275],
        ],
      },
    })),
    ...PLACES.map(([nameZh, nameEn, aliases, lat, lng]): PlaceInput => ({ kind: 'place', nameZh, nameEn, aliases, geometry: { type: 'Point', coordinates: [lng, lat] } })),
  ];
  await writePlaces(db, rows);
}
