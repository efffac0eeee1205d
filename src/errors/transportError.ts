import { GraphError, type GraphErrorInit } from './graphError';

/**
 * The kinds a transport failure can have.
 *
 * @example
 * ```ts
 * const slow = (kind: TransportErrorKind) => kind === 'timeout';
 * ```
 */
export type TransportErrorKind = 'network' | 'timeout' | 'bad-response';

/**
 * How the request failed below the Graph protocol.
 *
 * @example
 * ```ts
 * const reset = new TransportError({ kind: 'network', message: 'ECONNRESET' });
 * reset.retryable; // true
 * ```
 */
export interface TransportErrorInit extends GraphErrorInit {
  /** What failed. */
  readonly kind: TransportErrorKind;
  /** HTTP status, when a response arrived. */
  readonly status?: number | undefined;
  /** Overrides the default (retryable unless a `bad-response` with a 4xx status), e.g. for a body over `maxResponseBytes`. */
  readonly retryable?: boolean | undefined;
}

/**
 * The request failed below the Graph protocol: the connection was refused or reset
 * (`network`), nothing came back within `timeoutMs` (`timeout`), or the body was not
 * Graph JSON, such as a proxy's HTML error page or a cut-off body (`bad-response`).
 *
 * Network failures and timeouts (including a body that keeps trickling in past
 * `timeoutMs`) are retryable, except a refused connection (`ECONNREFUSED`: nothing
 * listens at `graphUrl`, so a retry seconds later is refused again); a bad response is retryable when the status was 5xx, 429
 * or 2xx (a body cut off in transit), not for other 4xx pages, and never when the body
 * was over `maxResponseBytes` (the same request would bring the same body).
 *
 * @example
 * ```ts
 * conversations$(pageId, opts).subscribe({
 *   error: (err: unknown) => {
 *     if (err instanceof TransportError && err.kind === 'timeout') console.log('slow network');
 *   },
 * });
 * ```
 */
export class TransportError extends GraphError {
  readonly kind: TransportErrorKind;
  readonly retryable: boolean;
  /** HTTP status, when a response arrived. */
  readonly status: number | undefined;

  constructor(init: TransportErrorInit) {
    super(init);
    this.name = 'TransportError';
    this.kind = init.kind;
    this.status = init.status;
    this.retryable = init.retryable ?? (init.kind !== 'bad-response' || isTransientStatus(init.status));
  }
}

function isTransientStatus(status: number | undefined): boolean {
  return status === undefined || status >= 500 || status === 429 || (status >= 200 && status < 300);
}
