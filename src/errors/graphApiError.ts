import type { GraphUsage } from '../codecs/usage';
import { GraphError } from './graphError';
import { classifyGraphError, isRetryableKind, type ErrorKind } from './kinds';
import type { Redactor } from './redact';

/**
 * The fields of a Graph error body, plus what the response said around it. Handy to
 * build errors in your own tests.
 *
 * @example
 * ```ts
 * const throttled = new GraphApiError({ status: 400, code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' });
 * throttled.kind; // 'rate-limit'
 * ```
 */
export interface GraphApiErrorInit {
  /** HTTP status of the response. */
  readonly status: number;
  /** `error.code`. */
  readonly code: number;
  /** `error.message`. */
  readonly message: string;
  /** `error.error_subcode`. */
  readonly subcode?: number | undefined;
  /** `error.type`. */
  readonly type?: string | undefined;
  /** `error.is_transient`. */
  readonly isTransient?: boolean | undefined;
  /** `error.error_user_title`. */
  readonly userTitle?: string | undefined;
  /** `error.error_user_msg`. */
  readonly userMessage?: string | undefined;
  /** `error.fbtrace_id` or the `x-fb-trace-id` header. */
  readonly fbtraceId?: string | undefined;
  /** The request URL; stored without credentials. */
  readonly url?: string | undefined;
  /** Usage headers of the response. */
  readonly usage?: GraphUsage | undefined;
  /** How long the response asked to wait, in ms: the client sets the longer of `Retry-After` and `estimated_time_to_regain_access`. */
  readonly retryAfterMs?: number | undefined;
  /** Removes the caller's secrets from every string. */
  readonly redact?: Redactor | undefined;
  /** The inbox the request was about, when known: Instagram permission errors get their own advice. */
  readonly platform?: 'MESSENGER' | 'INSTAGRAM' | undefined;
  /** The request read a thread's older messages: a missing object there is kind `history-limit` (see {@link ErrorKind}). */
  readonly olderMessages?: boolean | undefined;
}

const INSTAGRAM_PERMISSION_HELP =
  'Reading Instagram conversations needs the instagram_basic, instagram_manage_messages and pages_manage_metadata permissions, ' +
  'a MESSAGING task on the Page linked to the Instagram professional account, and (for apps in Live mode) a verified business.';

/**
 * Graph answered with an error body (`{ "error": { "code": 613, ... } }`).
 *
 * `kind` follows the code (see {@link ErrorKind}); `retryable` is true for rate limits
 * and server failures. `usage` and `retryAfterMs` carry what the response said about
 * when to come back.
 *
 * @example
 * ```ts
 * conversations$(pageId, opts).subscribe({
 *   error: (err: unknown) => {
 *     if (err instanceof GraphApiError && err.kind === 'auth') console.error('re-authenticate:', err.help);
 *   },
 * });
 * ```
 */
export class GraphApiError extends GraphError {
  readonly kind: ErrorKind;
  readonly retryable: boolean;
  /** HTTP status of the response. */
  readonly status: number;
  /** Graph error code, e.g. 613. */
  readonly code: number;
  /** Graph `error_subcode`, e.g. 463 for an expired token. */
  readonly subcode: number | undefined;
  /** Graph error `type`, e.g. `OAuthException`. */
  readonly type: string | undefined;
  /** Graph's `is_transient` flag. */
  readonly isTransient: boolean;
  /** `error_user_title`: a title Graph suggests showing to people. */
  readonly userTitle: string | undefined;
  /** `error_user_msg`: a message Graph suggests showing to people. */
  readonly userMessage: string | undefined;
  /** `fbtrace_id` (or the `x-fb-trace-id` header): quote it in reports to Meta. */
  readonly fbtraceId: string | undefined;
  /** Usage headers of the failing response, when present. */
  readonly usage: GraphUsage | undefined;
  /**
   * How long the failing response asked to wait, in ms: the longer of `Retry-After` and
   * the usage headers' `estimated_time_to_regain_access`, when either is a finite figure
   * >= 0. Kept in full even past what `retryOnRateLimit` waits (`maxWaitMs`): a job
   * scheduler can come back then.
   */
  readonly retryAfterMs: number | undefined;
  /** The inbox the request was about, when known. */
  readonly platform: 'MESSENGER' | 'INSTAGRAM' | undefined;

  /** What the error was built from, for {@link GraphApiError.readingOlderMessages}; private, so never logged. */
  readonly #init: GraphApiErrorInit;

  constructor(init: GraphApiErrorInit) {
    const isTransient = init.isTransient === true;
    // Whether Graph sent the flag at all matters: `is_transient: false` is a verdict, an absent flag is not.
    const kind = classifyGraphError({
      code: init.code,
      status: init.status,
      isTransient: init.isTransient,
      message: init.message,
      subcode: init.subcode,
      olderMessages: init.olderMessages,
    });
    const trace = init.fbtraceId === undefined ? '' : ` [fbtrace_id ${init.fbtraceId}]`;
    super({
      message: `Graph API error ${init.code}${init.subcode === undefined ? '' : `/${init.subcode}`} (${kind}): ${init.message}${trace}`,
      url: init.url,
      redact: init.redact,
    });
    const redact = (s: string | undefined) => (s === undefined || init.redact === undefined ? s : init.redact(s));
    this.name = 'GraphApiError';
    this.kind = kind;
    this.retryable = isRetryableKind(kind) || (kind === 'graph' && isTransient);
    this.status = init.status;
    this.code = init.code;
    this.subcode = init.subcode;
    // Every string that came from the server is redacted, not only the messages.
    this.type = redact(init.type);
    this.isTransient = isTransient;
    this.userTitle = redact(init.userTitle);
    this.userMessage = redact(init.userMessage);
    this.fbtraceId = redact(init.fbtraceId);
    this.usage = init.usage;
    this.retryAfterMs = init.retryAfterMs;
    this.platform = init.platform;
    this.#init = init;
  }

  /**
   * The same error, known to answer a request for a thread's older messages (a messages
   * page after the first): Graph's "does not exist" (100/33) there is the history limit,
   * so the copy has kind `history-limit`. Other errors keep their kind.
   *
   * @example
   * ```ts
   * const refused = new GraphApiError({ status: 400, code: 100, subcode: 33, message: 'Unsupported get request. Object with ID ... does not exist' });
   * refused.readingOlderMessages().kind; // 'history-limit'
   * ```
   */
  readingOlderMessages(): GraphApiError {
    return new GraphApiError({ ...this.#init, olderMessages: true });
  }

  /** Advice for this error; for Instagram permission errors, the permissions and tasks needed. */
  override get help(): string {
    return this.kind === 'permission' && this.platform === 'INSTAGRAM' ? INSTAGRAM_PERMISSION_HELP : super.help;
  }
}
