import { sequenceS } from 'fp-ts/lib/Apply.js';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { type Observable, takeWhile, throwError } from 'rxjs';
import { messageCodecFor, renderMessageFields, type SelectedMessage } from '../codecs/fields';
import type { MessageField } from '../codecs/message';
import type { DecodeWarning } from '../codecs/salvage';
import { GraphDateTime } from '../codecs/time';
import { InvalidInputError } from '../errors/invalidInputError';
import { showInput } from '../errors/showInput';
import { createGraphClient, withoutSecrets, type GraphClientOptions } from '../graph/client';
import { planEdge, walkEdge } from './edgeWalk';
import { historyLimitPolicy, orBareMessage, type BareMessage } from './historyLimit';
import { DEFAULT_MESSAGE_FIELDS, validateLimit, validateMaxPages, validateMaxRestarts, validateMessageFields, validateCallback, validateNodeId, validatePerPage, validatePrefetch, type DefaultMessageFields } from './params';
import type { PagePolicy } from './page';

/**
 * Options of {@link messages$}.
 *
 * @example
 * ```ts
 * const opts: MessagesOptions = { accessToken, limit: 50, fields: ['message', 'from', 'attachments'] };
 * ```
 */
export interface MessagesOptions<F extends readonly MessageField[] = readonly MessageField[]> extends GraphClientOptions {
  /** Page size, 1..100. */
  limit?: number;
  /** Message fields to request, and the type emitted; `id` and `created_time` are always added. Default {@link DEFAULT_MESSAGE_FIELDS}. */
  fields?: F;
  /**
   * When Graph refuses older messages (Instagram lets apps read only the 20 most recent:
   * it lists older ones by `id` alone, or answers "does not exist", code 100/33, for a
   * page of them): `complete` (default) ends the stream after the readable ones; `error`
   * ends it with kind `history-limit` (a `GraphApiError` for Graph's answer, a
   * `PagingError` for bare ids).
   */
  historyLimit?: 'complete' | 'error';
  /**
   * The most pages the walk requests; with more to read, it ends after that page's
   * messages with a `paging-loop` PagingError that says `maxPages` was reached. A positive
   * safe integer; no limit by default.
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
   * A policy applied to each page request, as for `conversations$`: a retry re-sends the
   * failing page, a throttle delays the request. See {@link PagePolicy}.
   */
  perPage?: PagePolicy;
  /**
   * Pages requested ahead: `1` requests each next page as soon as the current page's body
   * has arrived, while that page is parsed, decoded and emitted (its `next` read from the
   * raw body, used only if it is the decoded `next`), so the network overlaps the client's
   * work. `0` (default): a page is requested only once the previous page's items were
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
   * {@link DecodeWarning}. A broken required field (`id`, `created_time`) still fails the
   * walk with a `DecodeError`. `null` in an optional field is Graph's "absent" and is no warning.
   */
  onDecodeWarning?: (warning: DecodeWarning) => void;
}

/**
 * A message as `messages$` emits it: the fields asked for, plus `created_time`.
 *
 * @example
 * ```ts
 * const show = (m: WalkedMessage<readonly ['message']>) => `${m.created_time.toISOString()} ${m.message ?? ''}`;
 * ```
 */
export type WalkedMessage<F extends readonly MessageField[]> = SelectedMessage<F> & { created_time: Date };

/**
 * The messages of one thread, newest first, as a cold, lazy Observable over the
 * thread's own paging: the same paginator, options and errors as {@link conversations$}
 * (`perPage` for `throttleByUsage` and `retryOnRateLimit` on each page). The emitted type
 * follows `fields`.
 *
 * For Instagram threads Graph lets apps read only the 20 most recent messages: older
 * entries come back with `id` alone, or a page of them answers Graph's "does not exist"
 * (code 100, subcode 33). By default the stream then completes after the readable
 * messages, so a walk over many threads goes on; with `historyLimit: 'error'` it errors
 * with kind `history-limit` after them.
 *
 * @example
 * ```ts
 * messages$('t_mid.1460972298060:1e3b607d4aac03ef23', { accessToken, fields: ['message', 'from'], perPage: retryOnRateLimit() })
 *   .pipe(take(20))
 *   .subscribe((m) => console.log(m.created_time.toISOString(), m.from?.id, m.message));
 * ```
 *
 * @param conversationId - the thread id, as `conversations$` emits it.
 * @param opts - the access token, page size, fields.
 * @returns the messages, newest first.
 */
export function messages$<const F extends readonly MessageField[] = DefaultMessageFields>(
  conversationId: string,
  opts: MessagesOptions<F>,
): Observable<WalkedMessage<F>> {
  const historyLimit = opts?.historyLimit ?? 'complete';
  const checked = withoutSecrets(opts, sequenceS(E.Apply)({
    client: createGraphClient(opts),
    id: validateNodeId('conversationId', conversationId),
    limit: validateLimit(opts?.limit),
    fields: validateMessageFields('fields', opts?.fields ?? DEFAULT_MESSAGE_FIELDS),
    maxPages: validateMaxPages(opts?.maxPages),
    maxRestarts: validateMaxRestarts(opts?.maxRestarts),
    perPage: validatePerPage(opts?.perPage),
    prefetch: validatePrefetch(opts?.prefetch),
    onDecodeWarning: validateCallback<(warning: DecodeWarning) => void>('onDecodeWarning', opts?.onDecodeWarning),
    historyLimit:
      historyLimit === 'complete' || historyLimit === 'error'
        ? E.right(historyLimit)
        : E.left(new InvalidInputError('historyLimit', `expected 'complete' or 'error', got ${showInput(historyLimit)}`)),
  }));
  if (checked._tag === 'Left') {
    const error = checked.left;
    return throwError(() => error);
  }
  const { client, limit, fields, maxPages, maxRestarts, perPage, prefetch, onDecodeWarning } = checked.right;
  const plan = planEdge(client, conversationId, 'messages', { fields: renderMessageFields(fields, ['id', 'created_time']), limit }, onDecodeWarning);
  const codec = t.intersection([t.type({ created_time: GraphDateTime }), messageCodecFor(fields as unknown as F) as unknown as t.Mixed]) as unknown as t.Type<
    WalkedMessage<F>,
    unknown,
    unknown
  >;
  const around = historyLimitPolicy<WalkedMessage<F> | BareMessage>(historyLimit, client.redact);
  // Bare ids never pass the policy (it cuts the page before the first), so only messages are emitted.
  return walkEdge(plan, orBareMessage(codec), 'messages page', (message) => message.id, { around, maxPages, maxRestarts, perPage, prefetch }) as Observable<WalkedMessage<F>>;
}

/**
 * The messages of one thread newer than `since`, newest first: stops reading (and
 * requesting pages) at the first message at or before `since`. Graph has no time-based
 * paging on this edge, so this is how a dashboard fetches only what is new.
 *
 * @example
 * ```ts
 * const lastSeen = new Date('2024-03-01T12:00:00Z');
 * messagesSince$(threadId, lastSeen, { accessToken }).subscribe((m) => console.log('new:', m.message));
 * ```
 *
 * @param conversationId - the thread id.
 * @param since - messages created at or before this time are not read.
 * @param opts - as for {@link messages$}.
 * @returns the newer messages, newest first.
 */
export function messagesSince$<const F extends readonly MessageField[] = DefaultMessageFields>(
  conversationId: string,
  since: Date,
  opts: MessagesOptions<F>,
): Observable<WalkedMessage<F>> {
  if (!(since instanceof Date) || Number.isNaN(since.getTime())) {
    return throwError(() => new InvalidInputError('since', 'expected a valid Date'));
  }
  const cutoff = since.getTime();
  return messages$(conversationId, opts).pipe(takeWhile((message) => message.created_time.getTime() > cutoff));
}
