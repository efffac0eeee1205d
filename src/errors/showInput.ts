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
