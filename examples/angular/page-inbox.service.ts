/**
 * `PageInboxService`: a Facebook Page's Messenger inbox as two Angular-friendly streams,
 * built with rx-graph-conversations and its own fetch (no `HttpClient`), through the
 * backend's Graph proxy: the browser never holds the Page token.
 */
import { DestroyRef, inject, Injectable, type Provider } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { concatMap, defer, distinctUntilChanged, filter, map, type Observable, scan, share, shareReplay, tap } from 'rxjs';
import { applyPoll, EMPTY_INBOX, type InboxChange, type InboxState, type InboxThread, pollInbox } from './inbox-polls';
import { PAGE_INBOX_CONFIG, type PageInboxConfig, pageInboxSettings } from './page-inbox.config';

/**
 * The threads of a Page's inbox, kept current by polling, and the changes the polls find.
 *
 * Every request goes to your backend's Graph proxy (`proxyUrl`), which adds the Page
 * token on the server: a token in the browser would let anyone who loads the app act as
 * the Page.
 *
 * Lazy and shared: nothing is requested until someone subscribes to `threads$` or
 * `changes$`; all subscribers share one polling loop over the configured folders
 * (`mergeFolders` of `conversations$` with `throttleByUsage` and `retryOnRateLimit` per
 * page, then `pollDiff`), which stops
 * when the last one unsubscribes. When the injector that created the service is destroyed
 * (the component that provides it, or the application), `takeUntilDestroyed` completes
 * both streams: the request in flight is aborted and no other request is made; subscribing
 * afterwards gives the last list (`threads$`) or nothing, and completes.
 *
 * Costs: each folder is read whole once, then a quiet poll costs one request per folder
 * every `pollIntervalMs`, with a full read every `fullScanEvery` polls to find removed and
 * moved threads. Retryable errors (rate limits, 5xx, network) are retried, then skip a poll
 * (`onPollError`); any other error (an expired token: kind `auth`) ends both streams with
 * that `GraphError`, and the next subscriber starts over.
 *
 * @example
 * ```ts
 * // app.config.ts
 * import type { ApplicationConfig } from '@angular/core';
 *
 * export const appConfig: ApplicationConfig = {
 *   providers: [providePageInbox({ pageId: '1001', proxyUrl: '/graph', folders: ['inbox', 'other'] })],
 * };
 * ```
 */
@Injectable()
export class PageInboxService {
  private readonly settings = pageInboxSettings(inject(PAGE_INBOX_CONFIG));
  private readonly destroyRef = inject(DestroyRef);
  private lastSeq = 0;
  private seq = 0;

  private readonly state$: Observable<InboxState> = defer(() => pollInbox(this.settings)).pipe(
    takeUntilDestroyed(this.destroyRef),
    scan((state, poll) => applyPoll(state, poll, (this.seq += 1)), EMPTY_INBOX),
    tap((state) => (this.lastSeq = state.seq)),
    shareReplay({ bufferSize: 1, refCount: true }),
  );

  /**
   * The current threads of every configured folder, newest first, each tagged with its
   * `folder`. Emits once every folder was read completely, then after each poll that
   * changed something. A late subscriber gets the current list at once. Completes when the
   * injector is destroyed.
   */
  readonly threads$: Observable<readonly InboxThread[]> = this.state$.pipe(
    filter((state) => state.ready),
    distinctUntilChanged((a, b) => a.version === b.version),
    map((state) => state.threads),
  );

  /**
   * What changed since the folders were first read: `added` (a new conversation),
   * `updated` (a new message: `previous.updated_time` is the old time; or a move between
   * watched folders: `previous.folder` is the old one, found by a full scan) and `removed`
   * (deleted or moved out of the watched folders, found by full scans), each once, at the end of the
   * poll that found it. Not the initial threads, and not what happened before subscribing.
   * Completes when the injector is destroyed.
   */
  readonly changes$: Observable<InboxChange> = defer(() => {
    const after = this.lastSeq; // the state a running loop replays to a new subscriber is old news
    return this.state$.pipe(
      filter((state) => state.seq > after && state.poll?.seeding === false),
      concatMap((state) => state.poll?.changes ?? []),
    );
  }).pipe(share());
}

/**
 * Providers for a {@link PageInboxService} reading the given inbox. Give them to
 * `bootstrapApplication` for one app-wide service, or to a component's `providers` to
 * poll only while that component lives (its `DestroyRef` ends the polling).
 *
 * @example
 * ```ts
 * import { Component, inject } from '@angular/core';
 * import { toSignal } from '@angular/core/rxjs-interop';
 *
 * @Component({ selector: 'app-inbox', providers: [providePageInbox({ pageId: '1001', proxyUrl: '/graph' })], template: '...' })
 * export class InboxComponent {
 *   readonly threads = toSignal(inject(PageInboxService).threads$, { initialValue: [] }); // newest first
 * }
 * ```
 *
 * @param config - the Page, your backend's Graph proxy, and what to poll how often.
 * @return the config token and the service.
 */
export function providePageInbox(config: PageInboxConfig): Provider[] {
  return [{ provide: PAGE_INBOX_CONFIG, useValue: config }, PageInboxService];
}
