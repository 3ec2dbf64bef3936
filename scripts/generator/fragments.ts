import { DEVICES, PLACES, PRODUCT_COUNT, TAGS, productId, productPrice } from './catalog';

/**
 * Pre-serialized pieces of a record (JSON and CSV), built once, so encoding an event is string
 * concatenation: the generator's speed comes from here.
 */

const csvCell = (v: string): string => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

export const DEVICE_JSON = DEVICES.map(
  (d) =>
    `"device":${JSON.stringify({ type: d.type, os: d.os, browser: d.browser, user_agent: d.user_agent })}`,
);
export const DEVICE_CSV = DEVICES.map((d) =>
  [d.type, d.os, d.browser, d.user_agent].map(csvCell).join(','),
);

export const PLACE_JSON = PLACES.map(
  (p) =>
    `"location":${JSON.stringify({ country: p.country, region: p.region, city: p.city, latitude: p.latitude, longitude: p.longitude })}`,
);
export const PLACE_CSV = PLACES.map((p) =>
  [p.country, p.region, p.city, String(p.latitude), String(p.longitude)].map(csvCell).join(','),
);
export const CURRENCY = PLACES.map((p) => p.currency);

const PRODUCTS = Array.from({ length: PRODUCT_COUNT }, (_, i) => ({
  id: productId(i),
  price: String(productPrice(i)),
}));
/** `"product_id":…,"price":…` by product index; index PRODUCT_COUNT is "no product". */
export const PRODUCT_JSON = [
  ...PRODUCTS.map((p) => `"product_id":"${p.id}","price":${p.price}`),
  '"product_id":null,"price":null',
];
export const PRODUCT_CSV = [...PRODUCTS.map((p) => `${p.id},${p.price}`), ','];

const tagSets = Array.from({ length: 1 << TAGS.length }, (_, mask) =>
  TAGS.filter((_t, i) => (mask & (1 << i)) !== 0),
);
export const TAGS_JSON = tagSets.map((t) => JSON.stringify(t));
export const TAGS_CSV = tagSets.map((t) => csvCell(JSON.stringify(t)));

/** Scroll depth fraction by whole percent: `0`, `0.01` … `1`. */
export const SCROLL = Array.from({ length: 101 }, (_, i) => String(i / 100));
