/**
 * Redirects, followed by the library rather than the fetch: a `Location` is a next URL
 * the server did not put in the body, so it passes the same rule as `paging.next`
 * ({@link followable}). The token never travels to another origin; a same-origin hop is
 * followed without the `access_token` its URL may carry, a bounded number of times.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { PagingError } from '../errors/pagingError';
import type { GraphError } from '../errors/graphError';
import { TransportError } from '../errors/transportError';
import type { GraphClient } from './client';
import type { FetchResponseLike } from './fetchLike';
import { followable } from './followPolicy';

/** Graph does not redirect API calls; a few hops cover a proxy or a moved prefix. */
export const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);

/**
 * Decides about one response to the request for `requestUrl`, after `hops` redirects:
 * `undefined` to use it, or the URL to request instead.
 * Refusals are `unsafe-paging` PagingErrors (the target is somewhere the library will
 * not go) or non-retryable `bad-response` TransportErrors (no usable target).
 */
export function redirectStep(response: FetchResponseLike, requestUrl: string, hops: number, client: GraphClient, shownUrl: () => string): Either<GraphError, URL | undefined> {
  const refuse = (reason: string) => left(new PagingError({ what: 'redirect', kind: 'unsafe-paging', reason, url: shownUrl(), redact: client.redact }));
  const bad = (message: string) => left(new TransportError({ kind: 'bad-response', status: response.status, message, url: shownUrl(), retryable: false, redact: client.redact }));
  if (response.type === 'opaqueredirect') {
    return bad("HTTP redirect hidden by the fetch (an 'opaqueredirect' response): Graph does not redirect API calls; check graphUrl");
  }
  // A fetch that followed a redirect itself (one that ignores `redirect: 'manual'`): what
  // came from another origin is not Graph's answer.
  if (typeof response.url === 'string' && response.url !== '') {
    const from = followable(response.url, client.origin);
    if (from._tag === 'Left') return refuse(`response came through a redirect the fetch followed itself, which ${from.left}`);
  }
  if (!REDIRECT_STATUSES.has(response.status)) return right(undefined);
  const location = response.headers.get('location');
  if (location === null || location.trim() === '') return bad(`HTTP ${response.status} redirect without a Location`);
  const target = followable(location, client.origin, requestUrl);
  if (target._tag === 'Left') return refuse(`redirect (HTTP ${response.status}): ${target.left}`);
  if (hops >= MAX_REDIRECTS) return bad(`more than ${MAX_REDIRECTS} redirects in a row; not followed further`);
  return right(target.right);
}
