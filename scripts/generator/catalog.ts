/**
 * The mock app's world: devices with their user agents, places, products and tags. ASCII only,
 * so a line's string length is its byte length and file sizes can be counted without encoding.
 */

export interface Device {
  readonly type: 'desktop' | 'mobile' | 'tablet';
  readonly os: string;
  readonly browser: string;
  readonly user_agent: string;
  /** Relative share of users on this device. */
  readonly weight: number;
}

export const DEVICES: readonly Device[] = [
  {
    type: 'desktop',
    os: 'Windows',
    browser: 'Chrome',
    user_agent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36',
    weight: 30,
  },
  {
    type: 'desktop',
    os: 'Windows',
    browser: 'Edge',
    user_agent:
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87',
    weight: 8,
  },
  {
    type: 'desktop',
    os: 'macOS',
    browser: 'Safari',
    user_agent:
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
    weight: 10,
  },
  {
    type: 'desktop',
    os: 'Linux',
    browser: 'Firefox',
    user_agent: 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
    weight: 4,
  },
  {
    type: 'mobile',
    os: 'iOS',
    browser: 'Safari',
    user_agent:
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: 22,
  },
  {
    type: 'mobile',
    os: 'Android',
    browser: 'Chrome',
    user_agent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Mobile Safari/537.36',
    weight: 18,
  },
  {
    type: 'tablet',
    os: 'iPadOS',
    browser: 'Safari',
    user_agent:
      'Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    weight: 5,
  },
  {
    type: 'tablet',
    os: 'Android',
    browser: 'Chrome',
    user_agent:
      'Mozilla/5.0 (Linux; Android 14; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.6478.71 Safari/537.36',
    weight: 3,
  },
];

export interface Place {
  readonly country: string;
  readonly region: string;
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
  readonly currency: string;
  readonly weight: number;
}

const place = (
  country: string,
  region: string,
  city: string,
  latitude: number,
  longitude: number,
  currency: string,
  weight: number,
): Place => ({ country, region, city, latitude, longitude, currency, weight });

export const PLACES: readonly Place[] = [
  place('US', 'CA', 'San Francisco', 37.7749, -122.4194, 'USD', 9),
  place('US', 'NY', 'New York', 40.7128, -74.006, 'USD', 12),
  place('US', 'TX', 'Austin', 30.2672, -97.7431, 'USD', 5),
  place('US', 'WA', 'Seattle', 47.6062, -122.3321, 'USD', 4),
  place('CA', 'ON', 'Toronto', 43.6532, -79.3832, 'CAD', 4),
  place('GB', 'ENG', 'London', 51.5072, -0.1276, 'GBP', 8),
  place('DE', 'BE', 'Berlin', 52.52, 13.405, 'EUR', 6),
  place('FR', 'IDF', 'Paris', 48.8566, 2.3522, 'EUR', 5),
  place('ES', 'MD', 'Madrid', 40.4168, -3.7038, 'EUR', 3),
  place('NL', 'NH', 'Amsterdam', 52.3676, 4.9041, 'EUR', 2),
  place('IN', 'KA', 'Bengaluru', 12.9716, 77.5946, 'INR', 7),
  place('IN', 'MH', 'Mumbai', 19.076, 72.8777, 'INR', 6),
  place('JP', '13', 'Tokyo', 35.6762, 139.6503, 'JPY', 5),
  place('AU', 'NSW', 'Sydney', -33.8688, 151.2093, 'AUD', 3),
  place('BR', 'SP', 'Sao Paulo', -23.5505, -46.6333, 'BRL', 5),
  place('MX', 'CMX', 'Mexico City', 19.4326, -99.1332, 'MXN', 3),
  place('ZA', 'GP', 'Johannesburg', -26.2041, 28.0473, 'ZAR', 2),
  place('SG', 'SG', 'Singapore', 1.3521, 103.8198, 'SGD', 2),
];

/** Products: id and list price (in the buyer's currency units, kept simple). */
export const PRODUCT_COUNT = 500;
export const productId = (i: number): string => `sku-${String(10_000 + i)}`;
/** A stable, skewed price per product: most items are cheap, a few are expensive. */
export const productPrice = (i: number): number => {
  const x = ((i * 2654435761) >>> 0) / 4294967296;
  return Math.round((4.99 + 495 * x * x * x) * 100) / 100;
};

/** Tags attached to items; each event carries a few or none (an array column in Parquet). */
export const TAGS = ['sale', 'new', 'featured', 'clearance', 'gift', 'bundle'] as const;

/** The event types the contract knows, and the share of sessions' steps they usually take. */
export const EVENT_TYPES = ['login', 'view_item', 'add_to_cart', 'purchase'] as const;
export type KnownEventType = (typeof EVENT_TYPES)[number];

/** Event types a newer app version might send: DQ's accepted-values rule flags them. */
export const UNKNOWN_EVENT_TYPES = ['logout', 'page_ping', 'signup', 'refund'] as const;
