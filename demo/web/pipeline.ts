/**
 * The library at work in the browser: one Observable of dashboard events for a Page.
 *
 * Per inbox (Messenger, Instagram), one `pollDiff` over `mergeFolders(folders, ...)`: the
 * merge emits newest first across folders, so a quiet poll costs one request per folder,
 * a change in any folder is found at the next poll, and a move between folders is one
 * `updated` change. `throttleByUsage` (one budget for both inboxes) and
 * `retryOnRateLimit` wrap every page request (`perPage`). Requests are counted by a
 * `fetch` wrapper, which also reads the server's clock from `Date`; quota comes from
 * `onUsage`, retries from `onRetry`.
 */
import crossFetch from 'cross-fetch';
import { merge, Observable, pipe, Subject } from 'rxjs';
import {
  conversations$,
  createUsageThrottle,
  type FetchLike,
  type PagePolicy,
  GraphError,
  mergeFolders,
  messagesField,
  type Platform,
  pollDiff,
  retryOnRateLimit,
  throttleByUsage,
  usagePeak,
} from '../../src/index';
import { Folder } from '../../src/codecs/index';
import type { DashboardEvent } from './model';
import { ServerClock } from './serverClock';
import { webhookSignals } from './webhookSignals';

/** One inbox the page polls: a platform and its folders. */
export interface InboxConfig {
  readonly platform: Platform;
  readonly folders: readonly Folder[];
}

/** What the server tells the page (`/config.json`); never a token. */
export interface DashboardConfig {
  readonly pageId: string;
  readonly pollMs: number;
  readonly fullScanEvery: number;
  readonly limit: number;
  /** Where the data comes from, for the header: `emulator` or Graph's host. */
  readonly source: string;
  /** The inboxes shown, each polled on its own. */
  readonly inboxes: readonly InboxConfig[];
  /** `npm start -- --webhooks`: each inbox polls when a webhook says so (`/webhook-events`), and every `pollMs` to reconcile. */
  readonly webhooks?: boolean;
}

/** The browser's library never sees the real token: the server's proxy swaps this one for it. */
export const PLACEHOLDER_TOKEN = 'dashboard-placeholder-token';

/** The newest message's sender tells whether the customer waits for an answer. */
export const THREAD_FIELDS = ['participants', 'snippet', 'unread_count', 'message_count', messagesField({ limit: 1, fields: ['from'] })] as const;

/** What an error says on the banner. */
export function describe(error: unknown): { kind: string; message: string; help: string } {
  if (error instanceof GraphError) return { kind: error.kind, message: error.message, help: error.help };
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error), help: 'See the browser console.' };
}

/** How the page reaches Graph: the proxy, the request counter and clock, the shared policy. */
export interface PageConnection {
  readonly accessToken: string;
  readonly graphUrl: string;
  readonly fetch: FetchLike;
  readonly perPage: PagePolicy;
  readonly onUsage: NonNullable<Parameters<typeof conversations$>[1]['onUsage']>;
}

/**
 * The connection every request of the page uses, reporting requests, responses, usage
 * and retries to `report`, and each response's `Date` to `clock`.
 */
export function pageConnection(graphUrl: string, clock: ServerClock, report: (event: DashboardEvent) => void, fetchImpl: FetchLike): PageConnection {
  const countingFetch: FetchLike = async (url, init) => {
    report({ type: 'request', at: clock.now() });
    const response = await fetchImpl(url, init);
    clock.observe(response.headers.get('date'));
    report({ type: 'response', status: response.status, at: clock.now() });
    return response;
  };
  const throttle = createUsageThrottle({ threshold: 75, maxDelayMs: 3000 });
  const perPage: PagePolicy = pipe(
    throttleByUsage({ throttle }),
    retryOnRateLimit({
      maxRetries: 5,
      baseDelayMs: 1000,
      maxDelayMs: 10_000,
      onRetry: ({ attempt, delayMs, error }) =>
        report({ type: 'retry', attempt, delayMs, kind: error.kind, code: 'code' in error ? (error.code as number | undefined) : undefined, at: clock.now() }),
    }),
  );
  return {
    accessToken: PLACEHOLDER_TOKEN,
    graphUrl,
    fetch: countingFetch,
    perPage,
    onUsage: (usage) => report({ type: 'usage', usage, peak: usagePeak(usage), at: clock.now() }),
  };
}

/** The changes of one inbox, as dashboard events. */
function inboxEvents(config: DashboardConfig, inbox: InboxConfig, connection: PageConnection, clock: ServerClock, side: Subject<DashboardEvent>): Observable<DashboardEvent> {
  const { platform } = inbox;
  return new Observable<DashboardEvent>((subscriber) =>
    mergeFolders(inbox.folders, (folder) => conversations$(config.pageId, { ...connection, limit: config.limit, fields: THREAD_FIELDS, platform, folder }))
      .pipe(
        pollDiff({
          intervalMs: config.pollMs,
          fullScanEvery: config.fullScanEvery,
          trigger: config.webhooks === true ? webhookSignals(platform) : undefined,
          onSnapshot: () => {
            for (const folder of inbox.folders) side.next({ type: 'polled', platform, folder, at: clock.now() });
          },
          onPollError: (error) => side.next({ type: 'poll-error', platform, ...describe(error), at: clock.now() }),
        }),
      )
      .subscribe({
        next: (change) => {
          if (change.type !== 'removed') return subscriber.next({ type: change.type, thread: { ...change.thread, platform }, at: clock.now() });
          // A removed thread is rebuilt from the snapshot, which kept the folder it was in.
          const folder = change.previous.folder;
          if (Folder.is(folder)) subscriber.next({ type: 'removed', id: change.thread.id, folder, at: clock.now() });
        },
        error: (error: unknown) => subscriber.next({ type: 'fatal', platform, ...describe(error), at: clock.now() }),
      }),
  );
}

/** The page's events, and the connection they run on (the conversation panel shares it). */
export interface DashboardSource {
  readonly events: Observable<DashboardEvent>;
  readonly connection: PageConnection;
}

/**
 * Every event the dashboard reduces, from the Page's inboxes over `graphUrl` (the
 * server's proxy), timed on `clock`. Cold: subscribing starts the polls, unsubscribing
 * stops them. Requests made on `connection` elsewhere (a conversation) are reported too.
 */
export function dashboardSource(
  config: DashboardConfig,
  graphUrl: string,
  clock: ServerClock = new ServerClock(),
  fetchImpl: FetchLike = crossFetch as FetchLike,
): DashboardSource {
  const side = new Subject<DashboardEvent>();
  const connection = pageConnection(graphUrl, clock, (event) => side.next(event), fetchImpl);
  return { connection, events: merge(side, ...config.inboxes.map((inbox) => inboxEvents(config, inbox, connection, clock, side))) };
}

/** {@link dashboardSource}'s events alone. */
export function dashboardEvents(config: DashboardConfig, graphUrl: string, clock?: ServerClock, fetchImpl?: FetchLike): Observable<DashboardEvent> {
  return dashboardSource(config, graphUrl, clock, fetchImpl).events;
}
