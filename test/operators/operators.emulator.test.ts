import { isLeft, isRight } from 'fp-ts/Either';
import { conversations$, createUsageThrottle, FOLDERS, mergeFolders, retryOnRateLimit, throttleByUsage, toEither, type RetryInfo } from '../../src/index';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { untilRequests } from '../support/requests';
import { collect } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url });
const inboxIds = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id);
const quick = { baseDelayMs: 1, maxDelayMs: 5 };

describe('retryOnRateLimit against the emulator', () => {
  it('survives 613, 80006 and 500 on one page: every thread once, only that page asked again', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 2 });
    emulator.inject({ kind: 'graph-error', code: 80006 }, { after: 2 });
    emulator.inject({ kind: 'graph-error', code: 1, status: 500 }, { after: 2 });
    const retries: RetryInfo[] = [];
    const threads = await collect(conversations$('1001', { ...opts(), limit: 10, perPage: retryOnRateLimit({ ...quick, onRetry: (info) => retries.push(info) }) }));

    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    expect(retries.map((r) => [r.attempt, r.error.kind])).toEqual([
      [1, 'rate-limit'],
      [2, 'rate-limit'],
      [3, 'server'],
    ]);
    const urls = emulator.requests.map((r) => r.url);
    expect(urls).toHaveLength(6 + 3);
    const counts = new Map<string, number>();
    for (const url of urls) counts.set(url, (counts.get(url) ?? 0) + 1);
    expect([...counts.values()].sort()).toEqual([1, 1, 1, 1, 1, 4]);
    expect(counts.get(urls[2] ?? '')).toBe(4);
  });

  it('gives up after maxRetries with the last error', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 1, times: 3 });
    const result = await collect(conversations$('1001', { ...opts(), limit: 10, perPage: retryOnRateLimit({ ...quick, maxRetries: 2 }) }).pipe(toEither()));
    const last = result[result.length - 1];
    expect(result.slice(0, -1).every(isRight)).toBe(true);
    expect(result).toHaveLength(11);
    expect(last && isLeft(last) && last.left).toMatchObject({ kind: 'rate-limit', code: 613 });
    expect(emulator.requests).toHaveLength(4);
  });

  it('leaves a stale cursor to the walk, which restarts and still delivers every thread once', async () => {
    emulator.inject({ kind: 'invalid-cursor' }, { after: 3 });
    const threads = await collect(conversations$('1001', { ...opts(), limit: 10, perPage: retryOnRateLimit(quick) }));
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
    expect(emulator.requests).toHaveLength(4 + 6);
  });

  it('retries a connection reset and a truncated body', async () => {
    emulator.inject({ kind: 'reset' }, { after: 1 });
    emulator.inject({ kind: 'truncated-json' }, { after: 3 });
    const threads = await collect(conversations$('1001', { ...opts(), limit: 25, perPage: retryOnRateLimit(quick) }));
    expect(threads.map((t) => t.id)).toEqual(inboxIds());
  });
});

describe('mergeFolders against the emulator', () => {
  it('walks all folders at once: every folder’s first request arrives before any answer', async () => {
    // Long enough that, even on a loaded machine, all four first requests arrive before any answer.
    emulator.setLatency(150);
    try {
      const walk = collect(mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 20 })));
      await untilRequests(emulator, 4);
      expect(emulator.requests.slice(0, 4).map((r) => r.state)).toEqual(['pending', 'pending', 'pending', 'pending']);
      expect(new Set(emulator.requests.slice(0, 4).map((r) => r.query['folder']))).toEqual(new Set(FOLDERS));
      const threads = await walk;
      const expected = FOLDERS.flatMap((folder) => emulator.threads('1001', { folder, platform: 'MESSENGER' }).map((t) => `${folder}:${t.id}`));
      expect(threads.map((t) => `${t.folder}:${t.id}`).sort()).toEqual(expected.sort());
    } finally {
      emulator.setLatency(0);
    }
  });

  it('emits newest first across folders and asks each folder for no page it does not need', async () => {
    const threads = await collect(mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 20 })));
    const times = threads.map((t) => t.updated_time.getTime());
    expect(times).toEqual([...times].sort((x, y) => y - x));
    // inbox 60, other 10, page_done 15, spam 5: 3 + 1 + 1 + 1 pages, and as many requests.
    expect(emulator.requests.map((r) => r.query['folder']).sort()).toEqual(['inbox', 'inbox', 'inbox', 'other', 'page_done', 'spam']);
  });
});

describe('throttleByUsage against the emulator', () => {
  it('reads the usage headers of every page and spaces requests out past the threshold', async () => {
    // The budget is 10 calls, so each response reports 10% more: 10, 20, ... 60.
    const budgeted = await startEmulator({ budget: { calls: 10, windowMs: 3_600_000 } });
    try {
      // When each request really went, as the throttle recorded it (its own clock); fetch is
      // called just after, so this is read as each request leaves.
      const startedAt: number[] = [];
      const sentAt: number[] = [];
      const throttle = createUsageThrottle({ threshold: 30, maxDelayMs: 70 });
      const timedFetch: typeof fetch = (url, init) => {
        startedAt.push(throttle.state.lastStartAt ?? Number.NaN);
        sentAt.push(Date.now());
        return fetch(url, init);
      };
      const walk = conversations$('1001', { accessToken: budgeted.accessToken, graphUrl: budgeted.url, limit: 10, fetch: timedFetch, perPage: throttleByUsage({ throttle }) });
      const threads = await collect(walk);
      expect(threads).toHaveLength(60);
      expect(budgeted.requests).toHaveLength(6);
      expect(throttle.state.percent).toBe(60);
      // Below 30% requests go at once; after 40% the next one starts at least 10 ms after
      // the previous one, after 50% at least 20 ms. Waits never end early (src/timing), so these are
      // exact lower bounds, however busy the machine.
      const gap = (i: number) => (startedAt[i] ?? Number.NaN) - (startedAt[i - 1] ?? Number.NaN);
      expect(gap(4)).toBeGreaterThanOrEqual(10);
      expect(gap(5)).toBeGreaterThanOrEqual(20);
      // ...and no request left before its slot (the same clock as the throttle's): a timer that
      // fires a millisecond early waits the rest (src/timing/delay.ts).
      sentAt.forEach((sent, i) => expect(sent).toBeGreaterThanOrEqual(startedAt[i] ?? Number.NaN));
    } finally {
      await budgeted.close();
    }
  });
});

describe('toEither against the emulator', () => {
  it('turns an auth failure into a last Left', async () => {
    const results = await collect(conversations$('1001', { ...opts(), accessToken: 'wrong-token' }).pipe(toEither()));
    expect(results).toHaveLength(1);
    expect(results[0] && isLeft(results[0]) && results[0].left.kind).toBe('auth');
  });
});
