/**
 * `npm start -- --webhooks`: the server's webhook signals as an Observable per platform,
 * the `trigger` of that inbox's `pollDiff` (one EventSource for the page, shared).
 */
import { filter, Observable, share } from 'rxjs';
import type { Platform } from '../../src/index';

const signals$ = new Observable<string>((subscriber) => {
  const source = new EventSource('/webhook-events');
  source.onmessage = (message: MessageEvent<string>) => subscriber.next(message.data);
  return () => source.close();
}).pipe(share());

/** A value each time a webhook event arrives for `platform`'s inbox. */
export function webhookSignals(platform: Platform): Observable<string> {
  return signals$.pipe(filter((signal) => signal === platform));
}
