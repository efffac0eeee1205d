import * as t from 'io-ts';
import { catchError, map, type Observable, of, throwError } from 'rxjs';
import { GraphApiError } from '../errors/graphApiError';
import { PagingError } from '../errors/pagingError';
import type { Redactor } from '../errors/redact';
import type { PageOf } from './paginate';

/**
 * A message Graph lists by id alone although more fields were asked for: Instagram
 * lists every message id of a conversation but gives details only for the 20 most recent.
 */
export interface BareMessage {
  readonly id: string;
  readonly created_time?: undefined;
}

const isBare = (u: unknown): u is { id: string } =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && typeof (u as { id?: unknown }).id === 'string' && Object.keys(u).length === 1;

/**
 * `codec`, or a {@link BareMessage} for an entry that is `{ "id": ... }` and nothing else.
 * Any other entry is `codec`'s to judge, with the same error paths (the context is
 * handed on as if `codec` stood in the list itself).
 */
export function orBareMessage<A>(codec: t.Type<A, unknown, unknown>): t.Type<A | BareMessage, unknown, unknown> {
  return new t.Type<A | BareMessage, unknown, unknown>(
    codec.name,
    (u): u is A | BareMessage => isBare(u) || codec.is(u),
    (u, c) => {
      if (isBare(u)) return t.success({ id: u.id });
      const last = c[c.length - 1];
      return codec.validate(u, last === undefined ? c : [...c.slice(0, -1), { ...last, type: codec }]);
    },
    t.identity,
  );
}

/**
 * Where a thread's readable history ends, as a page policy of `messages$`: at the first
 * {@link BareMessage} of a page (the messages before it are kept), or at Graph's "does
 * not exist" (100/33) for a messages page after the first (the thread exists, so the
 * older messages are what cannot be read; see `GraphApiError.readingOlderMessages`).
 * `complete` ends the walk there; `error` ends it with kind `history-limit`: the
 * `GraphApiError` for Graph's answer, a `PagingError` for bare ids.
 */
export function historyLimitPolicy<A extends { readonly created_time?: Date | undefined }>(
  mode: 'complete' | 'error',
  redact: Redactor,
): (page: Observable<PageOf<A>>, first: boolean) => Observable<PageOf<A>> {
  return (page, first) =>
    page.pipe(
      map((read): PageOf<A> => {
        const end = read.items.findIndex((item) => item.created_time === undefined);
        if (end < 0) return read;
        const bare = read.items.length - end;
        const refusal =
          mode === 'error'
            ? new PagingError({
                kind: 'history-limit',
                what: 'older messages',
                reason: `Graph listed ${bare} older message${bare === 1 ? '' : 's'} by id only: their details cannot be read (Instagram: only the 20 most recent messages)`,
                redact,
              })
            : undefined;
        return { items: read.items.slice(0, end), next: undefined, usage: read.usage, refusal };
      }),
      catchError((error: unknown) => {
        if (first || !(error instanceof GraphApiError)) return throwError(() => error);
        const older = error.readingOlderMessages();
        if (older.kind !== 'history-limit') return throwError(() => error);
        return mode === 'complete' ? of<PageOf<A>>({ items: [], next: undefined, usage: undefined }) : throwError(() => older);
      }),
    );
}
