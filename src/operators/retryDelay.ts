import { usagePeak } from '../codecs/usage';
import { GraphApiError } from '../errors/graphApiError';

/** Backoff settings, all in milliseconds. */
export interface BackoffSettings {
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

/**
 * How long Graph asked us to wait: `Retry-After`, or `estimated_time_to_regain_access`
 * from the usage headers of the failing response, whichever is longer; 0 when it said
 * nothing.
 */
export function askedWaitMs(error: unknown): number {
  if (!(error instanceof GraphApiError)) return 0;
  const regain = error.usage === undefined ? 0 : usagePeak(error.usage).regainAccessMs;
  return Math.max(error.retryAfterMs ?? 0, regain);
}

/**
 * The wait before retry number `attempt` (1-based): exponential backoff with full
 * jitter (`random() * min(max, base * 2^(attempt-1))`), but never less than Graph asked.
 * What Graph asks is not capped by `maxDelayMs`: calling earlier lengthens the block.
 */
export function retryDelayMs(error: unknown, attempt: number, settings: BackoffSettings, random: () => number): number {
  const ceiling = Math.min(settings.maxDelayMs, settings.baseDelayMs * 2 ** (attempt - 1));
  return Math.max(askedWaitMs(error), Math.floor(ceiling * random()));
}
