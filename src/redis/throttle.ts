import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Apply } from 'fp-ts/lib/Either.js';
import { defer, from, mergeMap, type Observable, of, tap } from 'rxjs';
import type { GraphUsage } from '../codecs/usage';
import type { WithUsage } from '../conversations/page';
import { GraphApiError } from '../errors/graphApiError';
import type { RequestGate } from '../operators/throttleGate';
import { milliseconds, orThrow, percentage, wholeNumber } from '../options/check';
import { delay$ } from '../timing/delay';
import { DEFAULT_MAX_WAIT_MS } from '../timing/limits';
import { usageReading, type ThrottleState } from '../operators/usageThrottle';
import { DEFAULT_PREFIX, run, type RedisClient } from './client';
import { READ, RECORD, RESERVE } from './scripts';

/**
 * Options of {@link redisUsageThrottle}.
 *
 * @example
 * ```ts
 * const options: RedisUsageThrottleOptions = { maxRequests: 600, windowMs: 60_000, threshold: 75, maxWaitMs: 600_000 };
 * ```
 */
export interface RedisUsageThrottleOptions {
  /** Hard cap: at most this many requests start in any `windowMs`, across every worker. Default: no cap. */
  readonly maxRequests?: number;
  /** The window of `maxRequests`, in ms. Default 60000, at most 2^31-1. */
  readonly windowMs?: number;
  /** As in `createUsageThrottle`: the usage percentage from which requests are spaced out. Default 75. */
  readonly threshold?: number;
  /** As in `createUsageThrottle`: the spacing at 100% usage. Default 60000 ms. */
  readonly maxDelayMs?: number;
  /**
   * As in `createUsageThrottle`: a regain time Graph gives past this is held as this long
   * (also one left in Redis by another process). Default 900000 (15 minutes). The budget's
   * hash expires once no regain time or spacing is pending plus `maxDelayMs + maxWaitMs`,
   * so a budget nobody uses does not stay in Redis.
   */
  readonly maxWaitMs?: number;
  /** Prefix of every key; default `rxgc:`. The budget lives in `{prefix}{name}` and `{prefix}{name}:starts`. */
  readonly prefix?: string;
  /** The budget's name, one per app (or per token); default `throttle`. */
  readonly name?: string;
}

/**
 * The throttle {@link redisUsageThrottle} makes: a `RequestGate` for `throttleByUsage`,
 * and the shared state to read.
 *
 * @example
 * ```ts
 * const throttle: RedisUsageThrottle = redisUsageThrottle(redis, { maxRequests: 200, windowMs: 60_000 });
 * const { percent } = await throttle.state();
 * ```
 */
export interface RedisUsageThrottle extends RequestGate {
  /** The shared state as Redis holds it now (times in ms since epoch, by Redis's clock). */
  state(): Promise<ThrottleState>;
  /**
   * Folds a usage report into the shared state (e.g. from `onUsage`); resolves once Redis
   * has it. A failed write rejects here; the reports `wrap` makes itself are not waited
   * for by the request (a lost one only makes the next slots a little early).
   */
  record(usage: GraphUsage): Promise<void>;
  /** Resolves once every report started so far (by `record` or `wrap`) is written or has failed. */
  idle(): Promise<void>;
}

/**
 * A usage throttle shared by every process that uses the same Redis and name: pass it to
 * `throttleByUsage({ throttle })`. Each request reserves its slot with one Lua script,
 * atomically: the slot the in-process throttle would give (after Graph's regain time, and
 * spaced out once usage passes `threshold`), and, with `maxRequests`, no sooner than
 * `windowMs` after the `maxRequests`-th previous start, so no window of `windowMs` holds
 * more than `maxRequests` starts across all workers. Usage headers of any response are
 * folded into the shared state. Slots use Redis's clock; waits happen in the worker.
 *
 * With the polling workers of `rx-graph-conversations/workers`, BullMQ's limiter caps the
 * polls and its manual rate limit answers a 613; this throttle stays for what BullMQ has
 * no equivalent for: pacing each request by Graph's usage headers (a fixed-rate job
 * limiter cannot slow down as `X-App-Usage` climbs, nor count a poll's several requests).
 *
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { redisUsageThrottle } from 'rx-graph-conversations/redis';
 * const throttle = redisUsageThrottle(new Redis(process.env.REDIS_URL!), { maxRequests: 200, windowMs: 60_000 });
 * conversations$(pageId, { ...opts, perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit()) });
 * // four workers together start at most 200 requests a minute
 * ```
 *
 * @param client - an ioredis client.
 * @param options - the cap, the usage thresholds, and key names.
 * @returns the throttle, with `state()` to read the shared state.
 */
export function redisUsageThrottle(client: RedisClient, options: RedisUsageThrottleOptions = {}): RedisUsageThrottle {
  const threshold = options.threshold ?? 75;
  const maxDelayMs = options.maxDelayMs ?? 60_000;
  const maxRequests = options.maxRequests ?? 0;
  const windowMs = options.windowMs ?? 60_000;
  const maxWaitMs = options.maxWaitMs ?? DEFAULT_MAX_WAIT_MS;
  orThrow(
    sequenceS(Apply)({
      threshold: percentage('threshold', threshold),
      maxDelayMs: milliseconds('maxDelayMs', maxDelayMs),
      maxWaitMs: milliseconds('maxWaitMs', maxWaitMs),
      maxRequests: wholeNumber('maxRequests', maxRequests, { min: 0 }),
      windowMs: milliseconds('windowMs', windowMs, { min: 0, aboveMin: true }),
    }),
  );
  const key = `${options.prefix ?? DEFAULT_PREFIX}${options.name ?? 'throttle'}`;
  const pending = new Set<Promise<void>>();
  const record = (usage: GraphUsage): Promise<void> => {
    // Read as in memory, so the script only ever sees finite figures (Lua cannot read
    // Infinity); an untrusted percentage is sent as '', which leaves the stored one.
    const { percent, regainMs } = usageReading(usage, maxWaitMs);
    const written = run(client, RECORD, [key], [percent ?? '', regainMs, maxDelayMs, maxWaitMs]).then(() => undefined);
    const tracked = written.catch(() => undefined).finally(() => pending.delete(tracked));
    pending.add(tracked);
    return written;
  };
  // A request does not wait for its report: a lost one only makes the next slots a little early.
  const report = (usage: GraphUsage) => void record(usage).catch(() => undefined);
  return {
    record,
    idle: async () => {
      await Promise.all([...pending]);
    },
    state: async () => {
      const [percent, regainAt, lastStartAt] = (await run(client, READ, [key], [])) as Array<string | null>;
      return { percent: Number(percent ?? 0), regainAt: Number(regainAt ?? 0), lastStartAt: lastStartAt === null || lastStartAt === undefined ? undefined : Number(lastStartAt) };
    },
    wrap: <P extends WithUsage>(request: Observable<P>): Observable<P> =>
      defer(() => from(run(client, RESERVE, [key, `${key}:starts`], [threshold, maxDelayMs, maxRequests, Math.ceil(windowMs), maxWaitMs]))).pipe(
        mergeMap((wait) => (Number(wait) > 0 ? delay$(Number(wait)) : of(0))),
        mergeMap(() => request),
        tap({
          next: (page) => {
            if (page.usage !== undefined) report(page.usage);
          },
          error: (error: unknown) => {
            if (error instanceof GraphApiError && error.usage !== undefined) report(error.usage);
          },
        }),
      ),
  };
}
