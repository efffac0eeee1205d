/**
 * io-ts codecs of the Messenger and Instagram messaging webhooks: the envelope
 * (`object`, `entry[]`) and one `messaging[]` item. Items are decoded one by one, so one
 * malformed item does not cost the others of its batch. Graph sends `null` in optional
 * fields: they read as absent.
 */
import * as t from 'io-ts';

/** An optional field that may also be `null`. */
const maybe = <C extends t.Mixed>(codec: C) => t.union([codec, t.null]);

/**
 * `{ "id": "..." }`: a sender or recipient (PSID, IGSID, Page id or Instagram account id).
 *
 * @example
 * ```ts
 * const sender: t.TypeOf<typeof WebhookParty> = { id: '6543210987654321' };
 * ```
 */
export const WebhookParty = t.type({ id: t.string }, 'WebhookParty');

/**
 * The `message` of a `messages` or `message_echoes` event.
 *
 * @example
 * ```ts
 * const message: WebhookMessage = { mid: 'm_1', text: 'Hi!' };
 * ```
 */
export const WebhookMessage = t.intersection(
  [
    t.type({ mid: t.string }),
    t.partial({ text: maybe(t.string), is_echo: maybe(t.boolean), app_id: maybe(t.number), attachments: t.unknown, quick_reply: t.unknown, reply_to: t.unknown }),
  ],
  'WebhookMessage',
);
/** The `message` of a `messages` or `message_echoes` event (`is_echo: true` on echoes). */
export type WebhookMessage = t.TypeOf<typeof WebhookMessage>;

/**
 * The `read` of a `messaging_reads` event: everything up to `watermark` (ms) was read.
 *
 * @example
 * ```ts
 * const read: WebhookRead = { watermark: 1709294400000 };
 * ```
 */
export const WebhookRead = t.type({ watermark: t.number }, 'WebhookRead');
/** The `read` of a `messaging_reads` event. */
export type WebhookRead = t.TypeOf<typeof WebhookRead>;

/**
 * The `delivery` of a `message_deliveries` event.
 *
 * @example
 * ```ts
 * const delivery: WebhookDelivery = { mids: ['m_1'], watermark: 1709294400000 };
 * ```
 */
export const WebhookDelivery = t.partial({ mids: maybe(t.array(t.string)), watermark: maybe(t.number) }, 'WebhookDelivery');
/** The `delivery` of a `message_deliveries` event. */
export type WebhookDelivery = t.TypeOf<typeof WebhookDelivery>;

/**
 * The `postback` of a `messaging_postbacks` event (a button was tapped).
 *
 * @example
 * ```ts
 * const postback: WebhookPostback = { title: 'Get started', payload: 'GET_STARTED' };
 * ```
 */
export const WebhookPostback = t.partial({ title: maybe(t.string), payload: maybe(t.string), mid: maybe(t.string) }, 'WebhookPostback');
/** The `postback` of a `messaging_postbacks` event. */
export type WebhookPostback = t.TypeOf<typeof WebhookPostback>;

/** One item of `entry[].messaging[]`: who, when, and one of the event bodies. */
export const MessagingItem = t.intersection([
  t.type({ sender: WebhookParty, recipient: WebhookParty }),
  t.partial({ timestamp: maybe(t.number), message: WebhookMessage, read: WebhookRead, delivery: WebhookDelivery, postback: WebhookPostback }),
]);
export type MessagingItem = t.TypeOf<typeof MessagingItem>;

/** One `entry`: the Page (or Instagram account) it is about, and its items, decoded later one by one. */
export const WebhookEntry = t.intersection([t.type({ id: t.string }), t.partial({ time: maybe(t.number), messaging: maybe(t.array(t.unknown)) })]);
export type WebhookEntry = t.TypeOf<typeof WebhookEntry>;

/** The body of a delivery: `object` says which product; entries are decoded one by one. */
export const WebhookEnvelope = t.type({ object: t.string, entry: t.array(t.unknown) });
