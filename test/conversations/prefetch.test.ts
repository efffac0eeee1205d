// prefetch: 1 is opt-in and keeps the walk's promises: take(1) is one request, a quiet
// poll is one request, every prefetched request goes through perPage, and the threads are
// the same, in the same order, as without it.
import { defer, Subject, take, takeUntil, tap, type Observable } from 'rxjs';
import { conversations$, InvalidInputError, memorySnapshotStore, messages$, pollDiff, type ConversationsOptions, type FetchLike, type WalkPage } from '../../src/index';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect, settle } from '../support/walk';

let emulator: Emulator;
let opts: ConversationsOptions;

useEmulator((started) => {
  emulator = started;
  opts = { accessToken: emulator.accessToken, graphUrl: emulator.url, prefetch: 1 };
});

const conversationRequests = () => emulator.requests.filter((r) => r.path.endsWith('/conversations'));
/** A round trip of our own: a stray page request sent before it would have arrived first. */
const roundTrip = () => fetch(`${emulator.url}/v19.0/1001/conversations?limit=1`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });

describe('conversations$ with prefetch: 1', () => {
  it('delivers the same threads in the same order as a lazy walk, one request per page', async () => {
    const lazy = await collect(conversations$('1001', { ...opts, prefetch: 0, limit: 4 }));
    emulator.clearRequests();
    const prefetched = await collect(conversations$('1001', { ...opts, limit: 4 }));
    expect(prefetched.map((t) => t.id)).toEqual(lazy.map((t) => t.id));
    expect(conversationRequests()).toHaveLength(Math.ceil(lazy.length / 4));
  });

  it('take(1) stays one request', async () => {
    await collect(conversations$('1001', { ...opts, limit: 3 }).pipe(take(1)));
    await roundTrip();
    expect(conversationRequests()).toHaveLength(2); // the walk's one, then ours
  });

  it('a quiet poll stays one request', async () => {
    const store = memorySnapshotStore();
    const requests: number[] = [];
    const stop = new Subject<void>();
    let polls = 0;
    await new Promise<void>((resolve, reject) => {
      conversations$('1001', { ...opts, limit: 3 })
        .pipe(
          pollDiff({
            intervalMs: 1,
            store: {
              load: () => store.load(),
              save: async (change) => {
                await store.save(change);
                requests.push(conversationRequests().length);
                emulator.clearRequests();
                polls += 1;
                if (polls === 4) {
                  stop.next();
                  resolve();
                }
              },
            },
          }),
          takeUntil(stop),
        )
        .subscribe({ error: reject });
    });
    const [, ...quiet] = requests; // the first poll is the full scan
    expect(quiet).toEqual([1, 1, 1]);
  });

  it('every request, prefetched or not, goes through perPage', async () => {
    const through: string[] = [];
    const requested: string[] = [];
    const counting: FetchLike = async (url, init) => {
      requested.push(url);
      return (await import('cross-fetch')).default(url, init as never);
    };
    const perPage = (page: Observable<WalkPage<unknown>>) => defer(() => page).pipe(tap(() => through.push('page')));
    const threads = await collect(conversations$('1001', { ...opts, limit: 4, fetch: counting, perPage }));
    expect(requested).toHaveLength(Math.ceil(threads.length / 4));
    expect(through).toHaveLength(requested.length);
  });

  it('requests the next page while a page is being emitted, from the second page on', async () => {
    const calls: string[] = [];
    const counting: FetchLike = async (url, init) => {
      calls.push(url);
      return (await import('cross-fetch')).default(url, init as never);
    };
    const seenAt: number[] = [];
    await collect(conversations$('1001', { ...opts, limit: 3, fetch: counting }).pipe(tap(() => seenAt.push(calls.length))));
    // First page: lazy (1 request when its threads come). Second page: the third is on its way.
    expect(seenAt.slice(0, 3)).toEqual([1, 1, 1]);
    expect(seenAt[3]).toBe(3);
  });

  it('sends the next request before it parses the page that named it', async () => {
    // Each response's usage is reported (onUsage) just before its body is parsed.
    const events: string[] = [];
    const counting: FetchLike = async (url, init) => {
      events.push('request');
      return (await import('cross-fetch')).default(url, init as never);
    };
    await collect(conversations$('1001', { ...opts, limit: 3, fetch: counting, onUsage: () => void events.push('parse') }));
    // The first page is not prefetched; the second page's body names the third, which is asked for first.
    expect(events.slice(0, 5)).toEqual(['request', 'parse', 'request', 'request', 'parse']);
  });

  it('messages$ takes it too; a value other than 0 or 1 fails on subscribe', async () => {
    const [thread] = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
    const { error } = await settle(messages$(thread?.id ?? '', { accessToken: emulator.accessToken, graphUrl: emulator.url, prefetch: 1, limit: 2 }));
    expect(error).toBeUndefined();
    const bad = await settle(conversations$('1001', { ...opts, prefetch: 2 as never }));
    expect(bad.error).toBeInstanceOf(InvalidInputError);
    expect((bad.error as Error).message).toMatch(/prefetch/);
  });
});
