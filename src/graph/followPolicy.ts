import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { queryNames } from './queryNames';

/**
 * The one rule for a URL the server tells the library to go to next, whether in
 * `paging.next` or in a redirect's `Location`: same origin as `graphUrl`, no user info;
 * what is followed carries no `access_token` or `appsecret_proof` (the token travels in
 * the `Authorization` header, the proof is added per request) and no fragment.
 *
 * @param target - the URL as the server gave it.
 * @param origin - the only origin requests may go to.
 * @param base - what a relative `target` is resolved against (a redirect's request URL); without it, `target` must be absolute.
 * @returns the URL to request, or why it is refused (a sentence without the URL's credentials).
 */
export function followable(target: string, origin: string, base?: string): Either<string, URL> {
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    return left('not an absolute URL');
  }
  if (url.origin !== origin) return left(`points to ${url.protocol}//${url.host}, not ${origin}; not followed`);
  if (url.username !== '' || url.password !== '') return left('carries credentials in the URL; not followed');
  // Only a query that names them is written back (see queryNames: that costs).
  const names = queryNames(url.search);
  if (names === undefined || names.has('access_token') || names.has('appsecret_proof')) {
    url.searchParams.delete('access_token');
    url.searchParams.delete('appsecret_proof');
  }
  url.hash = '';
  return right(url);
}
