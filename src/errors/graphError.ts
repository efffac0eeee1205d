import { KIND_HELP, type ErrorKind } from './kinds';
import { redactCredentials, safeUrl, type Redactor } from './redact';

/**
 * What every library error is built from. Text passes through `redact` before it is stored.
 *
 * @example
 * ```ts
 * const init: GraphErrorInit = { message: 'failed', url: 'https://graph.facebook.com/v19.0/1/conversations' };
 * ```
 */
export interface GraphErrorInit {
  readonly message: string;
  /** The request, if any; stored without credentials. */
  readonly url?: string | undefined;
  /** Removes the caller's secrets; credential-shaped parameters are removed in any case. */
  readonly redact?: Redactor | undefined;
}

/**
 * The base class of every error the library emits: `GraphApiError`, `TransportError`,
 * `DecodeError`, `PagingError` and `InvalidInputError`. Catch it to handle them all; switch on `kind`
 * to act.
 *
 * Messages, `toString()`, `stack`, `JSON.stringify` and `util.inspect` never contain the
 * access token or the app secret: every string is redacted before it is stored.
 *
 * @example
 * ```ts
 * conversations$(pageId, opts).subscribe({
 *   error: (err: unknown) => {
 *     if (err instanceof GraphError && err.retryable) console.log('try later:', err.kind);
 *   },
 * });
 * ```
 */
export abstract class GraphError extends Error {
  /** What went wrong, in terms a caller acts on. */
  abstract readonly kind: ErrorKind;
  /** Whether the same request may succeed later. */
  abstract readonly retryable: boolean;
  /** The URL of the request that failed, without credentials. */
  readonly url: string | undefined;

  protected constructor(init: GraphErrorInit) {
    const redact = init.redact ?? redactCredentials;
    super(redactCredentials(redact(init.message)));
    this.url = init.url === undefined ? undefined : redactCredentials(redact(safeUrl(init.url)));
  }

  /** One line of advice for this kind of failure. */
  get help(): string {
    return KIND_HELP[this.kind];
  }

  /** A plain, credential-free object for logs. */
  toJSON(): Record<string, unknown> {
    return { ...(this as object), name: this.name, message: this.message };
  }
}
