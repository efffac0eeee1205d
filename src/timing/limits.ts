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
