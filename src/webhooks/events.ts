/**
 * From a parsed webhook body to typed events: pure, no I/O. An item that does not decode
 * becomes a problem line (the others of its batch still count); an item of a kind this
 * library does not model is kept as `other`, typed, never a crash.
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { reportErrors } from '../codecs/report';
import { MessagingItem, WebhookEntry, WebhookEnvelope, type WebhookDelivery, type WebhookMessage, type WebhookPostback, type WebhookRead } from './codecs';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/**
 * The products whose messaging webhooks the receiver accepts.
 *
 * @example
 * ```ts
 * const object: WebhookObject = 'instagram';
 * ```
 */
export type WebhookObject = 'page' | 'instagram';

/**
 * What every event says: where it comes from and who the person in the thread is.
 *
 * @example
 * ```ts
 * const who = (event: WebhookEventBase) => `${event.object} ${event.pageId}: ${event.userId}`;
 * ```
 */
export interface WebhookEventBase {
  /** `page` (Messenger) or `instagram`. */
  readonly object: WebhookObject;
  /** `entry[].id`: the Page id (`page`) or the Instagram professional account id (`instagram`). */
  readonly pageId: string;
  /**
   * The person in the thread (PSID or IGSID): the sender, or the recipient of an echo.
   * The `userId` option of `conversations$` finds that person's thread.
   */
  readonly userId: string;
  /** `sender.id` as sent. */
  readonly senderId: string;
  /** `recipient.id` as sent. */
  readonly recipientId: string;
  /** When it happened (ms since the epoch), when Graph says. */
  readonly timestamp: number | undefined;
}

/**
 * One decoded messaging webhook event, by `kind`: a person's `message`, the `echo` of a
 * message the Page sent, a `read` or `delivery` receipt, a `postback`, or `other` (an
 * item of a kind not modelled here, e.g. reactions or referrals: `fields` names its keys).
 *
 * @example
 * ```ts
 * const describe = (event: WebhookEvent): string =>
 *   event.kind === 'message' ? `${event.userId} wrote ${event.message.text ?? '(attachment)'}` : `${event.kind} from ${event.userId}`;
 * ```
 */
export type WebhookEvent = WebhookEventBase &
  (
    | { readonly kind: 'message'; readonly message: WebhookMessage }
    | { readonly kind: 'echo'; readonly message: WebhookMessage }
    | { readonly kind: 'read'; readonly read: WebhookRead }
    | { readonly kind: 'delivery'; readonly delivery: WebhookDelivery }
    | { readonly kind: 'postback'; readonly postback: WebhookPostback }
    | { readonly kind: 'other'; readonly fields: readonly string[] }
  );

/** What one body yields: its events, and one line per part that was refused. */
export interface DecodedDelivery {
  readonly events: readonly WebhookEvent[];
  readonly problems: readonly string[];
}

const OBJECTS: ReadonlySet<string> = new Set<WebhookObject>(['page', 'instagram']);
const ENVELOPE_KEYS = new Set(['sender', 'recipient', 'timestamp']);

// -------------------------------------------------------------------------------------
// decoding
// -------------------------------------------------------------------------------------

function report(where: string, errors: t.Errors): string {
  return reportErrors(errors)
    .map((line) => `${where}: ${line}`)
    .join('; ');
}

function eventOf(object: WebhookObject, pageId: string, item: MessagingItem): WebhookEvent {
  const senderId = item.sender.id;
  const recipientId = item.recipient.id;
  const base = { object, pageId, senderId, recipientId, userId: senderId, timestamp: item.timestamp ?? undefined };
  if (item.message !== undefined) {
    // An echo is the Page's own message: the person is its recipient.
    if (item.message.is_echo === true) return { ...base, userId: recipientId, kind: 'echo', message: item.message };
    return { ...base, kind: 'message', message: item.message };
  }
  if (item.read !== undefined) return { ...base, kind: 'read', read: item.read };
  if (item.delivery !== undefined) return { ...base, kind: 'delivery', delivery: item.delivery };
  if (item.postback !== undefined) return { ...base, kind: 'postback', postback: item.postback };
  return { ...base, kind: 'other', fields: Object.keys(item).filter((key) => !ENVELOPE_KEYS.has(key)) };
}

/**
 * The events of one parsed body. Other products (`object: 'user'`, `'permissions'`, ...)
 * and entries without `messaging` (e.g. `changes` of the feed) yield none, and say so.
 */
export function decodeDelivery(body: unknown): DecodedDelivery {
  const envelope = WebhookEnvelope.decode(body);
  if (isLeft(envelope)) return { events: [], problems: [report('body', envelope.left)] };
  const { object } = envelope.right;
  if (!OBJECTS.has(object)) return { events: [], problems: [`object: expected 'page' or 'instagram', got ${JSON.stringify(object.slice(0, 40))}`] };
  const product = object as WebhookObject;
  const events: WebhookEvent[] = [];
  const problems: string[] = [];
  envelope.right.entry.forEach((rawEntry, e) => {
    const entry = WebhookEntry.decode(rawEntry);
    if (isLeft(entry)) return void problems.push(report(`entry.${e}`, entry.left));
    const items = entry.right.messaging ?? [];
    items.forEach((rawItem, i) => {
      const item = MessagingItem.decode(rawItem);
      if (isLeft(item)) problems.push(report(`entry.${e}.messaging.${i}`, item.left));
      else events.push(eventOf(product, entry.right.id, item.right));
    });
  });
  return { events, problems };
}
