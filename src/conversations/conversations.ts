import { sequenceS } from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import { type Observable, throwError } from 'rxjs';
import { renderThreadFields, threadCodecFor, type SelectedThread, type ThreadFieldSpec } from '../codecs/fields';
import type { Folder, Platform } from '../codecs/filters';
import type { DecodeWarning } from '../codecs/salvage';
import { createGraphClient, withoutSecrets, type GraphClientOptions } from '../graph/client';
import { flag } from '../options/check';
import { planEdge, walkEdge } from './edgeWalk';
import {
  DEFAULT_THREAD_FIELDS,
  validateFolder,
  validateLimit,
  validateMaxPages,
  validateMaxRestarts,
  validateNodeId,
  validateCallback,
  validatePerPage,
  validatePrefetch,
  validatePlatform,
  validateThreadFields,
  type DefaultThreadFields,
} from './params';
import type { PagePolicy } from './page';

/**
 * Options of {@link conversations$}: how to reach Graph, and which threads to list.
 *
 * @example
 * ```ts
 * const opts: ConversationsOptions = { accessToken: process.env.PAGE_TOKEN ?? '', folder: 'inbox', limit: 50 };
 * ```
 */
export interface ConversationsOptions<S extends readonly ThreadFieldSpec[] = readonly ThreadFieldSpec[]> extends GraphClientOptions {
  /** `inbox` (Graph's default), `other`, `page_done` (archived) or `spam`. */
  folder?: Folder;
  /** `MESSENGER` (Graph's default) or `INSTAGRAM`. */
  platform?: Platform;
  /** Page-scoped id of a person: lists at most that person's thread. */
  userId?: string;
  /** Page size, 1..100. Graph's default is 25. */
  limit?: number;
  /**
   * Thread fields to request, and the type of the threads emitted: `id` and
   * `updated_time` are always added; add {@link messagesField} for nested messages.
   * Default {@link DEFAULT_THREAD_FIELDS}.
   */
  fields?: S;
  /**
   * The most pages one pass of the walk requests: a guard for callers who know the size
   * of what they list. When it is reached and there is more, the walk ends after that
   * page's threads with a `paging-loop` PagingError whose message says `maxPages` was
   * reached (an error, not a quiet end, so a cut list never looks complete). A positive
   * safe integer; no limit by default (a walk that stops bringing new threads ends anyway).
   */
  maxPages?: number;
  /**
   * How many times the walk starts again from its first page after a stale cursor (Graph
   * 2642: the thread a cursor pointed at changed or was deleted), emitting nothing twice;
   * then the `invalid-cursor` error passes on. A whole number from 0 to 100; default 3.
   * Raise it for an inbox that churns hard during long walks: each restart re-reads the
   * pages read so far.
   */
  maxRestarts?: number;
  /**
   * A consistent walk, for exports and full listings: after the last page, read from the
   * top again until the first thread older than the walk's first page, and emit the
   * threads the walk missed because they moved to the front while it ran. Each thread is
   * emitted once (by `id`). Costs typically one extra request (ceil((k + 2) / limit) for
   * k threads updated during the walk). Default `false`.
   */
  consistent?: boolean;
  /**
   * A policy applied to each page request, like octokit's request hook: its retries
   * re-send that page (the walk resumes where it failed), its throttle delays that
   * request. Compose with RxJS `pipe`, throttle first so every retry passes it too:
   * `perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit())`. Every page goes
   * through it: the first, the next ones, a restart's and a consistent walk's re-read.
   * See {@link PagePolicy}.
   */
  perPage?: PagePolicy;
  /**
   * Pages requested ahead: `1` requests each next page as soon as the current page's body
   * has arrived, while that page is parsed, decoded and emitted (its `next` read from the
   * raw body, used only if it is the decoded `next`), so the network overlaps the client's
   * work; one page ahead at most (a page that came in before the walk reached it, say while
   * a `perPage` policy held the walk, has its next page requested when the walk does).
   * `0` (default): a page is requested only once the previous page's items were
   * emitted. The first page never prefetches, so `take(1)` and a quiet `pollDiff` poll stay
   * one request; a consumer that stops after page two or later may leave one page requested
   * for nothing (aborted). Prefetched requests go through `perPage` and count for
   * `maxPages`. Ignored under `mergeFolders`, which pulls pages itself.
   */
  prefetch?: 0 | 1;
  /**
   * Told about each broken optional part of an item that was left out so the item (and
   * its page) still arrive: an attachment without an `id`, a participant list that is not
   * a list. The item keeps its required fields and every other field; see
   * {@link DecodeWarning}. A broken required field (`id`, `updated_time`) still fails the
   * walk with a `DecodeError`. `null` in an optional field is Graph's "absent" and is no warning.
   */
  onDecodeWarning?: (warning: DecodeWarning) => void;
}

/**
 * What {@link conversations$} returns: the Page's threads, each typed by the `fields`
 * asked for ({@link SelectedThread}). A name for `Observable<SelectedThread<S>>`, so that
 * signatures stay readable.
 *
 * @example
 * ```ts
 * const inbox: ThreadStream<readonly ['snippet']> = conversations$('1001', { accessToken, fields: ['snippet'] });
 * ```
 */
export type ThreadStream<S extends readonly ThreadFieldSpec[] = DefaultThreadFields> = Observable<SelectedThread<S>>;

/**
 * The threads of a Page's inbox as a cold, lazy Observable, newest first, following
 * Graph's paging cursors one page at a time.
 *
 * Nothing happens until you subscribe. Each page is requested only after the previous
 * page's threads were emitted, so `take(1)` makes exactly one request; unsubscribing
 * aborts the request in flight and requests nothing more. The walk stops when a page has
 * no `paging.next`. `next` URLs are followed only on `graphUrl`'s origin, without the
 * `access_token` Graph embeds in them, and with every option (and `appsecret_proof`)
 * kept on every page.
 *
 * The emitted type follows `fields`: with `fields: ['snippet', 'unread_count'] as const`
 * a thread has `id`, `updated_time`, `unread_count` (0 when Graph leaves it out) and
 * `snippet`, and nothing else; the decoder is built from the same list.
 *
 * Policy per page: `perPage` (e.g. `pipe(throttleByUsage({ throttle }), retryOnRateLimit())`)
 * wraps every page request, so a retry re-sends the failing page and the walk resumes.
 * A stale cursor (2642) restarts the walk from the first page, at most 3 times, and
 * threads already delivered are not emitted again.
 *
 * Errors: bad options fail at once with an `InvalidInputError` and no request; Graph
 * error bodies become `GraphApiError`; network failures, timeouts and non-JSON bodies
 * become `TransportError`; payloads that do not match the codec become `DecodeError`; a
 * `paging.next` or redirect to another origin, or a walk that stops progressing, becomes a
 * `PagingError`.
 *
 * A walk ends, whatever the server does: a run of pages that bring no thread not seen
 * earlier in the walk (a server answering the same page under fresh cursors) ends it
 * with a `paging-loop` PagingError after the real threads; such pages' threads are not
 * emitted again. `maxPages` adds a guard of your own.
 *
 * Under mutation: a thread that gets a new message during a walk moves to the front.
 * A walk emits each thread once (by `id`), however its pages shift. A plain walk
 * delivers every thread that did not move; a thread that moved while it ran comes with
 * the time the walk read it at, or is missed when it moved from a page not yet read to
 * one already read. `consistent: true` reads the top again at the end and delivers those
 * too, still each thread once. Diff by `updated_time` (see `pollDiff`) to follow changes.
 *
 * @example
 * ```ts
 * import { take } from 'rxjs';
 * import { conversations$, retryOnRateLimit } from 'rx-graph-conversations';
 *
 * conversations$('1001', { accessToken: process.env.PAGE_TOKEN ?? '', limit: 50, fields: ['snippet', 'unread_count'], perPage: retryOnRateLimit() })
 *   .pipe(take(10))
 *   .subscribe((thread) => console.log(thread.id, thread.updated_time.toISOString(), thread.unread_count, thread.snippet));
 * ```
 *
 * @param pageId - the Page id (digits), or `me` with a Page token.
 * @param opts - the access token, what to list, and which fields.
 * @returns the threads, one emission each.
 */
export function conversations$<const S extends readonly ThreadFieldSpec[] = DefaultThreadFields>(
  pageId: string,
  opts: ConversationsOptions<S>,
): ThreadStream<S> {
  const planned = withoutSecrets(
    opts,
    sequenceS(E.Apply)({
      client: createGraphClient(opts),
      pageId: validateNodeId('pageId', pageId),
      folder: validateFolder(opts?.folder),
      platform: validatePlatform(opts?.platform),
      userId: opts?.userId === undefined ? E.right(undefined) : validateNodeId('userId', opts.userId),
      limit: validateLimit(opts?.limit),
      fields: validateThreadFields(opts?.fields ?? DEFAULT_THREAD_FIELDS),
      maxPages: validateMaxPages(opts?.maxPages),
      maxRestarts: validateMaxRestarts(opts?.maxRestarts),
      consistent: flag('consistent', opts?.consistent),
      perPage: validatePerPage(opts?.perPage),
      prefetch: validatePrefetch(opts?.prefetch),
      onDecodeWarning: validateCallback<(warning: DecodeWarning) => void>('onDecodeWarning', opts?.onDecodeWarning),
    }),
  );
  if (planned._tag === 'Left') {
    const error = planned.left;
    return throwError(() => error);
  }
  const { client, folder, platform, userId, limit, fields, maxPages, maxRestarts, consistent, perPage, prefetch, onDecodeWarning } = planned.right;
  const plan = planEdge(
    { ...client, platform },
    pageId,
    'conversations',
    { fields: renderThreadFields(fields), limit, folder, platform, user_id: userId },
    onDecodeWarning,
  );
  const codec = threadCodecFor(fields as unknown as S);
  // updated_time is always requested, so a consistent walk can always read its mark.
  const consistentBy = consistent ? (thread: SelectedThread<S>) => thread.updated_time.getTime() : undefined;
  return walkEdge(plan, codec, 'conversations page', (thread) => thread.id, { maxPages, maxRestarts, consistentBy, perPage, prefetch });
}
