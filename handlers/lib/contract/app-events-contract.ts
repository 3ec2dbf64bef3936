import type { SourceContractInput } from './contract';

const field = (
  path: string,
  type: SourceContractInput['fields'][number]['type'],
  required: boolean,
  description: string,
  extra: Partial<SourceContractInput['fields'][number]> = {},
): SourceContractInput['fields'][number] => ({
  path: path.split('.'),
  type,
  required,
  description,
  ...extra,
});

/**
 * Version 1 of the app events contract: the mock generator's records (event identity, then the
 * session, device, location, engagement and properties objects). Allowed event types are a
 * data-quality rule, not a contract check, so an unexpected type fails the run visibly instead
 * of quietly turning into rejects.
 */
export const APP_EVENTS_CONTRACT_V1: SourceContractInput = {
  source: 'app',
  version: 1,
  dedupKey: 'event_id',
  eventTime: 'event_ts',
  fields: [
    field('event_id', 'string', true, 'Unique event id (deduplication key).'),
    field('event_type', 'string', true, 'login, view_item, add_to_cart or purchase.'),
    field('user_id', 'string', false, 'User id; may be null (bounded by a DQ rule).'),
    field('event_ts', 'timestamp', true, 'When the event happened (UTC).', {
      timestampFormats: ['iso8601_offset', 'epoch_ms'],
    }),
    field('session.session_id', 'string', false, 'Session id.'),
    field('session.started_at', 'timestamp', false, 'Session start (UTC).', {
      timestampFormats: ['iso8601_offset', 'epoch_ms'],
    }),
    field('session.is_new', 'boolean', false, 'First session of the user.'),
    field('session.page_views', 'integer', false, 'Pages viewed so far in the session.'),
    field('device.type', 'string', false, 'desktop, mobile or tablet.'),
    field('device.os', 'string', false, 'Operating system.'),
    field('device.browser', 'string', false, 'Browser family.'),
    field('device.user_agent', 'string', false, 'Raw user agent string.'),
    field('location.country', 'string', false, 'ISO 3166-1 alpha-2 country code.'),
    field('location.region', 'string', false, 'Region or state.'),
    field('location.city', 'string', false, 'City.'),
    field('location.latitude', 'double', false, 'Latitude in degrees.'),
    field('location.longitude', 'double', false, 'Longitude in degrees.'),
    field('engagement.duration_ms', 'integer', false, 'Time on page, milliseconds.'),
    field('engagement.scroll_depth', 'double', false, 'Fraction of the page scrolled, 0-1.'),
    field('engagement.clicks', 'integer', false, 'Clicks during the event.'),
    field('properties.page', 'string', false, 'Page path.'),
    field('properties.product_id', 'string', false, 'Product id (commerce events).'),
    field('properties.price', 'double', false, 'Unit price (commerce events).'),
    field('properties.quantity', 'integer', false, 'Quantity (commerce events).'),
    field('properties.currency', 'string', false, 'ISO 4217 currency code.'),
    field('properties.tags', 'string_list', false, 'Free-form tags.'),
  ],
};
