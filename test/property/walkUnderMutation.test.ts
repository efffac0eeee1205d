// Property test: a walk over an inbox that changes while it is read, with the cursor
// rule of the emulator (and, as far as anyone has seen, of Graph): `after` a cursor means
// after the thread it names, wherever that thread now stands, so a thread that moves to
// the front makes the walk read known pages again, and a cursor whose thread was deleted
// is stale (2642). Whatever the changes, the walk emits no thread twice, emits nothing
// that never existed, and, when it completes, has emitted every thread it did not see
// change exactly once. `npm run soak` checks the same against the emulator over HTTP; this
// runs hundreds of schedules in a second, in every `npm test`.
import fc from 'fast-check';
import { defer, lastValueFrom, of, tap, throwError, type Observable } from 'rxjs';
import { paginate, type PageOf } from '../../src/conversations/paginate';
import { GraphApiError } from '../../src/errors/graphApiError';
import { PagingError } from '../../src/errors/pagingError';

const RUNS = Number(process.env['PROPERTY_RUNS'] ?? 150);

type Change = { readonly kind: 'bump' | 'delete'; readonly at: number } | { readonly kind: 'add' };

/** Before which request (0: the first) what changes, `at` picking the thread by position. */
const schedule = fc.array(
  fc.record({
    request: fc.nat({ max: 40 }),
    change: fc.oneof(
      fc.record({ kind: fc.constantFrom('bump' as const, 'delete' as const), at: fc.nat() }),
      fc.constant({ kind: 'add' as const }),
    ),
  }),
  { maxLength: 12 },
);

interface Inbox {
  readonly threads: string[];
  readonly touched: Set<string>;
  readonly fetchPage: (url: string) => Observable<PageOf<string>>;
}

/** An inbox of `size` threads, newest first, paged `limit` at a time, changed as `changes` say. */
function inbox(size: number, limit: number, changes: ReadonlyArray<{ readonly request: number; readonly change: Change }>): Inbox {
  const threads = Array.from({ length: size }, (_, i) => `t${i}`);
  const touched = new Set<string>();
  let requests = 0;
  let added = 0;
  const apply = (change: Change) => {
    if (change.kind === 'add') {
      const id = `n${added++}`;
      threads.unshift(id);
      touched.add(id);
      return;
    }
    if (threads.length === 0) return;
    const [id] = threads.splice(change.at % threads.length, 1) as [string];
    touched.add(id);
    if (change.kind === 'bump') threads.unshift(id);
  };
  const fetchPage = (url: string): Observable<PageOf<string>> =>
    defer(() => {
      for (const { change } of changes.filter((c) => c.request === requests)) apply(change);
      requests += 1;
      const cursor = url === 'first' ? undefined : url.slice('after:'.length);
      const start = cursor === undefined ? 0 : threads.indexOf(cursor) + 1;
      if (start === 0 && cursor !== undefined) return throwError(() => new GraphApiError({ status: 400, code: 2642, message: '(#2642) Invalid cursors values' }));
      const items = threads.slice(start, start + limit);
      const last = items[items.length - 1];
      return of({ items, next: start + limit < threads.length && last !== undefined ? `after:${last}` : undefined, usage: undefined });
    });
  return { threads, touched, fetchPage };
}

describe('a walk over an inbox that changes while it is read', () => {
  it('emits no thread twice and nothing that never existed; when it completes, every thread it did not see change exactly once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 1, max: 7 }), schedule, async (size, limit, changes) => {
        const server = inbox(size, limit, changes);
        const before = [...server.threads];
        const emitted: string[] = [];
        let error: unknown;
        await lastValueFrom(paginate('first', server.fetchPage, (id: string) => id).pipe(tap((id) => emitted.push(id))), { defaultValue: undefined }).catch((e: unknown) => {
          error = e;
        });
        expect(new Set(emitted).size).toBe(emitted.length);
        for (const id of emitted) expect(before.includes(id) || server.touched.has(id)).toBe(true);
        if (error !== undefined) {
          // Ending early is allowed only as the walk's documented errors: more stale
          // cursors than it restarts for, or more replays in a row than the allowance (the
          // schedule may aim changes at cursors).
          const staleCursor = error instanceof GraphApiError && error.kind === 'invalid-cursor';
          const looping = error instanceof PagingError && error.kind === 'paging-loop';
          expect(staleCursor || looping).toBe(true);
          return;
        }
        const untouched = before.filter((id) => !server.touched.has(id));
        expect(emitted.filter((id) => !server.touched.has(id))).toEqual(untouched);
      }),
      { numRuns: RUNS * 2 },
    );
  });
});
