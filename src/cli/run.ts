/**
 * Builds what the command line streams from its checked options: threads of one
 * folder, of every folder (tagged), or the changes `--watch` finds. No process access:
 * what to do with the values and the hooks is the caller's business.
 */
import crossFetch from 'cross-fetch';
import { identity, map, merge, type Observable, take } from 'rxjs';
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
  /** `--watch`: a poll failed with a retryable error (after its retries); the next poll comes after the interval. */
  readonly onPollError?: (error: unknown, folder: Folder | undefined) => void;
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
 * - a listing: a consistent `conversations$` with `retryOnRateLimit`, stopped after `max` threads;
 * - `allFolders`: `mergeFolders` over every folder, threads tagged with `folder`;
 * - `watchMs`: `pollDiff` changes (`added`, `updated`, `removed`) forever. With
 *   `allFolders` each folder is polled by its own `pollDiff` and the change streams are
 *   merged: a quick poll stops at the first unchanged thread, which over a plain merge
 *   of folders would hide changes in the other folders. A thread moved between folders
 *   is then reported `removed` from one and `added` to the other by the full scans.
 */
export function buildStream(options: CliOptions, hooks: RunHooks = {}): Observable<unknown> {
  const fetch = countingFetch(hooks.fetch ?? (crossFetch as FetchLike), hooks.onPage);
  const retry = { maxRetries: options.maxRetries, onRetry: hooks.onRetry };
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
      // A listing is an export: it re-reads the top after the last page (typically one
      // request) so threads that got a message meanwhile are not missed. A poll needs not.
      consistent: options.watchMs === undefined,
    });

  if (options.watchMs !== undefined) {
    const watch = (folder: Folder | undefined) =>
      pollDiff({ intervalMs: options.watchMs ?? 0, onPollError: (error) => hooks.onPollError?.(error, folder) });
    if (!options.allFolders) return walk(options.folder).pipe(retryOnRateLimit(retry), watch(options.folder));
    return merge(
      ...FOLDERS.map((folder) =>
        walk(folder).pipe(
          retryOnRateLimit(retry),
          map((thread) => ({ ...thread, folder })),
          watch(folder),
        ),
      ),
    );
  }

  const threads = options.allFolders ? mergeFolders(FOLDERS, walk).pipe(retryOnRateLimit(retry)) : walk(options.folder).pipe(retryOnRateLimit(retry));
  return threads.pipe(options.max === undefined ? identity : take(options.max));
}
