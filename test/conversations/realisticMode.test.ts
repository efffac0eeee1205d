/**
 * The library against the emulator in its realistic mode (realism: 'graph'): paging-token
 * URLs without cursors, a `next` past the last page, nulls in nested fields, real id
 * shapes, no usage header at low usage, 80006 throttling with X-Business-Use-Case-Usage.
 */
import { firstValueFrom, pipe, Subject, take, takeUntil, tap, toArray } from 'rxjs';
import { conversations$, createUsageThrottle, FOLDERS, mergeFolders, messages$, messagesField, retryOnRateLimit, throttleByUsage, type DecodeWarning, type GraphUsage, type RetryInfo } from '../../src/index';
import { pollDiff, type ThreadChange } from '../../src/operators/pollDiff';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect, settle } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started), { realism: 'graph' });

const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url });
const quick = { baseDelayMs: 1, maxDelayMs: 5 };

describe('walks in realistic mode', () => {
  it('follow until/__paging_token links to the empty last page: every thread of every folder once, no warning, no usage seen', async () => {
    const warnings: DecodeWarning[] = [];
    const usage: GraphUsage[] = [];
    const fields = ['snippet', 'unread_count', 'participants', messagesField({ limit: 3, fields: ['message', 'attachments', 'shares'] })] as const;
    const threads = await collect(
      mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 10, fields, onDecodeWarning: (w) => warnings.push(w), onUsage: (u) => usage.push(u) })),
    );
    expect(threads.map((t) => t.id)).toEqual(emulator.threads('1001', { platform: 'MESSENGER' }).map((t) => t.id));
    expect(threads.every((t) => /^t_\d{15}$/.test(t.id) && typeof t.unread_count === 'number')).toBe(true);
    expect(warnings).toEqual([]);
    expect(usage).toEqual([]);
    // The inbox's 60 threads in pages of 10: six full pages, then the empty one `next` led to.
    expect(emulator.requests.filter((r) => r.query['folder'] === 'inbox')).toHaveLength(7);
    expect(emulator.requests.some((r) => r.query['__paging_token']?.startsWith('enc_') === true)).toBe(true);
  });

  it('read pages written as Graph writes JSON (`\\/`, `\\u00e9`, `\\u0025`) the fast way: the token cut from every paging URL, the spellings pattern never built', async () => {
    const built = jest.spyOn(globalThis, 'RegExp');
    try {
      const pages: Array<string | undefined> = [];
      const threads = await collect(conversations$('1001', { ...opts(), limit: 10, perPage: (request) => request.pipe(tap((page) => pages.push(page.next))) }));
      expect(threads.map((t) => t.id)).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id));
      expect(pages.length).toBeGreaterThan(2);
      expect(JSON.stringify([threads, pages])).not.toContain(emulator.accessToken);
      expect(built).not.toHaveBeenCalled();
    } finally {
      built.mockRestore();
    }
  });

  it('messages$ reads Messenger pages and stops at Instagram’s readable history', async () => {
    const longest = [...emulator.threads('1001', { platform: 'MESSENGER' })].sort((a, b) => b.message_count - a.message_count)[0];
    const messages = await collect(messages$(longest?.id ?? '', { ...opts(), limit: 7, fields: ['message', 'attachments', 'shares'] }));
    expect(messages).toHaveLength(longest?.message_count ?? 0);
    expect(messages.every((m) => /^m_[A-Za-z0-9_-]{86}$/.test(m.id))).toBe(true);
    const instagram = emulator.threads('1001', { platform: 'INSTAGRAM' }).find((t) => t.message_count > 25);
    expect(await collect(messages$(instagram?.id ?? '', { ...opts(), limit: 8 }))).toHaveLength(20);
    const { values, error } = await settle(messages$(instagram?.id ?? '', { ...opts(), limit: 8, historyLimit: 'error' }));
    expect(values).toHaveLength(20);
    expect(error).toMatchObject({ kind: 'history-limit' });
  });
});

describe('retry and throttle in realistic mode', () => {
  it('a Page throttled with 80006 carries the wait X-Business-Use-Case-Usage gives (retryAfterMs); a wait past maxWaitMs is not retried', async () => {
    const tight = await startEmulator({ realism: 'graph', budget: { calls: 2, windowMs: 60_000 } });
    try {
      const retries: RetryInfo[] = [];
      const { values, error } = await settle(
        conversations$('1001', { accessToken: tight.accessToken, graphUrl: tight.url, limit: 10, perPage: retryOnRateLimit({ ...quick, maxWaitMs: 1_000, onRetry: (r) => retries.push(r) }) }),
      );
      expect(values).toHaveLength(20);
      // 1 minute to regain access is more than maxWaitMs: not retried, and the error says how long.
      expect(retries).toEqual([]);
      expect(error).toMatchObject({ kind: 'rate-limit', code: 80006, retryAfterMs: 60_000 });
      expect((error as { usage?: GraphUsage }).usage).toBeDefined();
    } finally {
      await tight.close();
    }
  });

  it('throttleByUsage and retryOnRateLimit pass responses without any usage header straight through', async () => {
    emulator.inject({ kind: 'graph-error', code: 80006 }, { after: 1 });
    const throttle = createUsageThrottle();
    const retries: RetryInfo[] = [];
    const threads = await collect(conversations$('1001', { ...opts(), limit: 25, perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit({ ...quick, onRetry: (r) => retries.push(r) })) }));
    expect(threads.map((t) => t.id)).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id));
    expect(retries.map((r) => r.error.kind)).toEqual(['rate-limit']);
    expect(emulator.requests.every((r) => r.status !== undefined)).toBe(true);
  });
});

describe('error bodies as captured', () => {
  it('classify bodies without type or fbtrace_id, with error_data as string or object and an empty error_user_msg', async () => {
    emulator.inject({ kind: 'graph-error', code: 1, type: null, fbtraceId: null, isTransient: false, userTitle: 'Cannot load', userMessage: '', errorData: 'blocked' });
    const permanent = (await settle(conversations$('1001', { ...opts(), perPage: retryOnRateLimit(quick) }))).error;
    expect(permanent).toMatchObject({ kind: 'graph', retryable: false, type: undefined, userMessage: '', code: 1 });
    expect(emulator.requests).toHaveLength(1);
    emulator.inject({ kind: 'graph-error', code: 2500, fbtraceId: null, errorData: { blame_field_specs: [['fields']] } });
    expect((await settle(conversations$('1001', opts()))).error).toMatchObject({ kind: 'invalid-request', code: 2500, fbtraceId: expect.any(String) });
  });
});

describe('pollDiff in realistic mode', () => {
  it('a quiet poll costs one request per folder; a new message is found at the next poll', async () => {
    const stop = new Subject<void>();
    const changes: Array<ThreadChange<{ id: string; updated_time: Date }>> = [];
    const polls: number[] = [];
    let polled = 0;
    const done = firstValueFrom(
      mergeFolders(FOLDERS, (folder) => conversations$('1001', { ...opts(), folder, limit: 25, fields: ['snippet'] })).pipe(
        pollDiff({
          intervalMs: 1,
          emitInitial: false,
          onSnapshot: () => {
            polled += 1;
            polls.push(emulator.requests.length);
            emulator.clearRequests();
            if (polled === 2) emulator.addMessage('1001', emulator.threads('1001', { folder: 'spam', platform: 'MESSENGER' })[2]?.id ?? '', { text: 'still there?' });
            if (polled === 3) stop.next();
          },
        }),
        takeUntil(stop),
        toArray(),
      ),
    );
    changes.push(...(await done));
    expect(polls.slice(1)).toEqual([4, 4]);
    expect(changes.map((c) => [c.type, c.thread.id])).toEqual([['updated', emulator.threads('1001', { folder: 'spam', platform: 'MESSENGER' })[0]?.id]]);
  });

  it('takes 20 threads with one request in realistic mode too', async () => {
    const threads = await firstValueFrom(conversations$('1001', { ...opts(), limit: 25 }).pipe(take(20), toArray()));
    expect(threads).toHaveLength(20);
    expect(emulator.requests).toHaveLength(1);
  });
});
