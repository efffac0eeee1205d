import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Apply, right } from 'fp-ts/lib/Either.js';
import { asyncScheduler, defer, filter, type MonoTypeOperatorFunction, type Observable, retry, type SchedulerLike, throwError } from 'rxjs';
import type { WalkPage } from '../conversations/page';
import { GraphError } from '../errors/graphError';
import { callable, type Checked, milliseconds, optionsObject, wholeNumber } from '../options/check';
import { delay$ } from '../timing/delay';
import { DEFAULT_MAX_WAIT_MS } from '../timing/limits';
import { askedWaitMs, retryDelayMs } from './retryDelay';
import { KeySet } from '../conversations/keySet';

/**
 * What `onRetry` is told before each wait.
 *
 * @example
 * ```ts
 * const onRetry = ({ attempt, delayMs, error }: RetryInfo) => console.log(`retry ${attempt} in ${delayMs} ms:`, error.message);
 * ```
 */
export interface RetryInfo {
  /** 1 for the first retry since this operator was subscribed (per page request inside `perPage`). */
  readonly attempt: number;
  /** How long the operator waits before retrying. */
  readonly delayMs: number;
  /** The error being retried; library errors are already free of secrets. */
  readonly error: GraphError;
}

/**
 * Settings of {@link retryOnRateLimit}.
 *
 * @example
 * ```ts
 * const config: RetryOnRateLimitConfig = { maxRetries: 8, baseDelayMs: 2000, maxDelayMs: 120_000, maxWaitMs: 3_600_000 };
 * ```
 */
export interface RetryOnRateLimitConfig<T = unknown> {
  /** Retries per failing request before giving up with its error, unchanged. Default 5. */
  maxRetries?: number;
  /** The first backoff ceiling. Default 1000 ms. At most 2^31-1 ms, like every option that ends up in a timer. */
  baseDelayMs?: number;
  /** The largest backoff ceiling. Default 60000 ms. What Graph asks for is waited in full, up to `maxWaitMs`. */
  maxDelayMs?: number;
  /**
   * The longest wait Graph may ask for (`Retry-After`, `estimated_time_to_regain_access`)
   * that is still waited. A longer one is not retried at all, and never retried sooner:
   * the stream ends at once with that rate-limit error, whose `retryAfterMs` says how long
   * Graph asked for, so a job scheduler can come back then. Default 900000 (15 minutes): a
   * stream should not sit for hours on a wait with nothing to show for it, and a process
   * that runs for days is better served by a scheduler than by a timer. At most
   * 2^31-1 ms (about 24.8 days), the longest a timer can hold.
   */
  maxWaitMs?: number;
  /** Narrows what is retried; it is asked only about retryable errors. Default: all of them. */
  shouldRetry?: (error: GraphError, attempt: number) => boolean;
  /** Told about every retry before its wait. */
  onRetry?: (info: RetryInfo) => void;
  /**
   * On a stream, a re-subscribe emits again what was emitted before the error. `true`
   * drops a value whose `id` (a string) was already emitted since subscribe; a function
   * gives the key instead (`undefined`: always emit). Default `false`, as RxJS `retry`:
   * dedupe keeps a 53-bit hash of every key emitted for as long as the subscription lasts
   * (at most 16 bytes a key; two keys with the same hash, about n²/2⁵⁴ for n keys, would
   * hold back the second). Not needed
   * inside `perPage`, where a retry re-sends one page and nothing was emitted yet.
   */
  dedupe?: boolean | ((value: T) => string | undefined);
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Where waits are scheduled. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

const DEFAULTS = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000, maxWaitMs: DEFAULT_MAX_WAIT_MS };

function defaultKey(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function checkConfig(config: RetryOnRateLimitConfig<never>): Checked<unknown> {
  const { maxRetries, baseDelayMs, maxDelayMs, maxWaitMs, dedupe } = { ...DEFAULTS, ...config };
  return sequenceS(Apply)({
    options: optionsObject('config', config, 'an object such as { maxRetries: 5 }'),
    maxRetries: wholeNumber('maxRetries', maxRetries, { min: 0 }),
    dedupe: typeof dedupe === 'boolean' ? right(dedupe) : callable('dedupe', dedupe, 'true, false or a key function'),
    onRetry: callable('onRetry', config.onRetry, 'a function (info) => void'),
    baseDelayMs: milliseconds('baseDelayMs', baseDelayMs),
    maxDelayMs: milliseconds('maxDelayMs', maxDelayMs, { min: typeof baseDelayMs === 'number' ? baseDelayMs : 0 }),
    maxWaitMs: milliseconds('maxWaitMs', maxWaitMs),
  });
}

/**
 * Retries what a later attempt can fix: rate limits (codes 4, 17, 32, 613, 80001-80014),
 * Graph server failures (5xx, `is_transient`), network failures, timeouts and cut-off
 * bodies. Never auth, permission, invalid-request, stale-cursor or decode errors.
 *
 * A plain operator, like RxJS `retry`: on an error it waits, then re-subscribes its
 * source. What that re-sends depends on where it stands, and only on that:
 * - in `perPage` of `conversations$` / `messages$`, its source is one page request: a
 *   retry re-sends that page, the walk resumes where it failed, and nothing is emitted
 *   twice. This is where it belongs on a walk.
 * - on a stream (`walk.pipe(map(...), retryOnRateLimit())`), a retry re-subscribes the
 *   whole stream: a walk starts again from its first page, and values emitted before the
 *   error are emitted again, unless `dedupe` (off by default) drops those whose id was
 *   already emitted.
 *
 * Retries count from subscription: per page request inside `perPage`, for the whole
 * stream outside. Two of them nest like any two operators: the inner one spends its
 * retries and passes the error on, then the outer one re-subscribes the inner one, whose
 * count starts again (`pipe(retryOnRateLimit({ maxRetries: 5 }), retryOnRateLimit({ maxRetries: 1 }))`
 * tries 12 times).
 *
 * Each wait is at least what Graph asked (`Retry-After`, `estimated_time_to_regain_access`),
 * otherwise exponential backoff with full jitter capped by `maxDelayMs`. After
 * `maxRetries` the last error is passed on, unchanged. When Graph asks for more than
 * `maxWaitMs` (default 15 minutes), nothing is retried: the stream ends at once with that
 * error, its `retryAfterMs` set to what Graph asked, never a shorter retry. A hint that is
 * not a finite number >= 0 (`Retry-After: 1e400`, a negative figure) is ignored and the
 * ordinary backoff applies.
 *
 * ## Example
 * ```ts
 * conversations$('1001', { accessToken, limit: 100, perPage: retryOnRateLimit({ maxRetries: 8, onRetry: ({ attempt, delayMs, error }) => console.log(attempt, delayMs, error.kind) }) })
 *   .subscribe((thread) => console.log(thread.id));
 * // t_1 ... t_100, then a 613 on page 2 prints: 1 1730 rate-limit
 * // and the walk goes on with page 2: t_101 ...
 * ```
 *
 * @example
 * On a stream: re-subscribe, dropping what was emitted already.
 * ```ts
 * conversations$('1001', { accessToken }).pipe(map((t) => ({ id: t.id, snippet: t.snippet })), retryOnRateLimit({ dedupe: true }));
 * ```
 *
 * @typeParam T - what the source emits; when nothing says (`const perPage = retryOnRateLimit()`), a page of a walk.
 * @param config - limits, backoff, dedupe and hooks.
 * @return an operator that re-subscribes its source after what Graph asks to wait.
 * @see {@link PagePolicy}
 */
export function retryOnRateLimit<T = WalkPage<unknown>>(config: RetryOnRateLimitConfig<T> = {}): MonoTypeOperatorFunction<T> {
  const checked = checkConfig(config as RetryOnRateLimitConfig<never>);
  if (checked._tag === 'Left') return () => throwError(() => checked.left);
  const settings = { ...DEFAULTS, ...config };
  const random = config.random ?? Math.random;
  const scheduler = config.scheduler ?? asyncScheduler;
  const key = config.dedupe === true ? defaultKey : typeof config.dedupe === 'function' ? config.dedupe : undefined;

  const waitFor = (error: unknown, attempt: number): Observable<unknown> => {
    // Past the ceiling, any earlier retry is a wasted call that lengthens the block.
    if (!(error instanceof GraphError) || !error.retryable || askedWaitMs(error) > settings.maxWaitMs || config.shouldRetry?.(error, attempt) === false) return throwError(() => error);
    const delayMs = retryDelayMs(error, attempt, settings, random);
    config.onRetry?.({ attempt, delayMs, error });
    return delay$(delayMs, scheduler);
  };

  return (source) => {
    const retried = source.pipe(retry({ count: settings.maxRetries, delay: waitFor }));
    if (key === undefined) return retried;
    return defer(() => {
      // Hashes, not the ids: at most 16 bytes per value emitted (see KeySet).
      const emitted = new KeySet();
      return retried.pipe(
        filter((value) => {
          const k = key(value);
          return k === undefined || emitted.add(k);
        }),
      );
    });
  };
}
