import { GraphError } from './graphError';

/**
 * An option was rejected before any request was made: an empty or unsafe page id, an
 * unknown folder, platform or field, a limit outside 1..100, an empty access token.
 * `option` names the offending option; the message shows what is accepted.
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

  constructor(option: string, message: string) {
    super({ message: `Invalid ${option}: ${message}` });
    this.name = 'InvalidInputError';
    this.option = option;
  }
}
