import { InvalidInputError } from '../errors/invalidInputError';

/**
 * The longest delay a JavaScript timer can hold: 2^31 - 1 ms, about 24.8 days. Node and
 * browsers fire a longer (or non-finite) `setTimeout` after 1 ms instead, so a wait past
 * it would turn into a burst of requests.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The default ceiling on a wait the server asks for: 15 minutes. A stream should not sit
 * for hours on a wait with nothing to show for it; past the ceiling it ends with the
 * rate-limit error, whose `retryAfterMs` tells a job scheduler when to come back.
 */
export const DEFAULT_MAX_WAIT_MS = 15 * 60_000;

/** The bounds of a millisecond option; `min` is inclusive unless `aboveMin`. */
export interface MsRange {
  readonly min?: number;
  readonly aboveMin?: boolean;
}

/**
 * The one check for every option that ends up in a timer: a finite number of milliseconds
 * between `min` and {@link MAX_TIMER_MS}. Returns the error to fail with, or `undefined`.
 * A rejected value is shown only when it is a number: a string could be a secret passed
 * in the wrong place.
 */
export function checkMsOption(option: string, value: unknown, range: MsRange = {}): InvalidInputError | undefined {
  const min = range.min ?? 0;
  const lowOk = (v: number) => (range.aboveMin === true ? v > min : v >= min);
  if (typeof value === 'number' && Number.isFinite(value) && lowOk(value) && value <= MAX_TIMER_MS) return undefined;
  const shown = typeof value === 'number' ? String(value) : typeof value;
  const low = `${range.aboveMin === true ? '>' : '>='} ${min}`;
  return new InvalidInputError(option, `expected a finite number of milliseconds ${low} and <= ${MAX_TIMER_MS} (about 24.8 days, the longest a timer can wait), got ${shown}`);
}
