// What each composition of the operators costs, in requests, against the emulator: an
// operator means the same wherever it stands, and a policy for one page is given to the
// page request (`perPage`). Page 1001's inbox has 60 threads: 6 pages of 10.
import { lastValueFrom, map, type Observable, pipe, Subject, take, takeUntil, toArray } from 'rxjs';
import {
  conversations$,
  FOLDERS,
  mergeFolders,
  pollDiff,
  retryOnRateLimit,
  throttleByUsage,
  type PagePolicy,
  type PollableThread,
  type PollSnapshot,
  type RequestGate,
  type ThreadChange,
} from '../../src/index';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url });
const quick = { baseDelayMs: 1, maxDelayMs: 2 };
const inboxIds = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id);
const requests = () => emulator.requests.filter((r) => r.path.endsWith('/conversations')).length;

/** A gate that lets every request go and counts the requests it saw. */
function countingGate(): RequestGate & { readonly seen: () => number } {
  let seen = 0;
  return { wrap: (request) => (seen += 1, request), seen: () => seen };
}

describe('compositions and their request counts', () => {
  it('a map before the walk is consumed keeps resume when the retry is in perPage: 7 requests', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 4 });
    const threads = await collect(conversations$('1001', { ...opts(), limit: 10, perPage: retryOnRateLimit(quick) }).pipe(map((t) => t.id)));
    expect(threads).toEqual(inboxIds());
    expect(requests()).toBe(6 + 1);
  });

  it('a retry on the stream after a map re-subscribes, like RxJS retry: 11 requests, duplicates dropped with dedupe', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 4 });
    const threads = await collect(conversations$('1001', { ...opts(), limit: 10 }).pipe(map((t) => ({ id: t.id })), retryOnRateLimit({ ...quick, dedupe: true })));
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    expect(requests()).toBe(4 + 1 + 6);
  });

  it('nested retries nest: maxRetries 5 inside maxRetries 1 survives 7 failures of one page: 6 + 7 requests', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 2, times: 7 });
    const perPage: PagePolicy = pipe(retryOnRateLimit({ ...quick, maxRetries: 5 }), retryOnRateLimit({ ...quick, maxRetries: 1 }));
    const threads = await collect(conversations$('1001', { ...opts(), limit: 10, perPage }));
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    expect(requests()).toBe(6 + 7);
  });

  it('nested retries on the stream nest too: 7 walks fail on page 3, the outer retry starts the inner one again: 27 requests', async () => {
    // Request 3i fails (page 3 of the i-th walk), for i = 1..7.
    for (let i = 1; i <= 7; i += 1) emulator.inject({ kind: 'graph-error', code: 613 }, { after: 3 * i - 1 });
    const walk = conversations$('1001', { ...opts(), limit: 10 }).pipe(retryOnRateLimit({ ...quick, maxRetries: 5, dedupe: true }), retryOnRateLimit({ ...quick, maxRetries: 1, dedupe: true }));
    const threads = await collect(walk);
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    expect(requests()).toBe(6 * 3 + 3 + 6);
  });

  it('nested retries give up when both are spent: 12 attempts of the failing page', async () => {
    const fault = emulator.inject({ kind: 'graph-error', code: 613 }, { after: 2, times: 20 });
    const perPage: PagePolicy = pipe(retryOnRateLimit({ ...quick, maxRetries: 5 }), retryOnRateLimit({ ...quick, maxRetries: 1 }));
    await expect(collect(conversations$('1001', { ...opts(), limit: 10, perPage }))).rejects.toMatchObject({ kind: 'rate-limit', code: 613 });
    fault.cancel();
    expect(requests()).toBe(2 + (5 + 1) * (1 + 1));
  });

  it('the throttle applies through a mergeFolders factory that adds a map: 4 of 4 requests throttled', async () => {
    const gate = countingGate();
    const merged = mergeFolders(FOLDERS, (folder) =>
      conversations$('1001', { ...opts(), folder, limit: 100, perPage: pipe(throttleByUsage({ throttle: gate }), retryOnRateLimit(quick)) }).pipe(map((t) => ({ ...t }))),
    );
    const threads = await collect(merged);
    expect(threads).toHaveLength(60 + 10 + 15 + 5);
    expect(requests()).toBe(4);
    expect(gate.seen()).toBe(4);
  });

  it('take(1) over mergeFolders costs one request per folder', async () => {
    const first = await lastValueFrom(mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 5 })).pipe(take(1), toArray()));
    expect(first).toHaveLength(1);
    expect(requests()).toBe(4);
  });

  it('mergeFolders + pollDiff over four folders: 4 requests per quiet poll, a move reported once as updated', async () => {
    const source = mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 5 }));
    const moved = emulator.threads('1001', { folder: 'other', platform: 'MESSENGER' })[3];
    if (moved === undefined) throw new Error('the seed has threads in other');
    // Poll 0 seeds (full), 1 and 2 are quiet; the move happens after poll 2; 3 is quick and
    // cannot see it (the thread kept its time), 4 is a full scan (fullScanEvery 4).
    const polls = await runPolls(source, 5, (completed) => {
      if (completed === 3) emulator.moveThread('1001', moved.id, 'page_done');
    });
    expect(polls.map((p) => p.requests).slice(1, 4)).toEqual([4, 4, 4]);
    const changes = polls.flatMap((p) => p.changes);
    expect(changes.map((c) => [c.type, c.thread.id])).toEqual([['updated', moved.id]]);
    const [move] = changes;
    expect(move?.type === 'updated' && [move.previous.folder, move.thread.folder]).toEqual(['other', 'page_done']);
  });

  it('mergeFolders + pollDiff finds a new message in any folder at the next poll', async () => {
    const source = mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 5 }));
    const spam = emulator.threads('1001', { folder: 'spam', platform: 'MESSENGER' })[2];
    if (spam === undefined) throw new Error('the seed has threads in spam');
    const polls = await runPolls(source, 3, (completed) => {
      if (completed === 1) emulator.addMessage('1001', spam.id);
    });
    // Poll 1 is quick: the thread is the newest of all folders now, so it comes first.
    expect(polls[1]?.changes.map((c) => [c.type, c.thread.id])).toEqual([['updated', spam.id]]);
    expect(polls[1]?.requests).toBe(4);
    expect(polls[2]?.changes).toEqual([]);
  });
});

interface PollRecord<T> {
  readonly changes: ThreadChange<T>[];
  readonly requests: number;
}

/** Runs `count` polls (fullScanEvery 4, nothing emitted for the seeding one); `between(n)` runs after poll n. */
function runPolls<T extends PollableThread>(source: Observable<T>, count: number, between: (completed: number) => void): Promise<PollRecord<T>[]> {
  return new Promise((resolve, reject) => {
    const records: PollRecord<T>[] = [];
    let changes: ThreadChange<T>[] = [];
    const stop = new Subject<void>();
    emulator.clearRequests();
    const onSnapshot = (_: PollSnapshot) => {
      records.push({ changes, requests: requests() });
      changes = [];
      emulator.clearRequests();
      if (records.length < count) return between(records.length);
      stop.next();
      resolve(records);
    };
    source.pipe(pollDiff<T>({ intervalMs: 1, fullScanEvery: 4, emitInitial: false, onSnapshot }), takeUntil(stop)).subscribe({ next: (change) => changes.push(change), error: reject });
  });
}
