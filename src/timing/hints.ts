/**
 * What a server says about waiting is a hint, not a command: only a finite number of
 * milliseconds >= 0 counts. `Retry-After: 1e400` (Infinity), NaN or a negative figure
 * is ignored rather than trusted.
 */
export function isTrustedHint(ms: number | undefined): ms is number {
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0;
}

/**
 * The one rule for how long a server asked to wait: the longest of the trusted hints
 * (`Retry-After`, `estimated_time_to_regain_access`, ...); `undefined` when none is.
 */
export function longestHintMs(...hints: ReadonlyArray<number | undefined>): number | undefined {
  let longest: number | undefined;
  for (const hint of hints) if (isTrustedHint(hint) && (longest === undefined || hint > longest)) longest = hint;
  return longest;
}
