import { filter, type MonoTypeOperatorFunction } from 'rxjs';
import type { WebhookEvent } from './events';

/**
 * Keeps the events about the given Pages (or Instagram accounts): those whose `pageId`
 * (`entry[].id`) is one of `ids`, and that are about a thread (`message`, `echo`,
 * `read`, `delivery`, `postback`; not `other`). One app receives the webhooks of every
 * Page it is subscribed to: filter before triggering a Page's polls, so another Page's
 * traffic, or a genuine body replayed from it, costs this Page nothing.
 *
 * @example
 * ```ts
 * import { conversations$, pollDiff } from 'rx-graph-conversations';
 * import { forPage, webhookReceiver } from 'rx-graph-conversations/webhooks';
 *
 * const { handler, events$ } = webhookReceiver({ appSecret, verifyToken });
 * conversations$('1001', { accessToken })
 *   .pipe(pollDiff({ intervalMs: 300_000, trigger: events$.pipe(forPage('1001')) }))
 *   .subscribe((change) => console.log(change.type, change.thread.id));
 * ```
 *
 * @param ids - Page ids, and the Instagram account id when the stream reads Instagram threads.
 * @return An operator that keeps the matching events.
 */
export function forPage(...ids: readonly string[]): MonoTypeOperatorFunction<WebhookEvent> {
  const wanted = new Set(ids);
  return filter((event) => event.kind !== 'other' && wanted.has(event.pageId));
}
