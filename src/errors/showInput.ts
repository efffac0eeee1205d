/** Strings up to this long are quoted whole in a rejection; longer ones are only measured. */
const SHOWN_LENGTH = 80;

/**
 * A caller's rejected value as an `InvalidInputError` shows it: short strings quoted
 * whole, anything else described by its type and size. Never recursive, so a
 * 100,000-deep object or array is described, not a RangeError; never a cut string, since
 * a cut through a secret would keep its first characters where redaction cannot see
 * them (the whole message is redacted afterwards).
 *
 * @example
 * ```ts
 * showInput('archive'); // '"archive"'
 * showInput({ a: { a: 1 } }); // 'an object'
 * showInput('a'.repeat(100_000)); // 'a string of 100000 characters'
 * ```
 */
export function showInput(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value.length <= SHOWN_LENGTH ? JSON.stringify(value) : `a string of ${value.length} characters`;
    case 'number':
    case 'boolean':
    case 'bigint':
    case 'undefined':
      return String(value);
    case 'symbol':
      return 'a symbol';
    case 'function':
      return 'a function';
    default:
      if (value === null) return 'null';
      return Array.isArray(value) ? `an array of ${value.length} items` : 'an object';
  }
}

/** At most this many rejected values are shown in one message. */
const SHOWN_VALUES = 5;

/**
 * Several rejected values, each as {@link showInput} shows it: the first five, then how
 * many more, since a caller may pass any number of them.
 *
 * @example
 * ```ts
 * showInputs(['a', 'b']); // '"a", "b"'
 * showInputs(['1', '2', '3', '4', '5', '6', '7']); // '"1", "2", "3", "4", "5", and 2 more'
 * ```
 */
export function showInputs(values: readonly unknown[]): string {
  const shown = values.slice(0, SHOWN_VALUES).map(showInput);
  return (values.length > SHOWN_VALUES ? [...shown, `and ${values.length - SHOWN_VALUES} more`] : shown).join(', ');
}
