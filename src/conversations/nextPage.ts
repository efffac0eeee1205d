import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../errors/decodeError';
import type { Redactor } from '../errors/redact';

/** What the next request must look like, whatever `paging.next` says. */
export interface NextPagePolicy {
  /** The only origin requests may go to. */
  readonly origin: string;
  /** Query parameters every page carries (fields, limit, folder, ...), added when `next` lost them. */
  readonly carry: Readonly<Record<string, string>>;
  readonly redact: Redactor;
}

function refuse(report: string, policy: NextPagePolicy): Either<DecodeError, never> {
  return left(new DecodeError({ what: 'paging.next', kind: 'unsafe-paging', report: [report], redact: policy.redact }));
}

/**
 * Turns `paging.next` into the URL of the next request: refused unless it is on the
 * configured origin with no user info; `access_token` removed (the token travels in a
 * header); the walk's parameters put back if `next` dropped them. Otherwise followed as
 * given, since `next` is not always an `after=` cursor.
 */
export function nextPageUrl(next: string | undefined, policy: NextPagePolicy): Either<DecodeError, string | undefined> {
  if (next === undefined) return right(undefined);
  let url: URL;
  try {
    url = new URL(next);
  } catch {
    return refuse('paging.next: not an absolute URL', policy);
  }
  if (url.origin !== policy.origin) {
    return refuse(`paging.next: points to ${url.protocol}//${url.host}, not ${policy.origin}; not followed`, policy);
  }
  if (url.username !== '' || url.password !== '') {
    return refuse('paging.next: carries credentials in the URL; not followed', policy);
  }
  url.searchParams.delete('access_token');
  url.searchParams.delete('appsecret_proof');
  url.hash = '';
  for (const [name, value] of Object.entries(policy.carry)) {
    if (!url.searchParams.has(name)) url.searchParams.set(name, value);
  }
  return right(url.toString());
}
