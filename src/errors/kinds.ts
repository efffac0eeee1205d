/**
 * What went wrong, in the terms a caller acts on. Operators decide by kind, never by
 * parsing messages.
 *
 * - `rate-limit`: Graph throttled the app, user or Page (codes 4, 17, 32, 613, 80001-80014). Retry after a wait.
 * - `auth`: the access token is invalid or expired (190). Re-authenticate.
 * - `permission`: the token lacks a permission or task (10, 200-299).
 * - `invalid-request`: a parameter or field Graph refused (100, 2500).
 * - `invalid-cursor`: a paging cursor went stale (2642). Restart the walk.
 * - `history-limit`: Graph refuses older messages of a thread (Instagram: only the 20 most recent are readable;
 *   an older one answers code 100 "does not exist", subcode 33, when read past the thread's first page).
 * - `signature`: `appsecret_proof` missing or wrong (104).
 * - `abusive`: the action was blocked as abusive (368). Back off for a long time.
 * - `server`: Graph failed (HTTP 5xx, `is_transient: true`, codes 1 and 2), unless the body says `is_transient: false`. Retry.
 * - `graph`: every other Graph error code, and a failure Graph marks `is_transient: false` (code 1 with a user-facing title, for one).
 * - `network`: the connection failed or was reset. A refused connection (nothing listens: a wrong `graphUrl`,
 *   a server that is down) is `network` too, but not retryable: retrying in seconds will not start the server.
 * - `timeout`: no response within `timeoutMs`.
 * - `bad-response`: a body that is not Graph JSON (an HTML error page, truncated JSON), or one over `maxResponseBytes`.
 * - `decode`: JSON that does not match the codec.
 * - `unsafe-paging`: a `paging.next` URL or a redirect the library refuses to follow (foreign origin, credentials).
 * - `paging-loop`: the walk stopped making progress (pages bring nothing new), or reached `maxPages`.
 * - `invalid-input`: the caller's options were rejected before any request.
 *
 * @example
 * ```ts
 * import { isRetryableKind } from 'rx-graph-conversations';
 * isRetryableKind('rate-limit'); // true
 * ```
 */
export type ErrorKind =
  | 'rate-limit'
  | 'auth'
  | 'permission'
  | 'invalid-request'
  | 'invalid-cursor'
  | 'history-limit'
  | 'signature'
  | 'abusive'
  | 'server'
  | 'graph'
  | 'network'
  | 'timeout'
  | 'bad-response'
  | 'decode'
  | 'unsafe-paging'
  | 'paging-loop'
  | 'invalid-input';

/** The kinds that a later attempt of the same request can fix. */
const RETRYABLE_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>(['rate-limit', 'server', 'network', 'timeout']);

/**
 * Whether an error of this kind is worth retrying as such (the same request, later).
 *
 * @example
 * ```ts
 * isRetryableKind('auth'); // false
 * ```
 */
export function isRetryableKind(kind: ErrorKind): boolean {
  return RETRYABLE_KINDS.has(kind);
}

/** Kinds a fresh walk, started later, may not meet again: a stale cursor is gone once a walk starts over, a refused connection may be accepted later. */
const LATER_WALK_KINDS: ReadonlySet<ErrorKind> = new Set<ErrorKind>([...RETRYABLE_KINDS, 'invalid-cursor']);

/**
 * Whether a later, fresh walk may succeed where this one failed with an error of this
 * kind: what a poll loop (`pollDiff`) skips to the next poll instead of ending on. Wider
 * than {@link isRetryableKind}: the same request again at once would meet a stale cursor
 * or a refused connection again, a new walk later may not.
 *
 * @example
 * ```ts
 * isLaterWalkKind('invalid-cursor'); // true
 * isLaterWalkKind('auth'); // false
 * ```
 */
export function isLaterWalkKind(kind: ErrorKind): boolean {
  return LATER_WALK_KINDS.has(kind);
}

/** Graph throttling codes: app (4), user (17), Pages with a user token (32), API (613), business use cases (80001-80014). */
export function isRateLimitCode(code: number): boolean {
  return code === 4 || code === 17 || code === 32 || code === 613 || (code >= 80001 && code <= 80014);
}

/** The facts of a Graph error that decide its kind. */
export interface GraphErrorFacts {
  readonly code: number;
  readonly status: number;
  /** Graph's `is_transient`, or undefined when the body did not have it (absent is not `false`). */
  readonly isTransient: boolean | undefined;
  readonly message?: string;
  /** Graph's `error_subcode`, when the body had it. */
  readonly subcode?: number | undefined;
  /**
   * The request read a thread's older messages (a messages page after the first one,
   * the thread being known to exist): there a missing object is the history limit.
   */
  readonly olderMessages?: boolean | undefined;
}

// Meta's Instagram conversation docs: details can be read only for the 20 most recent
// messages; asking for an older one answers that the message has been deleted or does
// not exist. That is Graph's code 100 for a missing object (subcode 33, "... does not
// exist ..."), and it means the history limit only where older messages were asked for.
const MISSING_OBJECT = /\bdoes not exist\b|\bhas been deleted\b/i;
const MISSING_OBJECT_SUBCODE = 33;

/**
 * Classifies a Graph error body. A missing object (100/33) met while reading a thread's
 * older messages is `history-limit`, anywhere else `invalid-request`. Codes with a kind of their own win over HTTP status and
 * `is_transient`: a 613 sent with a 500 is still a rate limit. For the rest,
 * `is_transient` decides when the body has it (`false` means a retry gets the same
 * answer, whatever the code or status); without it, codes 1 and 2 and any 5xx are `server`.
 */
export function classifyGraphError({ code, status, isTransient, message = '', subcode, olderMessages = false }: GraphErrorFacts): ErrorKind {
  if (isRateLimitCode(code)) return 'rate-limit';
  if (code === 190 || code === 102) return 'auth';
  if (code === 10 || (code >= 200 && code <= 299)) return 'permission';
  if (code === 100 && olderMessages && (subcode === MISSING_OBJECT_SUBCODE || MISSING_OBJECT.test(message))) return 'history-limit';
  if (code === 100 || code === 2500) return 'invalid-request';
  if (code === 2642) return 'invalid-cursor';
  if (code === 104) return 'signature';
  if (code === 368) return 'abusive';
  if (isTransient !== undefined) return isTransient ? 'server' : 'graph';
  if (code === 1 || code === 2 || status >= 500) return 'server';
  return 'graph';
}

/** One line of advice per kind, shown in error messages and CLI output. */
export const KIND_HELP: Readonly<Record<ErrorKind, string>> = {
  'rate-limit': 'Graph throttled this app or Page: stop calling, wait (see usage headers), then retry.',
  auth: 'The access token is invalid or expired: re-authenticate and get a new Page access token.',
  permission: 'The token lacks a permission or Page task (pages_messaging, pages_read_engagement; for Instagram also instagram_basic, instagram_manage_messages, pages_manage_metadata).',
  'invalid-request': 'Graph refused a parameter or field: check page id, folder, platform, limit and fields.',
  'invalid-cursor': 'A paging cursor went stale (its thread changed or was deleted): restart the walk from the first page.',
  'history-limit': 'Graph does not let apps read further back in this thread (Instagram: the 20 most recent messages only).',
  signature: 'appsecret_proof is missing or wrong: check the appSecret option.',
  abusive: 'Graph blocked the call as abusive: back off for a long time before trying again.',
  server: 'Graph had a temporary failure: retry with backoff.',
  graph: 'Graph answered with an error the library does not classify.',
  network: 'The connection failed: check the network and graphUrl, then retry.',
  timeout: 'No response arrived in time: retry, or raise timeoutMs.',
  'bad-response': 'The server answered with something that is not Graph JSON (an HTML page, a cut-off body, or one over maxResponseBytes).',
  decode: 'The response did not have the shape the library expects.',
  'unsafe-paging': 'paging.next or a redirect pointed somewhere the library will not send requests (or the token) to.',
  'paging-loop': 'Paging stopped bringing anything new (the server keeps answering with pages already read), or maxPages was reached.',
  'invalid-input': 'An option was rejected before any request was made.',
};
