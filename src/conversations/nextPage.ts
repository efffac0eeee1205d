import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { PagingError } from '../errors/pagingError';
import type { Redactor } from '../errors/redact';
import { followableQuery } from '../graph/followPolicy';

/** What the next request must look like, whatever `paging.next` says. */
export interface NextPagePolicy {
  /** The only origin requests may go to. */
  readonly origin: string;
  /** Query parameters every page carries (fields, limit, folder, ...), added when `next` lost them. */
  readonly carry: Readonly<Record<string, string>>;
  readonly redact: Redactor;
}

function refuse(reason: string, policy: NextPagePolicy): Either<PagingError, never> {
  return left(new PagingError({ what: 'paging.next', kind: 'unsafe-paging', reason, redact: policy.redact }));
}

/**
 * Turns `paging.next` into the URL of the next request, by the rule redirects follow
 * too (`followable`: same origin, no user info, no `access_token`); the walk's
 * parameters put back if `next` dropped them. Otherwise followed as
 * given, since `next` is not always an `after=` cursor.
 */
export function nextPageUrl(next: string | undefined, policy: NextPagePolicy): Either<PagingError, string | undefined> {
  if (next === undefined) return right(undefined);
  const checked = followableQuery(next, policy.origin);
  if (checked._tag === 'Left') return refuse(checked.left, policy);
  const { href, names } = checked.right;
  let url: URL | undefined;
  for (const [name, value] of Object.entries(policy.carry)) {
    const present = names === undefined ? (url ??= new URL(href)).searchParams.has(name) : names.has(name);
    if (!present) (url ??= new URL(href)).searchParams.set(name, value);
  }
  return right(url === undefined ? href : url.toString());
}
