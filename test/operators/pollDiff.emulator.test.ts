import { defer, filter, firstValueFrom, map, merge, type Observable, Subject, takeUntil } from 'rxjs';
import { confirmRemovedThreads, conversations$, FOLDERS, mergeFolders, retryOnRateLimit, type ConfirmRemovedOptions, type FetchLike, type Thread } from '../../src/index';
import {
  memorySnapshotStore,
  pollDiff,
  type PollableThread,
  type PollDiffConfig,
  type PollSnapshot,
  type SnapshotStore,
  type ThreadChange,
} from '../../src/operators/pollDiff';
import { startEmulator, type Emulator, type Folder } from '../../src/testing/index';

interface PollRecord<T> {
  readonly changes: ThreadChange<T>[];
  readonly requests: number;
  /** Requests for single thread nodes (`GET /{thread-id}`): the removal confirmations. */
  readonly lookups: number;
  readonly snapshot: PollSnapshot;
}

/**
 * Runs `count` polls and records, per poll, its changes and how many requests it made.
 * `onSnapshot` marks the end of a poll: `between(n)` mutates the emulator there, after
 * poll n and before poll n + 1, so no sleeps are needed.
 */
function runPolls<T extends PollableThread>(
  emulator: Emulator,
  source: Observable<T>,
  config: Omit<PollDiffConfig, 'onSnapshot'>,
  count: number,
  between: (completed: number) => void = () => undefined,
): Promise<PollRecord<T>[]> {
  return new Promise((resolve, reject) => {
    const records: PollRecord<T>[] = [];
    let changes: ThreadChange<T>[] = [];
    const stop = new Subject<void>();
    emulator.clearRequests();
    const onSnapshot = (snapshot: PollSnapshot) => {
      const requests = emulator.requests.filter((r) => r.path.endsWith('/conversations')).length;
      records.push({ changes, requests, lookups: emulator.requests.length - requests, snapshot });
      changes = [];
      emulator.clearRequests();
      if (records.length < count) return between(records.length);
      stop.next();
      resolve(records);
    };
    source.pipe(pollDiff<T>({ ...config, onSnapshot }), takeUntil(stop)).subscribe({ next: (change) => changes.push(change), error: reject });
  });
}

const ids = <T extends { readonly thread: { readonly id: string } }>(changes: readonly T[]) => changes.map((c) => c.thread.id).sort();
const LIMIT = 5;

describe('pollDiff over HTTP: what a poll costs', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const inbox = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
  const threads$ = () => conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT });

  it('a quiet inbox costs exactly one request per poll', async () => {
    const records = await runPolls(emulator, threads$(), { intervalMs: 1, fullScanEvery: 1000, emitInitial: false }, 4);
    expect(records.map((r) => r.requests)).toEqual([Math.ceil(inbox().length / LIMIT), 1, 1, 1]);
    expect(records.flatMap((r) => r.changes)).toEqual([]);
    expect(Object.keys(records[0]?.snapshot.threads ?? {})).toHaveLength(inbox().length);
  });

  it('k changed threads cost ceil((k + 1) / limit) requests and are each reported once', async () => {
    const ks = [0, 1, 4, 5, 12];
    const touched: string[][] = [];
    const records = await runPolls(emulator, threads$(), { intervalMs: 1, fullScanEvery: 1000, emitInitial: false }, ks.length + 1, (completed) => {
      // The k oldest threads: each new message moves one to the front.
      const k = ks[completed - 1] ?? 0;
      const chosen = k === 0 ? [] : inbox().slice(-k).map((t) => t.id);
      touched.push(chosen);
      for (const id of chosen) emulator.addMessage('1001', id);
    });
    const polls = records.slice(1);
    expect(polls.map((r) => r.requests)).toEqual(ks.map((k) => Math.ceil((k + 1) / LIMIT)));
    expect(polls.map((r) => r.changes.length)).toEqual(ks);
    polls.forEach((record, i) => {
      expect(ids(record.changes)).toEqual([...(touched[i] ?? [])].sort());
      for (const change of record.changes) {
        expect(change.type).toBe('updated');
        if (change.type === 'updated') expect(change.thread.updated_time.getTime()).toBeGreaterThan(Date.parse(change.previous.updated_time));
      }
    });
  });

  it('a rate-limited poll goes on after intervalMs and reports every change exactly once', async () => {
    const errors: Array<[unknown, number]> = [];
    const changed = inbox().slice(-7).map((t) => t.id);
    const records = await runPolls(
      emulator,
      threads$(),
      { intervalMs: 1, fullScanEvery: 1000, emitInitial: false, onPollError: (error, poll) => errors.push([error, poll]) },
      3,
      (completed) => {
        if (completed !== 1) return;
        for (const id of changed) emulator.addMessage('1001', id);
        emulator.inject({ kind: 'graph-error', code: 613 }, { after: 1 }); // the second page of poll 1
      },
    );
    expect(errors).toEqual([[expect.objectContaining({ kind: 'rate-limit', retryable: true }), 1]]);
    const [, failed, retried] = records;
    expect(failed?.changes).toHaveLength(LIMIT);
    expect(failed?.snapshot.polls).toBe(1);
    expect(retried?.snapshot.polls).toBe(2);
    expect(ids([...(failed?.changes ?? []), ...(retried?.changes ?? [])])).toEqual([...changed].sort());
    expect(retried?.requests).toBe(2);
  });
});

describe('pollDiff over HTTP: full scans', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT });
  const inbox = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });

  it('reports deleted threads and threads moved out of the walked folder as removed, at the second full scan without them', async () => {
    const [deleted, movedOut] = [inbox()[10]?.id ?? '', inbox()[20]?.id ?? ''];
    const before = Object.fromEntries(inbox().map((t) => [t.id, t]));
    const records = await runPolls(emulator, conversations$('1001', opts()), { intervalMs: 1, fullScanEvery: 2, emitInitial: false }, 5, (completed) => {
      if (completed !== 1) return;
      emulator.deleteThread('1001', deleted);
      emulator.moveThread('1001', movedOut, 'other');
    });
    const [, quick, suspecting, quickAgain, full] = records;
    expect([quick, suspecting, quickAgain].flatMap((r) => r?.changes ?? [])).toEqual([]);
    expect(suspecting?.snapshot.unconfirmed?.slice().sort()).toEqual([deleted, movedOut].sort());
    // Confirming costs no request: each full scan is one walk, ceil(N / limit).
    const pages = (threads: number) => Math.ceil(threads / LIMIT);
    expect(records.map((r) => r.requests)).toEqual([pages(inbox().length + 2), 1, pages(inbox().length), 1, pages(inbox().length)]);
    expect(full?.changes.map((c) => [c.type, c.thread.id]).sort()).toEqual([['removed', deleted], ['removed', movedOut]].sort());
    expect(full?.snapshot.unconfirmed).toBeUndefined();
    for (const change of full?.changes ?? []) {
      expect(change.thread.updated_time.getTime()).toBe(Date.parse(before[change.thread.id]?.updated_time.replace('+0000', 'Z') ?? ''));
    }
  });

  it('reports a move between folders of a merged stream as updated, with the old folder in previous', async () => {
    const tagged = (folder: Folder) => conversations$('1001', { ...opts(), folder }).pipe(map((thread): Thread & { folder: Folder } => ({ ...thread, folder })));
    const target = inbox()[3]?.id ?? '';
    const records = await runPolls(emulator, merge(tagged('inbox'), tagged('other')), { intervalMs: 1, fullScanEvery: 1, emitInitial: false }, 2, () => {
      emulator.moveThread('1001', target, 'other');
    });
    const moves = records[1]?.changes ?? [];
    expect(moves).toHaveLength(1);
    expect(moves[0]).toMatchObject({ type: 'updated', thread: { id: target, folder: 'other' }, previous: { folder: 'inbox' } });
    expect(moves[0]?.type === 'updated' && Date.parse(moves[0].previous.updated_time)).toBe(moves[0]?.thread.updated_time.getTime());
  });
});

describe('pollDiff over HTTP: restarting from a saved snapshot', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const threads$ = () => conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT });

  it('emits nothing and makes one request when nothing changed, and only the changes when something did', async () => {
    const [seeded] = await runPolls(emulator, threads$(), { intervalMs: 1, emitInitial: false }, 1);
    const saved = JSON.stringify(seeded?.snapshot);
    const revived = (): PollSnapshot => JSON.parse(saved) as PollSnapshot;

    const [quiet] = await runPolls(emulator, threads$(), { intervalMs: 1, snapshot: revived() }, 1);
    expect(quiet?.changes).toEqual([]);
    expect(quiet?.requests).toBe(1);

    const inbox = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
    const changed = [inbox[30]?.id ?? '', inbox[45]?.id ?? ''];
    for (const id of changed) emulator.addMessage('1001', id);
    const [busy] = await runPolls(emulator, threads$(), { intervalMs: 1, snapshot: revived() }, 1);
    expect(busy?.requests).toBe(1);
    expect(ids(busy?.changes ?? [])).toEqual([...changed].sort());
    expect(busy?.changes.every((c) => c.type === 'updated')).toBe(true);
    expect(busy?.snapshot.polls).toBe((seeded?.snapshot.polls ?? 0) + 1);
  });
});

/**
 * A fetch that, once armed, lets `afterFirstPage` change the emulator right after the
 * first page of the next walk was answered (its body read in full, so the page is the one
 * from before the change), as a new message arriving between two page requests would.
 */
function mutatingFetch(afterFirstPage: () => void): { fetch: FetchLike; arm(): void } {
  let armed = false;
  const fetch: FetchLike = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    const text = await response.text();
    if (armed && !new URL(url).searchParams.has('after')) {
      armed = false;
      afterFirstPage();
    }
    return { ok: response.ok, status: response.status, headers: response.headers, text: () => Promise.resolve(text) };
  };
  return { fetch, arm: () => (armed = true) };
}

describe('pollDiff over HTTP: a thread that moves during a full scan', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const inbox = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });

  it('a thread bumped from a later page to the top after page 1 of a full scan is updated, not removed and re-added', async () => {
    let bumped = '';
    const wrapper = mutatingFetch(() => {
      bumped = inbox()[inbox().length - 1]?.id ?? '';
      emulator.addMessage('1001', bumped);
    });
    const source = conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT, fetch: wrapper.fetch });
    const records = await runPolls(emulator, source, { intervalMs: 1, fullScanEvery: 1, emitInitial: false }, 3, (completed) => {
      if (completed === 1) wrapper.arm(); // poll 1, a full scan, gets the bump
    });
    const [seed, missed, found] = records;
    expect(bumped).not.toBe('');
    // Poll 1 never saw the thread (it moved to the page it had read); one absence is only a suspicion.
    expect(missed?.changes).toEqual([]);
    expect(missed?.snapshot.unconfirmed).toEqual([bumped]);
    expect(found?.changes.map((c) => [c.type, c.thread.id])).toEqual([['updated', bumped]]);
    expect(found?.snapshot.unconfirmed).toBeUndefined();
    // No extra request for it: every full scan is one walk.
    expect(records.map((r) => r.requests)).toEqual([seed, missed, found].map(() => Math.ceil(inbox().length / LIMIT)));
  });
});

describe('pollDiff over HTTP: a restart after a non-retryable error', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const threads$ = () => conversations$('1001', { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT });

  /** Runs pollDiff until it fails, returning the changes it emitted and the error. */
  function untilError(store: SnapshotStore): Promise<{ changes: ThreadChange<Thread>[]; error: unknown }> {
    return new Promise((resolve) => {
      const changes: ThreadChange<Thread>[] = [];
      threads$()
        .pipe(pollDiff<Thread>({ intervalMs: 1, store }))
        .subscribe({ next: (change) => changes.push(change), error: (error: unknown) => resolve({ changes, error }) });
    });
  }

  it('emits each change once: what page 1 emitted is saved before the error ends the stream', async () => {
    const store = memorySnapshotStore();
    const [seeded] = await runPolls(emulator, threads$(), { intervalMs: 1, emitInitial: false, store }, 1);
    expect(seeded?.snapshot.polls).toBe(1);
    const changed = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).slice(-7).map((t) => t.id);
    for (const id of changed) emulator.addMessage('1001', id);
    emulator.inject({ kind: 'graph-error', code: 100 }, { after: 1 }); // page 2 of the next poll: not retryable

    const failed = await untilError(store);
    expect(failed.error).toMatchObject({ code: 100, retryable: false });
    expect(failed.changes).toHaveLength(LIMIT);

    const [restarted] = await runPolls(emulator, threads$(), { intervalMs: 1, store }, 1);
    const emitted = [...failed.changes, ...(restarted?.changes ?? [])];
    expect(ids(emitted)).toEqual([...changed].sort()); // each once, none lost
    expect(restarted?.changes).toHaveLength(changed.length - LIMIT);
    expect(restarted?.snapshot.uncommitted).toBeUndefined();
  });
});

describe('confirmRemovedThreads: asking Graph whether threads still exist', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());
  beforeEach(() => emulator.clearRequests());

  const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url });
  const inbox = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
  const NEVER = 't_mid.1460972298060:1e3b607d4aac03ef23';

  it('answers the ids Graph says do not exist, in the order given, with one GET /{id}?fields=id each, the token in the header only', async () => {
    const [kept, deleted] = [inbox()[0]?.id ?? '', inbox()[1]?.id ?? ''];
    emulator.deleteThread('1001', deleted);
    const gone = await firstValueFrom(confirmRemovedThreads(opts())([NEVER, kept, deleted, kept]));
    expect(gone).toEqual([NEVER, deleted]);
    const requests = emulator.requests;
    expect(requests.map((r) => r.path).sort()).toEqual([`/v19.0/${NEVER}`, `/v19.0/${kept}`, `/v19.0/${deleted}`].sort());
    for (const r of requests) {
      expect(r.query).toEqual({ fields: 'id' });
      expect(r.headers['authorization']).toBe(`Bearer ${emulator.accessToken}`);
    }
    // The id is one encoded path segment.
    expect(requests.find((r) => r.path.endsWith(NEVER))?.url).toContain(encodeURIComponent(NEVER));
  });

  it('has at most `concurrency` lookups in flight (default 4)', async () => {
    let inFlight = 0;
    let most = 0;
    const counting: FetchLike = async (url, init) => {
      inFlight += 1;
      most = Math.max(most, inFlight);
      try {
        const response = await globalThis.fetch(url, init);
        const text = await response.text();
        return { ok: response.ok, status: response.status, headers: response.headers, text: () => Promise.resolve(text) };
      } finally {
        inFlight -= 1;
      }
    };
    const ids = inbox().slice(0, 12).map((t) => t.id);
    expect(await firstValueFrom(confirmRemovedThreads({ ...opts(), fetch: counting })(ids))).toEqual([]);
    expect(most).toBe(4);
    most = 0;
    await firstValueFrom(confirmRemovedThreads({ ...opts(), fetch: counting, concurrency: 2 })(ids));
    expect(most).toBe(2);
  });

  it.each([
    ['subcode 33 without a type', { kind: 'graph-error', code: 100, subcode: 33, type: '' } as const],
    ['GraphMethodException without a subcode', { kind: 'graph-error', code: 100, type: 'GraphMethodException' } as const],
  ])('counts code 100 with %s as gone', async (_, fault) => {
    const id = inbox()[2]?.id ?? '';
    emulator.inject(fault, { path: id });
    expect(await firstValueFrom(confirmRemovedThreads(opts())([id]))).toEqual([id]);
  });

  it.each([
    ['code 100 without subcode 33 (a refused parameter)', { kind: 'graph-error', code: 100 } as const, { kind: 'invalid-request', retryable: false }],
    ['code 100 with another subcode', { kind: 'graph-error', code: 100, subcode: 2018001, type: 'GraphMethodException' } as const, { kind: 'invalid-request', retryable: false }],
    ['a rate limit', { kind: 'graph-error', code: 613 } as const, { kind: 'rate-limit', retryable: true }],
    ['an expired token', { kind: 'graph-error', code: 190, subcode: 463 } as const, { kind: 'auth', retryable: false }],
    ['a server error', { kind: 'http-status', status: 503 } as const, { retryable: true }],
  ])('fails the confirmation on %s', async (_, fault, expected) => {
    const [a, b] = [inbox()[4]?.id ?? '', inbox()[5]?.id ?? ''];
    emulator.inject(fault, { path: b });
    await expect(firstValueFrom(confirmRemovedThreads(opts())([a, b]))).rejects.toMatchObject(expected);
  });

  it('perRequest applies to each lookup: a retry re-sends only the lookup that failed', async () => {
    const ids = inbox().slice(6, 10).map((t) => t.id);
    const flaky = ids[2] ?? '';
    emulator.inject({ kind: 'graph-error', code: 613 }, { path: flaky, times: 2 });
    const perRequest = retryOnRateLimit({ maxRetries: 3, baseDelayMs: 1, maxDelayMs: 2 });
    expect(await firstValueFrom(confirmRemovedThreads({ ...opts(), perRequest })(ids))).toEqual([]);
    expect(emulator.requests.filter((r) => r.path.endsWith(flaky))).toHaveLength(3);
    expect(emulator.requests).toHaveLength(ids.length + 2);
  });

  it('refuses bad options and ids before any request, without echoing the token', async () => {
    await expect(firstValueFrom(confirmRemovedThreads({ ...opts(), concurrency: 0 })(['t_1']))).rejects.toMatchObject({ kind: 'invalid-input', option: 'concurrency' });
    const notAnOperator = { ...opts(), perRequest: 'retry' } as unknown as ConfirmRemovedOptions;
    await expect(firstValueFrom(confirmRemovedThreads(notAnOperator)(['t_1']))).rejects.toMatchObject({ kind: 'invalid-input', option: 'perRequest' });
    const leaked = firstValueFrom(confirmRemovedThreads(opts())([emulator.accessToken, '']));
    await expect(leaked).rejects.toMatchObject({ kind: 'invalid-input', option: 'ids' });
    await leaked.catch((error: unknown) => expect(JSON.stringify(error) + String(error)).not.toContain(emulator.accessToken));
    expect(emulator.requests).toEqual([]);
  });
});

describe('pollDiff over mergeFolders with confirmRemovedThreads: what confirming costs', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator.close());

  const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT });
  const all = () => emulator.threads('1001', { platform: 'MESSENGER' });
  const pagesOf = (folder: Folder) => Math.max(1, Math.ceil(emulator.threads('1001', { folder, platform: 'MESSENGER' }).length / LIMIT));

  it('a thread two full scans missed but Graph still has is kept; a deleted one is removed; one lookup per candidate, only at the second scan', async () => {
    const [hidden, deleted] = [all()[6]?.id ?? '', all()[12]?.id ?? ''];
    // Polls 1 and 2 miss `hidden`, as a walk misses a thread that moves at the wrong moment twice.
    let poll = 0;
    const merged = mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder }));
    const source = defer(() => {
      const number = poll++;
      return merged.pipe(filter((t) => !(t.id === hidden && (number === 1 || number === 2))));
    });
    const records = await runPolls(
      emulator,
      source,
      { intervalMs: 1, fullScanEvery: 1, emitInitial: false, confirmRemoved: confirmRemovedThreads(opts()) },
      4,
      (completed) => {
        if (completed === 1) emulator.deleteThread('1001', deleted);
      },
    );
    const walkCost = FOLDERS.reduce((sum, folder) => sum + pagesOf(folder), 0);
    expect(records.slice(1).map((r) => r.requests)).toEqual([walkCost, walkCost, walkCost]);
    // Poll 1 suspects both; poll 2 asks about both, once each; nothing asked otherwise.
    expect(records.map((r) => r.lookups)).toEqual([0, 0, 2, 0]);
    expect(records[1]?.snapshot.unconfirmed?.slice().sort()).toEqual([hidden, deleted].sort());
    expect(records[2]?.changes.map((c) => [c.type, c.thread.id])).toEqual([['removed', deleted]]);
    expect(records[2]?.snapshot.unconfirmed).toBeUndefined();
    expect(Object.keys(records[2]?.snapshot.threads ?? {})).toContain(hidden);
    expect(records[3]?.changes).toEqual([]);
  });
});
