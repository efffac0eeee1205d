/**
 * Asks Graph, thread by thread, whether threads still exist: the ready-made removal
 * confirmation for `pollDiff({ confirmRemoved })`.
 */
import { sequenceS } from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import { catchError, defer, EMPTY, from, map, mergeMap, type Observable, of, throwError, toArray } from 'rxjs';
import { GraphApiError } from '../errors/graphApiError';
import { InvalidInputError } from '../errors/invalidInputError';
import { showInput } from '../errors/showInput';
import { graphGet } from '../graph/graphGet';
import { createGraphClient, withoutSecrets, type GraphClient, type GraphClientOptions } from '../graph/client';
import type { PagePolicy, WalkPage } from './page';
import { wholeNumber } from '../options/check';
import { validateNodeId, validatePerPage } from './params';

/**
 * Options of {@link confirmRemovedThreads}: how to reach Graph, and how many lookups at once.
 *
 * @example
 * ```ts
 * const opts: ConfirmRemovedOptions = { accessToken, concurrency: 2 };
 * ```
 */
export interface ConfirmRemovedOptions extends GraphClientOptions {
  /** How many `GET /{thread-id}` requests are in flight at once, 1..32. Default 4. */
  concurrency?: number;
  /**
   * A policy for each lookup, like `perPage` of `conversations$` (give it the same one):
   * `retryOnRateLimit()` re-sends the one lookup that failed, `throttleByUsage` delays it.
   * A lookup goes through it as a page without items.
   */
  perRequest?: PagePolicy;
}

export const DEFAULT_CONFIRM_CONCURRENCY = 4;
const MAX_CONFIRM_CONCURRENCY = 32;

/**
 * Graph's answer for an object that is not there: code 100 with subcode 33
 * ("Unsupported get request. Object with ID '...' does not exist, cannot be loaded due to
 * missing permissions, or does not support this operation"), type GraphMethodException.
 * Decided by code, subcode and type, never by the wording; a body without the subcode
 * counts only with that type, since code 100 alone also means a refused parameter.
 */
export function isMissingObject(error: unknown): boolean {
  if (!(error instanceof GraphApiError) || error.code !== 100) return false;
  return error.subcode === 33 || (error.subcode === undefined && error.type === 'GraphMethodException');
}

const NO_ITEMS: readonly never[] = Object.freeze([]);

/** The id when Graph says the thread does not exist; nothing when it answers with the thread. */
function lookup(client: GraphClient, id: string, perRequest: PagePolicy): Observable<string> {
  // One path segment: thread ids carry `.` and `:`.
  const request = graphGet(`${client.baseUrl}/${encodeURIComponent(id)}?fields=id`, client).pipe(
    map((response): WalkPage<unknown> => ({ items: NO_ITEMS, next: undefined, usage: response.usage })),
  );
  // The missing object is an answer, not a failure: read after the policy, never retried.
  return perRequest(request).pipe(
    mergeMap(() => EMPTY),
    catchError((error: unknown) => (isMissingObject(error) ? of(id) : throwError(() => error))),
  );
}

/**
 * Builds the `confirmRemoved` function of `pollDiff` that asks Graph itself: for each id
 * two full scans missed, `GET /{thread-id}?fields=id`, a few at a time (`concurrency`),
 * with the same client as the walks (token in the header, `appsecret_proof`, timeouts,
 * size caps, redaction). An id is gone when Graph answers that the object does not
 * exist (code 100, subcode 33); an id it answers with a thread still exists. Any other
 * error fails the whole confirmation with that error: a retryable one (rate limit, 5xx,
 * network) makes `pollDiff` keep the candidates suspected until its next full scan, any
 * other ends the poll loop. To retry lookups instead, give `perRequest: retryOnRateLimit()`
 * (it re-sends the one lookup that failed).
 *
 * Cost: one request per candidate, and candidates appear only after two full scans in a
 * row missed a thread, so a deletion costs one request, once.
 *
 * The uncomfortable edge: a thread node has no folder, so a thread that left the polled
 * folders still exists and is not removed. Use it when the polled stream covers every
 * folder a thread can be in (`mergeFolders(FOLDERS, ...)`); for a single-folder poll the
 * default (two missed full scans) reports a move out of the folder as a removal.
 *
 * @example
 * ```ts
 * const opts = { accessToken };
 * mergeFolders(FOLDERS, (folder) => conversations$(pageId, { ...opts, folder }))
 *   .pipe(pollDiff({ intervalMs: 30_000, confirmRemoved: confirmRemovedThreads(opts) }))
 *   .subscribe((change) => console.log(change.type, change.thread.id));
 * // removed t_mid.1460972291234:77aa00bb11   (only once Graph says it does not exist)
 * ```
 *
 * @param opts - the connection options of the walks, plus `concurrency`.
 * @returns a function from ids to a cold Observable of the ids that are gone (in the
 * order given, each once), which fails with an `InvalidInputError` on bad options or ids.
 */
export function confirmRemovedThreads(opts: ConfirmRemovedOptions): (ids: readonly string[]) => Observable<string[]> {
  const checked = withoutSecrets(opts, sequenceS(E.Apply)({
      client: createGraphClient(opts),
      concurrency: wholeNumber('concurrency', opts?.concurrency, { min: 1, max: MAX_CONFIRM_CONCURRENCY }),
      perRequest: validatePerPage(opts?.perRequest, 'perRequest'),
    }));
  return (ids) =>
    defer(() => {
      if (checked._tag === 'Left') return throwError(() => checked.left);
      const { client, concurrency = DEFAULT_CONFIRM_CONCURRENCY } = checked.right;
      const perRequest: PagePolicy = checked.right.perRequest ?? ((request) => request);
      if (!Array.isArray(ids)) return throwError(() => new InvalidInputError('ids', `expected a list of thread ids, got ${showInput(ids)}`));
      for (const id of ids) {
        const valid = withoutSecrets(opts, validateNodeId('ids', id));
        if (valid._tag === 'Left') return throwError(() => valid.left);
      }
      const unique = [...new Set(ids)];
      return from(unique).pipe(
        mergeMap((id) => lookup(client, id, perRequest), concurrency),
        toArray(),
        map((found) => {
          const gone = new Set(found);
          return unique.filter((id) => gone.has(id));
        }),
      );
    });
}
