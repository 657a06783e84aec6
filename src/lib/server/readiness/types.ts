/** Names of the evaluation's site types, for pages, imports and seeds. */
import type { SiteType } from '../../../../db/schema';

export const SITE_TYPE_NAMES: Record<SiteType, { zh: string; en: string }> = {
  main_road: { zh: '主次干道', en: 'Main road' },
  back_street: { zh: '背街小巷', en: 'Back street' },
  community: { zh: '社区', en: 'Community' },
  farmers_market: { zh: '农贸市场', en: 'Farmers’ market' },
  square: { zh: '公共广场', en: 'Public square' },
  park: { zh: '公园', en: 'Park' },
  public_toilet: { zh: '公共厕所', en: 'Public toilet' },
  coach_station: { zh: '长途汽车站', en: 'Coach station' },
  bus_terminal: { zh: '公交总站', en: 'Bus terminal' },
  railway_station: { zh: '火车站', en: 'Railway station' },
  service_hall: { zh: '政务服务大厅', en: 'Government service hall' },
  hospital: { zh: '医院', en: 'Hospital' },
  school: { zh: '中小学', en: 'School' },
  library: { zh: '图书馆', en: 'Library' },
  tourist_center: { zh: '旅游集散中心', en: 'Tourist centre' },
  shopping_street: { zh: '商业大街', en: 'Shopping street' },
  restaurant: { zh: '小型餐馆', en: 'Small restaurant' },
  internet_cafe: { zh: '网吧', en: 'Internet café' },
  entertainment: { zh: '娱乐场所', en: 'Entertainment venue' },
  business_hall: { zh: '营业厅', en: 'Business hall' },
  construction_site: { zh: '建筑工地', en: 'Construction site' },
};

export function siteTypeName(type: SiteType, locale: string): string {
  return locale === 'en' ? SITE_TYPE_NAMES[type].en : SITE_TYPE_NAMES[type].zh;
}
