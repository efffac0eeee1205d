import { GraphError } from './graphError';
import type { Redactor } from './redact';

/**
 * An option was rejected before any request was made: an empty or unsafe page id, an
 * unknown folder, platform or field, a limit outside 1..100, an empty access token.
 * `option` names the offending option; the message shows what is accepted, and what was
 * given, except for the configured token and app secret, which read `[redacted]`.
 *
 * @example
 * ```ts
 * conversations$('12/../me', { accessToken }).subscribe({
 *   error: (err: InvalidInputError) => console.log(err.option), // 'pageId'
 * });
 * ```
 */
export class InvalidInputError extends GraphError {
  readonly kind = 'invalid-input' as const;
  readonly retryable = false;
  /** The option that was rejected, e.g. `limit`. */
  readonly option: string;

  /**
   * @param option - the rejected option, e.g. `limit`.
   * @param message - what is accepted and what was given.
   * @param redact - removes secrets from the message (the value given may be one).
   */
  constructor(option: string, message: string, redact?: Redactor) {
    super({ message: `Invalid ${option}: ${message}`, redact });
    this.name = 'InvalidInputError';
    this.option = option;
  }

  /**
   * The same rejection with `redact` applied to its message: for checks that quote the
   * value they refused without knowing the secrets, run where the secrets are known.
   *
   * @example
   * ```ts
   * new InvalidInputError('folder', `got "${token}"`).redactedWith((text) => text.replaceAll(token, '[redacted]')).message;
   * // 'Invalid folder: got "[redacted]"'
   * ```
   */
  redactedWith(redact: Redactor): InvalidInputError {
    const prefix = `Invalid ${this.option}: `;
    const detail = this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
    return new InvalidInputError(this.option, detail, redact);
  }
}
