/** The worker's answer to Graph saying "too many calls": pure, so it is tested alone. */
import { GraphApiError } from '../errors/graphApiError';

/**
 * How long every worker should stop starting polls after `error`, in ms, or `undefined`
 * when the error is not Graph's rate limit (613, 80006 and the other rate-limit codes).
 * What Graph asks (`Retry-After`, `estimated_time_to_regain_access`) is waited in full,
 * never less than `fallbackMs` when it asks for nothing or for 0 (Graph's usage headers
 * often say 0 while the limit holds).
 */
export function rateLimitWaitMs(error: unknown, fallbackMs: number): number | undefined {
  if (!(error instanceof GraphApiError) || error.kind !== 'rate-limit') return undefined;
  return Math.max(error.retryAfterMs ?? 0, fallbackMs);
}
