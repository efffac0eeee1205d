import crossFetch from 'cross-fetch';
import { sequenceS } from 'fp-ts/lib/Apply.js';
import { Apply, left, right, type Either } from 'fp-ts/lib/Either.js';
import type { Platform } from '../codecs/filters';
import type { GraphUsage } from '../codecs/usage';
import { InvalidInputError } from '../errors/invalidInputError';
import { createRedactor, redactorFor, type Redactor } from '../errors/redact';
import { SecretSet } from '../errors/secretScan';
import { callable, milliseconds, optionsObject, wholeNumber } from '../options/check';
import { appSecretProof } from './appSecretProof';
import type { FetchLike } from './fetchLike';
import type { DirectTransport } from './exchange';
import { nodeTransport } from './nodeFetch';
import { scrubbingParser } from './parseScrubbed';

/**
 * Where a usage report came from.
 *
 * @example
 * ```ts
 * const onUsage = (usage: GraphUsage, source: UsageSource) => console.log(source.url, usagePeak(usage).percent);
 * ```
 */
export interface UsageSource {
  /** The request URL, without credentials. */
  readonly url: string;
  /** HTTP status of the response. */
  readonly status: number;
}

/**
 * How to reach Graph; shared by every edge the library reads.
 *
 * @example
 * ```ts
 * const connection: GraphClientOptions = { accessToken: token, appSecret: secret, timeoutMs: 10_000 };
 * conversations$(pageId, { ...connection, folder: 'other' });
 * ```
 */
export interface GraphClientOptions {
  /** Page access token. Sent as `Authorization: Bearer`, never in a URL, never in an error. */
  accessToken: string;
  /** Graph origin (and optional path prefix). Default `https://graph.facebook.com`. */
  graphUrl?: string;
  /** Graph API version. Default `v19.0`. */
  apiVersion?: string;
  /** When set, every request carries `appsecret_proof` (HMAC-SHA256 of the token keyed with it). */
  appSecret?: string;
  /** Give up on a request after this long with a retryable `timeout` TransportError. Default 30000; at most 2^31-1 (the longest a timer holds). */
  timeoutMs?: number;
  /**
   * Largest response body accepted, in bytes. A larger body (announced by
   * `Content-Length`, or counted while it streams in) is not read further: the request
   * is aborted and fails with a `bad-response` TransportError that is not retryable.
   * Default 33554432 (32 MiB); a Graph page is rarely over a few hundred KiB.
   */
  maxResponseBytes?: number;
  /**
   * Any WHATWG fetch. Default: on Node (20.16+), a transport on `node:http`/`node:https`
   * with Node's keep-alive agents; elsewhere (browsers) `cross-fetch`.
   */
  fetch?: FetchLike;
  /** Called with the parsed usage headers of every response that has them. */
  onUsage?: (usage: GraphUsage, source: UsageSource) => void;
}

/** Validated client settings: what a request needs, secrets kept out of reach of messages. */
export interface GraphClient {
  /** `graphUrl` without a trailing slash, plus `/apiVersion`. */
  readonly baseUrl: string;
  /** `new URL(graphUrl).origin`: the only origin requests may go to. */
  readonly origin: string;
  readonly accessToken: string;
  readonly fetch: FetchLike;
  /** The library's own transport when `fetch` is it (no `fetch` given, on Node): requests go through it directly. */
  readonly direct: DirectTransport | undefined;
  readonly timeoutMs: number;
  readonly maxResponseBytes: number;
  readonly onUsage: ((usage: GraphUsage, source: UsageSource) => void) | undefined;
  readonly redact: Redactor;
  /**
   * `JSON.parse` for response bodies, with the token and app secret (in any spelling:
   * as is, JSON-escaped, percent-encoded) replaced in every parsed string, so nothing
   * decoded from a body (emitted values, nested paging URLs, stored `next` URLs, error
   * fields) carries them. Unlike `redact`, it changes nothing else.
   */
  readonly parse: (text: string) => unknown;
  /** The `appsecret_proof` to send, computed once; `undefined` without an app secret. */
  readonly proof: () => Promise<string | undefined>;
  /** The inbox the requests are about, when known: errors give platform-specific advice. */
  readonly platform?: Platform | undefined;
}

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const DEFAULT_API_VERSION = 'v19.0';
export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const API_VERSION = /^v\d{1,2}\.\d{1,2}$/;

function parseGraphUrl(graphUrl: string): Either<InvalidInputError, URL> {
  let url: URL;
  try {
    url = new URL(graphUrl);
  } catch {
    return left(new InvalidInputError('graphUrl', `expected an absolute http(s) URL such as ${DEFAULT_GRAPH_URL}`));
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return left(new InvalidInputError('graphUrl', `expected http: or https:, got ${url.protocol}`));
  }
  if (url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    return left(new InvalidInputError('graphUrl', 'must not carry credentials, a query or a fragment'));
  }
  return right(url);
}

function once<A>(compute: () => Promise<A>): () => Promise<A> {
  let cached: Promise<A> | undefined;
  return () => (cached ??= compute());
}

/**
 * The gate every edge's option checks pass through (`conversations$`, `messages$`): a
 * rejection quotes the value it refused, and that value may be the token or app secret
 * passed by mistake (as `folder`, a field, the page id), so it is rebuilt with the
 * configured secrets redacted, in any spelling.
 */
export function withoutSecrets<A>(opts: Partial<GraphClientOptions> | undefined, checked: Either<InvalidInputError, A>): Either<InvalidInputError, A> {
  if (checked._tag === 'Right') return checked;
  return left(checked.left.redactedWith(createRedactor([opts?.accessToken, opts?.appSecret])));
}

/**
 * Validates the connection options. Fails with an `InvalidInputError` naming the option;
 * nothing is requested.
 */
export function createGraphClient(opts: GraphClientOptions): Either<InvalidInputError, GraphClient> {
  const checkedOpts = optionsObject('options', opts, 'an object such as { accessToken }');
  if (checkedOpts._tag === 'Left') return checkedOpts;
  const { accessToken, appSecret } = opts;
  if (typeof accessToken !== 'string' || accessToken.trim() === '') {
    return left(new InvalidInputError('accessToken', 'expected a non-empty Page access token'));
  }
  if (appSecret !== undefined && (typeof appSecret !== 'string' || appSecret === '')) {
    return left(new InvalidInputError('appSecret', 'expected a non-empty string when given'));
  }
  const apiVersion = opts.apiVersion ?? DEFAULT_API_VERSION;
  if (typeof apiVersion !== 'string' || !API_VERSION.test(apiVersion)) {
    return left(new InvalidInputError('apiVersion', `expected a version like ${DEFAULT_API_VERSION}`));
  }
  const checked = sequenceS(Apply)({
    timeoutMs: milliseconds('timeoutMs', opts.timeoutMs ?? DEFAULT_TIMEOUT_MS, { min: 0, aboveMin: true }),
    maxResponseBytes: wholeNumber('maxResponseBytes', opts.maxResponseBytes, { min: 1 }),
    fetch: callable('fetch', opts.fetch, 'a fetch function'),
    onUsage: callable('onUsage', opts.onUsage, 'a function (usage) => void'),
  });
  if (checked._tag === 'Left') return checked;
  const { timeoutMs, maxResponseBytes = DEFAULT_MAX_RESPONSE_BYTES } = checked.right;
  const parsed = parseGraphUrl(opts.graphUrl ?? DEFAULT_GRAPH_URL);
  if (parsed._tag === 'Left') return parsed;
  const url = parsed.right;
  const prefix = url.pathname.replace(/\/+$/, '');
  // On Node, node:http (measured faster, see nodeFetch.ts); elsewhere cross-fetch.
  const node = opts.fetch === undefined ? nodeTransport(maxResponseBytes) : undefined;
  // One set for the redactor and the parser: they share its spellings pattern, built only if a text needs it.
  const secrets = new SecretSet([accessToken, appSecret]);
  return right({
    baseUrl: `${url.origin}${prefix}/${apiVersion}`,
    origin: url.origin,
    accessToken,
    fetch: opts.fetch ?? node?.fetch ?? (crossFetch as FetchLike),
    direct: node,
    timeoutMs,
    maxResponseBytes,
    onUsage: opts.onUsage,
    redact: redactorFor(secrets),
    parse: scrubbingParser(secrets),
    proof: once(async () => (appSecret === undefined ? undefined : appSecretProof(accessToken, appSecret))),
  });
}
