/**
 * The library at work in the browser: one Observable of dashboard events for a Page.
 *
 * One `pollDiff` over `mergeFolders(folders, ...)`: the merge emits newest first across
 * folders, so a quiet poll costs one request per folder, a change in any folder is found
 * at the next poll, and a move between folders is one `updated` change. `throttleByUsage`
 * (one shared budget) and `retryOnRateLimit` wrap every page request (`perPage`).
 * Requests are counted by a `fetch` wrapper, quota comes from `onUsage`, and retries from
 * `onRetry`.
 */
import crossFetch from 'cross-fetch';
import { merge, Observable, pipe, Subject } from 'rxjs';
import { conversations$, createUsageThrottle, type FetchLike, type PagePolicy, GraphError, mergeFolders, pollDiff, retryOnRateLimit, throttleByUsage, usagePeak } from '../../src/index';
import { Folder } from '../../src/codecs/index';
import type { DashboardEvent } from './model';

/** What the server tells the page (`/config.json`); never a token. */
export interface DashboardConfig {
  readonly pageId: string;
  readonly pollMs: number;
  readonly fullScanEvery: number;
  readonly limit: number;
  /** Where the data comes from, for the header: `emulator` or Graph's host. */
  readonly source: string;
  readonly folders: readonly Folder[];
}

/** The browser's library never sees the real token: the server's proxy swaps this one for it. */
export const PLACEHOLDER_TOKEN = 'dashboard-placeholder-token';

export const THREAD_FIELDS = ['participants', 'snippet', 'unread_count', 'message_count'] as const;

function describe(error: unknown): { kind: string; message: string; help: string } {
  if (error instanceof GraphError) return { kind: error.kind, message: error.message, help: error.help };
  return { kind: 'unexpected', message: error instanceof Error ? error.message : String(error), help: 'See the browser console.' };
}

/**
 * Every event the dashboard reduces, from the Page's threads over `graphUrl` (the
 * server's proxy). Cold: subscribing starts the polls, unsubscribing stops them.
 */
export function dashboardEvents(config: DashboardConfig, graphUrl: string, fetchImpl: FetchLike = crossFetch as FetchLike): Observable<DashboardEvent> {
  const side = new Subject<DashboardEvent>();
  const now = () => Date.now();

  const countingFetch: FetchLike = async (url, init) => {
    side.next({ type: 'request', at: now() });
    const response = await fetchImpl(url, init);
    side.next({ type: 'response', status: response.status, at: now() });
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
        side.next({ type: 'retry', attempt, delayMs, kind: error.kind, code: 'code' in error ? (error.code as number | undefined) : undefined, at: now() }),
    }),
  );
  const connection = {
    accessToken: PLACEHOLDER_TOKEN,
    graphUrl,
    limit: config.limit,
    fields: THREAD_FIELDS,
    fetch: countingFetch,
    perPage,
    onUsage: (usage: Parameters<typeof usagePeak>[0]) => side.next({ type: 'usage', usage, peak: usagePeak(usage), at: now() }),
  };

  const changes = new Observable<DashboardEvent>((subscriber) =>
    mergeFolders(config.folders, (folder) => conversations$(config.pageId, { ...connection, folder }))
      .pipe(
        pollDiff({
          intervalMs: config.pollMs,
          fullScanEvery: config.fullScanEvery,
          onSnapshot: () => {
            for (const folder of config.folders) side.next({ type: 'polled', folder, at: now() });
          },
          onPollError: (error) => side.next({ type: 'poll-error', ...describe(error), at: now() }),
        }),
      )
      .subscribe({
        next: (change) => {
          if (change.type !== 'removed') return subscriber.next({ type: change.type, thread: change.thread, at: now() });
          // A removed thread is rebuilt from the snapshot, which kept the folder it was in.
          const folder = change.previous.folder;
          if (Folder.is(folder)) subscriber.next({ type: 'removed', id: change.thread.id, folder, at: now() });
        },
        error: (error: unknown) => subscriber.next({ type: 'fatal', ...describe(error), at: now() }),
      }),
  );

  return merge(side, changes);
}
