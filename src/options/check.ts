import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { InvalidInputError } from '../errors/invalidInputError';
import { showInput } from '../errors/showInput';
import { MAX_TIMER_MS } from '../timing/limits';

// The one options checker. Every factory and operator checks its options with these, so
// the same mistake reads the same everywhere, and one rule decides when it is reported:
// streams and operators fail on subscribe (they return the Left through `throwError`),
// builders of shared state (throttles, stores) throw at the call (`orThrow`).
//
// How a rejected value is shown: a name option (folder, field, id) quotes the rejected
// name, since the caller typed it and needs to see the typo; a number option shows only a
// number, or the type of anything else, since a string there may be a secret passed in the
// wrong place.

/** A checked option: its value, or the error that names it. */
export type Checked<T> = Either<InvalidInputError, T>;

/** A number option's rejected value: the number itself, or only its type. */
function shownNumber(value: unknown): string {
  return typeof value === 'number' ? String(value) : value === null ? 'null' : typeof value;
}

/** A failed check of `option`, saying what was expected and what came. */
export function rejected(option: string, expected: string, got: string): Checked<never> {
  return left(new InvalidInputError(option, `expected ${expected}, got ${got}`));
}

/** A rejected name (or structure): shown by {@link showInput}. */
export function rejectedValue(option: string, expected: string, value: unknown): Checked<never> {
  return rejected(option, expected, showInput(value));
}

/** The bounds of a whole-number option, both inclusive. */
export interface WholeNumberRange {
  readonly min: number;
  readonly max?: number;
}

/** A whole number from `min` to `max` (default: the largest safe integer), or absent. */
export function wholeNumber(option: string, value: unknown, range: WholeNumberRange): Checked<number | undefined> {
  const { min, max = Number.MAX_SAFE_INTEGER } = range;
  if (value === undefined) return right(undefined);
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max) return right(value);
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number >= ${min}` : `a whole number from ${min} to ${max}`;
  return rejected(option, expected, shownNumber(value));
}

/** The bounds of a millisecond option; `min` is inclusive unless `aboveMin`. */
export interface MsRange {
  readonly min?: number;
  readonly aboveMin?: boolean;
}

/**
 * Every option that ends up in a timer: a finite number of milliseconds between `min` and
 * {@link MAX_TIMER_MS}. Node and browsers fire a longer (or non-finite) timer after 1 ms,
 * which would turn a long wait into a burst of requests.
 */
export function milliseconds(option: string, value: unknown, range: MsRange = {}): Checked<number> {
  const min = range.min ?? 0;
  const lowOk = (v: number) => (range.aboveMin === true ? v > min : v >= min);
  if (typeof value === 'number' && Number.isFinite(value) && lowOk(value) && value <= MAX_TIMER_MS) return right(value);
  const low = `${range.aboveMin === true ? '>' : '>='} ${min}`;
  return rejected(option, `a finite number of milliseconds ${low} and <= ${MAX_TIMER_MS} (about 24.8 days, the longest a timer can wait)`, shownNumber(value));
}

/** A percentage of quota, 0 to 100. */
export function percentage(option: string, value: unknown): Checked<number> {
  if (typeof value === 'number' && value >= 0 && value <= 100) return right(value);
  return rejected(option, 'a percentage from 0 to 100', shownNumber(value));
}

/** A yes/no option: `true`, `false`, or absent (false). */
export function flag(option: string, value: unknown): Checked<boolean> {
  if (value === undefined || typeof value === 'boolean') return right(value === true);
  return rejectedValue(option, 'true or false', value);
}

/** A function option (a callback, an operator), or absent; `expected` shows its shape. */
export function callable<F>(option: string, value: F | undefined, expected: string): Checked<F | undefined> {
  if (value === undefined || typeof value === 'function') return right(value);
  return rejectedValue(option, expected, value);
}

/** An options object (not null, not a primitive); `expected` shows a correct call. */
export function optionsObject<O>(option: string, value: O, expected: string): Checked<O> {
  if (typeof value === 'object' && value !== null) return right(value);
  return rejectedValue(option, expected, value);
}

/**
 * For builders of shared state, which throw at the call: the checked value, or the
 * error thrown.
 */
export function orThrow<T>(checked: Checked<T>): T {
  if (checked._tag === 'Left') throw checked.left;
  return checked.right;
}
