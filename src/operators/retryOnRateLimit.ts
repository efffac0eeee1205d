import { asyncScheduler, defer, filter, type MonoTypeOperatorFunction, type Observable, retry, type SchedulerLike, throwError } from 'rxjs';
import { WalkObservable } from '../conversations/walkObservable';
import { GraphError } from '../errors/graphError';
import { InvalidInputError } from '../errors/invalidInputError';
import { delay$ } from '../timing/delay';
import { checkMsOption, DEFAULT_MAX_WAIT_MS } from '../timing/limits';
import { askedWaitMs, retryDelayMs } from './retryDelay';

/**
 * What `onRetry` is told before each wait.
 *
 * @example
 * ```ts
 * const onRetry = ({ attempt, delayMs, error }: RetryInfo) => console.log(`retry ${attempt} in ${delayMs} ms:`, error.message);
 * ```
 */
export interface RetryInfo {
  /** 1 for the first retry of a request (or, on a stream that is not a walk, of the stream). */
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
  /** Identifies values for dedupe on streams that are not walks. Default `value.id` when it is a string. */
  key?: (value: T) => string | undefined;
  /** Source of jitter in [0, 1). Default `Math.random`. */
  random?: () => number;
  /** Where waits are scheduled. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
}

const DEFAULTS = { maxRetries: 5, baseDelayMs: 1000, maxDelayMs: 60_000, maxWaitMs: DEFAULT_MAX_WAIT_MS };

function isStaleCursor(error: unknown): boolean {
  return error instanceof GraphError && error.kind === 'invalid-cursor';
}

function defaultKey(value: unknown): string | undefined {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  return typeof id === 'string' ? id : undefined;
}

function checkConfig(config: RetryOnRateLimitConfig<never>): InvalidInputError | undefined {
  const { maxRetries, baseDelayMs, maxDelayMs, maxWaitMs } = { ...DEFAULTS, ...config };
  if (!Number.isInteger(maxRetries) || maxRetries < 0) return new InvalidInputError('maxRetries', 'expected a whole number >= 0');
  return checkMsOption('baseDelayMs', baseDelayMs) ?? checkMsOption('maxDelayMs', maxDelayMs, { min: baseDelayMs }) ?? checkMsOption('maxWaitMs', maxWaitMs);
}

/**
 * Retries what a later attempt can fix: rate limits (codes 4, 17, 32, 613, 80001-80014),
 * Graph server failures (5xx, `is_transient`), network failures, timeouts and cut-off
 * bodies. Never auth, permission, invalid-request or decode errors. A stale cursor
 * (2642) restarts the walk from its first page, skipping threads already delivered.
 *
 * Applied to a walk (`conversations$`, `messages$`, `mergeFolders`, or anything built on
 * the same paginator), it retries the failing page itself: the walk resumes where it
 * failed, pages before the failure are not requested again, and each thread is
 * delivered at most once (by id). A thread that moved to the front while the walk ran
 * may be missed (it moved from a page not yet read to one already read); a walk made
 * with `consistent: true` reads the top again and delivers it. Retries count per
 * request. Keep it right after the walk (or after `throttleByUsage`): another operator
 * in between makes it an ordinary stream.
 *
 * Applied to any other stream, it re-subscribes the whole stream and skips values whose
 * `key` was already delivered; retries then count for the whole subscription.
 *
 * Each wait is at least what Graph asked (`Retry-After`, `estimated_time_to_regain_access`),
 * otherwise exponential backoff with full jitter capped by `maxDelayMs`. After
 * `maxRetries` the last error is passed on, unchanged. When Graph asks for more than
 * `maxWaitMs` (default 15 minutes), nothing is retried: the stream ends at once with that
 * error, its `retryAfterMs` set to what Graph asked, never a shorter retry. A hint that is
 * not a finite number >= 0 (`Retry-After: 1e400`, a negative figure) is ignored and the
 * ordinary backoff applies.
 *
 * @example
 * ```ts
 * conversations$('1001', { accessToken, limit: 100 })
 *   .pipe(retryOnRateLimit({ maxRetries: 8, onRetry: ({ attempt, delayMs, error }) => console.log(attempt, delayMs, error.kind) }))
 *   .subscribe((thread) => console.log(thread.id));
 * // t_1 ... t_100, then a 613 on page 2 prints: 1 1730 rate-limit
 * // and the walk goes on with page 2: t_101 ...
 * ```
 *
 * @param config - limits, backoff and hooks.
 * @return an operator that retries without restarting walks.
 */
export function retryOnRateLimit<T>(config: RetryOnRateLimitConfig<T> = {}): MonoTypeOperatorFunction<T> {
  const invalid = checkConfig(config as RetryOnRateLimitConfig<never>);
  if (invalid !== undefined) return () => throwError(() => invalid);
  const settings = { ...DEFAULTS, ...config };
  const random = config.random ?? Math.random;
  const scheduler = config.scheduler ?? asyncScheduler;
  const key = config.key ?? defaultKey;

  const waitFor = (error: unknown, attempt: number, alsoRetry: (error: unknown) => boolean): Observable<unknown> => {
    const retryable = error instanceof GraphError && (error.retryable || alsoRetry(error));
    // Past the ceiling, any earlier retry is a wasted call that lengthens the block.
    if (!retryable || askedWaitMs(error) > settings.maxWaitMs || config.shouldRetry?.(error, attempt) === false) return throwError(() => error);
    const delayMs = retryDelayMs(error, attempt, settings, random);
    config.onRetry?.({ attempt, delayMs, error });
    return delay$(delayMs, scheduler);
  };

  return (source) => {
    if (source instanceof WalkObservable) {
      return (source as WalkObservable<T>).withPolicy({
        retry: (request) => request.pipe(retry({ count: settings.maxRetries, delay: (error, attempt) => waitFor(error, attempt, () => false) })),
        restartOn: (error, restarts) => isStaleCursor(error) && restarts <= settings.maxRetries,
        dedupe: true,
      });
    }
    return defer(() => {
      const delivered = new Set<string>();
      const firstTime = (value: T) => {
        const k = key(value);
        if (k === undefined) return true;
        if (delivered.has(k)) return false;
        delivered.add(k);
        return true;
      };
      return source.pipe(
        retry({ count: settings.maxRetries, delay: (error, attempt) => waitFor(error, attempt, isStaleCursor) }),
        filter(firstTime),
      );
    });
  };
}
