/**
 * Builds what the command line streams from its checked options: threads of one
 * folder, of every folder (tagged), or the changes `--watch` finds. No process access:
 * what to do with the values and the hooks is the caller's business.
 */
import crossFetch from 'cross-fetch';
import { identity, type Observable, take } from 'rxjs';
import {
  conversations$,
  type Folder,
  FOLDERS,
  type FetchLike,
  mergeFolders,
  pollDiff,
  type RetryInfo,
  retryOnRateLimit,
} from '../index';
import type { CliOptions } from './options';

/** What the run reports while it goes; every hook is optional. */
export interface RunHooks {
  /** A page (a 2xx response) arrived. */
  readonly onPage?: () => void;
  /** A failed request is retried after `info.delayMs`. */
  readonly onRetry?: (info: RetryInfo) => void;
  /** `--watch`: a poll failed with a retryable error (after its retries); the next poll comes after the interval. `folder` is undefined with all folders. */
  readonly onPollError?: (error: unknown, poll: number) => void;
  /** The fetch to count pages on; default `cross-fetch`, the library's default. */
  readonly fetch?: FetchLike;
}

/** A fetch that calls `onPage` for every 2xx response. */
export function countingFetch(fetch: FetchLike, onPage: (() => void) | undefined): FetchLike {
  if (onPage === undefined) return fetch;
  return async (url, init) => {
    const response = await fetch(url, init);
    if (response.ok) onPage();
    return response;
  };
}

/**
 * The stream the options ask for:
 * - a listing: a consistent `conversations$` with `retryOnRateLimit` on each page, stopped after `max` threads;
 * - `allFolders`: `mergeFolders` over every folder, newest first, threads tagged with `folder`;
 * - `watchMs`: `pollDiff` changes (`added`, `updated`, `removed`) forever; with
 *   `allFolders`, one `pollDiff` over the merge: a quiet poll costs one request per
 *   folder, and a thread moved between folders is one `updated` change.
 */
export function buildStream(options: CliOptions, hooks: RunHooks = {}): Observable<unknown> {
  const fetch = countingFetch(hooks.fetch ?? (crossFetch as FetchLike), hooks.onPage);
  const perPage = retryOnRateLimit({ maxRetries: options.maxRetries, onRetry: hooks.onRetry });
  const walk = (folder: Folder | undefined) =>
    conversations$(options.pageId, {
      accessToken: options.accessToken,
      appSecret: options.appSecret,
      graphUrl: options.graphUrl,
      fetch,
      folder,
      platform: options.platform,
      userId: options.userId,
      limit: options.limit,
      fields: options.fields,
      perPage,
      // A listing is an export: it re-reads the top after the last page (typically one
      // request) so threads that got a message meanwhile are not missed. A poll needs not.
      consistent: options.watchMs === undefined,
    });
  const threads = options.allFolders ? mergeFolders(FOLDERS, walk) : walk(options.folder);

  if (options.watchMs !== undefined) {
    return threads.pipe(pollDiff({ intervalMs: options.watchMs, onPollError: hooks.onPollError }));
  }
  return threads.pipe(options.max === undefined ? identity : take(options.max));
}
