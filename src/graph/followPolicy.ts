import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { readQuery } from './queryNames';

/** Parameters a followed URL never carries, however they are spelled. */
const SECRET_PARAMETERS: ReadonlySet<string> = new Set(['access_token', 'appsecret_proof']);

/** A URL to follow, and the names of its query's parameters when they could be read without `URLSearchParams`. */
export interface FollowedUrl {
  readonly href: string;
  readonly names: ReadonlySet<string> | undefined;
}

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
  const followed = followableQuery(target, origin, base);
  return followed._tag === 'Left' ? followed : right(new URL(followed.right.href));
}

/** {@link followable}, with the parameter names it read on the way (a walk checks its own parameters are there). */
export function followableQuery(target: string, origin: string, base?: string): Either<string, FollowedUrl> {
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    return left('not an absolute URL');
  }
  if (url.origin !== origin) return left(`points to ${url.protocol}//${url.host}, not ${origin}; not followed`);
  if (url.username !== '' || url.password !== '') return left('carries credentials in the URL; not followed');
  // Cut out of the query as written: the other parameters keep the server's own encoding.
  const query = readQuery(url.search, SECRET_PARAMETERS);
  if (query === undefined) {
    url.hash = '';
    for (const name of SECRET_PARAMETERS) url.searchParams.delete(name);
    return right({ href: url.href, names: undefined });
  }
  // Written out, not set on the URL: each setter re-parses it (measured, per page).
  // Without user info, origin + path + query is the whole href but the fragment.
  const search = query.dropped ? (query.kept === '' ? '' : `?${query.kept}`) : url.search;
  return right({ href: `${url.origin}${url.pathname}${search}`, names: query.names });
}
