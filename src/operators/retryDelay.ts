import { usagePeak } from '../codecs/usage';
import { GraphApiError } from '../errors/graphApiError';
import { longestHintMs } from '../timing/hints';

/** Backoff settings, all in milliseconds. */
export interface BackoffSettings {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * How long Graph asked us to wait: `Retry-After`, or `estimated_time_to_regain_access`
 * from the usage headers of the failing response, whichever is longer; 0 when it said
 * nothing. The client already folds both into `retryAfterMs`; the usage is read again
 * for errors built elsewhere (tests, other clients). A hint that is not a finite number
 * >= 0 is ignored, not trusted.
 */
export function askedWaitMs(error: unknown): number {
  if (!(error instanceof GraphApiError)) return 0;
  const regain = error.usage === undefined ? undefined : usagePeak(error.usage).regainAccessMs;
  return longestHintMs(error.retryAfterMs, regain) ?? 0;
}

/**
 * The wait before retry number `attempt` (1-based): exponential backoff with full
 * jitter (`random() * min(max, base * 2^(attempt-1))`), but never less than Graph asked.
 * What Graph asks is not capped by `maxDelayMs`: calling earlier lengthens the block.
 * (A wait asked past the caller's ceiling is not retried at all: see retryOnRateLimit.)
 */
export function retryDelayMs(error: unknown, attempt: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(askedWaitMs(error), Math.floor(ceiling * random()));
}
