import { GraphError, type GraphErrorInit } from './graphError';

/**
 * The kinds of a walk the library stops on purpose.
 *
 * @example
 * ```ts
 * const endless = (kind: PagingErrorKind) => kind === 'paging-loop';
 * ```
 */
export type PagingErrorKind = 'unsafe-paging' | 'paging-loop' | 'history-limit';

/**
 * Why a walk was stopped, and where.
 *
 * @example
 * ```ts
 * const init: PagingErrorInit = { kind: 'paging-loop', what: 'paging.next', reason: 'the last 6 pages brought nothing new' };
 * ```
 */
export interface PagingErrorInit extends Omit<GraphErrorInit, 'message'> {
  readonly kind: PagingErrorKind;
  /** What was being followed: `paging.next`, or `redirect`. */
  readonly what: string;
  /** Why it is not followed, e.g. `points to http://evil.example, not https://graph.facebook.com`. */
  readonly reason: string;
}

/**
 * The library stopped a walk that the responses, each well-formed, would not let end
 * well: `paging.next` or a redirect points somewhere the token must not go
 * (`unsafe-paging`: another origin, credentials in the URL), or the pages stopped
 * bringing anything new, or `maxPages` was reached (`paging-loop`), or a thread's older
 * messages came back as bare ids that cannot be read (`history-limit`, from `messages$`
 * with `historyLimit: 'error'`). The items of the pages
 * before it were emitted. Never retryable: the same walk would be stopped again.
 *
 * @example
 * ```ts
 * import { PagingError, conversations$ } from 'rx-graph-conversations';
 *
 * conversations$('1001', { accessToken: process.env.PAGE_TOKEN ?? '', maxPages: 50 }).subscribe({
 *   next: (thread) => console.log(thread.id),
 *   error: (err: unknown) => {
 *     if (err instanceof PagingError && err.kind === 'paging-loop') console.log('stopped:', err.reason);
 *   },
 * });
 * ```
 */
export class PagingError extends GraphError {
  readonly kind: PagingErrorKind;
  readonly retryable = false;
  /** What was being followed (`paging.next`, `redirect`). */
  readonly what: string;
  /** Why the walk stopped, without secrets. */
  readonly reason: string;

  constructor(init: PagingErrorInit) {
    super({ message: `${init.what} not followed: ${init.reason}`, url: init.url, redact: init.redact });
    this.name = 'PagingError';
    this.kind = init.kind;
    this.what = init.what;
    // The message went through the redactors; the reason is the same text after its prefix.
    this.reason = this.message.slice(`${init.what} not followed: `.length);
  }
}
