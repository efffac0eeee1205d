import { defer, take } from 'rxjs';
import { paginate, type PageOf } from '../../src/conversations/paginate';
import { DecodeError, InvalidInputError, retryOnRateLimit, TransportError, type PagePolicy, type RetryInfo } from '../../src/index';
import { bySubscription, graphError, newScheduler } from '../support/marbles';

type Item = { id: string };
const items = { a: { id: 'a' }, b: { id: 'b' }, c: { id: 'c' }, d: { id: 'd' } };
// random() = 1 makes the backoff its ceiling: 10, 20, 40 ... frames.
const fixed = { baseDelayMs: 10, maxDelayMs: 1000, random: () => 1 };

describe('retryOnRateLimit on a plain stream', () => {
  it('re-subscribes after the backoff: values emitted before the error are emitted again, like RxJS retry', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const { source } = bySubscription<Item>([cold('-a-b-#', items, graphError(613)), cold('-a-b-c|', items)]);
      // error at 5, wait 10, resubscribe at 15: a at 16, b at 18, c at 20.
      expectObservable(source.pipe(retryOnRateLimit(fixed))).toBe('-a-b-' + '-'.repeat(10) + '-a-b-c|', items);
    });
  });

  it('with dedupe, skips values whose id was already emitted', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const { source } = bySubscription<Item>([cold('-a-b-#', items, graphError(613)), cold('-a-b-c|', items)]);
      expectObservable(source.pipe(retryOnRateLimit({ ...fixed, dedupe: true }))).toBe('-a-b-' + '-'.repeat(15) + 'c|', items);
    });
    newScheduler().run(({ cold, expectObservable }) => {
      const { source } = bySubscription<Item>([cold('-a-b-#', items, graphError(613)), cold('-a-b-c|', items)]);
      // A key function: only b counts as seen.
      expectObservable(source.pipe(retryOnRateLimit({ ...fixed, dedupe: (v: Item) => (v.id === 'b' ? v.id : undefined) }))).toBe('-a-b-' + '-'.repeat(10) + '-a---c|', items);
    });
  });

  it('nests: the outer retry re-subscribes the inner one, whose retries start again', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold<Item>('-#', items, graphError(613));
      const { source } = bySubscription<Item>([failing, failing, failing, cold('-a|', items)]);
      // Inner: 1 retry (2 attempts), then the outer retries once: attempts 3 and 4, the 4th succeeds.
      const quickOnes = { baseDelayMs: 1, maxDelayMs: 1, random: () => 1 };
      expectObservable(source.pipe(retryOnRateLimit({ ...quickOnes, maxRetries: 1 }), retryOnRateLimit({ ...quickOnes, maxRetries: 1 }))).toBe('-' + '-' + '-' + '-' + '-' + '-' + '-a|', items);
      void expectSubscriptions;
    });
  });

  it('passes non-retryable errors through at once, without re-subscribing', () => {
    for (const error of [graphError(190), graphError(200), graphError(100), new DecodeError({ what: 'page', report: ['x'] })]) {
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-a-#', items, error);
        expectObservable(source.pipe(retryOnRateLimit(fixed))).toBe('-a-#', items, error);
        expectSubscriptions(source.subscriptions).toBe('^--!');
      });
    }
  });

  it('retries server errors and transient transport errors', () => {
    const errors = [graphError(1, { status: 500 }), new TransportError({ kind: 'network', message: 'reset' }), new TransportError({ kind: 'bad-response', status: 502, message: 'html' })];
    for (const error of errors) {
      newScheduler().run(({ cold, expectObservable }) => {
        const { source } = bySubscription<Item>([cold('-#', items, error), cold('-a|', items)]);
        expectObservable(source.pipe(retryOnRateLimit(fixed))).toBe('-' + '-'.repeat(10) + '-a|', items);
      });
    }
  });

  it('gives up after maxRetries with the last error, unchanged', () => {
    const last = graphError(80006);
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const { source } = bySubscription<Item>([cold('#', items, graphError(613)), cold('#', items, graphError(4)), cold('#', items, last)]);
      expectObservable(source.pipe(retryOnRateLimit({ ...fixed, maxRetries: 2 }))).toBe('-'.repeat(30) + '#', undefined, last);
      void expectSubscriptions;
    });
  });

  it('backs off exponentially with full jitter, capped by maxDelayMs', () => {
    const delays: number[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const { source } = bySubscription<Item>([cold('#', items, graphError(613))]);
      const config = { baseDelayMs: 100, maxDelayMs: 500, maxRetries: 5, random: () => 0.5, onRetry: (i: RetryInfo) => delays.push(i.delayMs) };
      expectObservable(source.pipe(retryOnRateLimit(config))).toBe(`${50 + 100 + 200 + 250 + 250}ms #`, undefined, graphError(613));
    });
    expect(delays).toEqual([50, 100, 200, 250, 250]);
  });

  it('waits at least what Graph asked for, beyond maxDelayMs', () => {
    const asked = graphError(613, { retryAfterMs: 2000 });
    const regain = graphError(80006, { usage: { page: { estimated_time_to_regain_access: 1 } } });
    const seen: RetryInfo[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const { source } = bySubscription<Item>([cold('#', items, asked), cold('#', items, regain), cold('(a|)', items)]);
      expectObservable(source.pipe(retryOnRateLimit({ ...fixed, onRetry: (info) => seen.push(info) }))).toBe('62000ms (a|)', items);
    });
    expect(seen.map((s) => [s.attempt, s.delayMs, s.error])).toEqual([
      [1, 2000, asked],
      [2, 60_000, regain],
    ]);
  });

  it('lets shouldRetry narrow what is retried', () => {
    const error = graphError(613);
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-#', items, error);
      expectObservable(source.pipe(retryOnRateLimit({ ...fixed, shouldRetry: (e) => !e.message.includes('613') }))).toBe('-#', undefined, error);
    });
  });

  it('unsubscribing during a wait cancels it and subscribes to nothing more', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a#', items, graphError(613));
      expectObservable(source.pipe(retryOnRateLimit(fixed)), '^----!').toBe('-a---', items);
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('rejects a bad config with an InvalidInputError on subscribe', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|').pipe(retryOnRateLimit({ maxRetries: -1 }))).toBe('#', undefined, expect.any(InvalidInputError));
      expectObservable(cold('a|').pipe(retryOnRateLimit({ baseDelayMs: 10, maxDelayMs: 5 }))).toBe('#', undefined, expect.any(InvalidInputError));
    });
  });
});

describe('retryOnRateLimit in perPage of a walk', () => {
  // Each page arrives 1 frame after it is asked for; the failures list says how each request of a URL ends.
  function walk(
    helpers: { cold: Parameters<Parameters<ReturnType<typeof newScheduler>['run']>[0]>[0]['cold'] },
    pages: Record<string, PageOf<Item>>,
    failures: Record<string, unknown[]>,
    perPage?: PagePolicy,
  ) {
    const requested: string[] = [];
    // Like a real request, each subscription is one request and decides its own outcome.
    const fetchPage = (url: string) =>
      defer(() => {
        requested.push(url);
        const failure = failures[url]?.shift();
        if (failure !== undefined) return helpers.cold<PageOf<Item>>('-#', undefined, failure);
        const page = pages[url];
        if (page === undefined) throw new Error(`no page ${url}`);
        return helpers.cold('-(p|)', { p: page });
      });
    return { source: paginate('p1', fetchPage, (item: Item) => item.id, { perPage }), requested };
  }

  it('retries the failing page only and delivers every item once', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const w = walk(
        { cold },
        { p1: { items: [items.a], next: 'p2', usage: undefined }, p2: { items: [items.b], next: 'p3', usage: undefined }, p3: { items: [items.c], next: undefined, usage: undefined } },
        { p2: [graphError(613), graphError(80006)] },
        retryOnRateLimit(fixed),
      );
      requested = w.requested;
      const result = w.source;
      // p1 at 1; p2 fails at 2 and at 2+10+1; succeeds at 13+20+1 = 34; p3 at 35.
      expectObservable(result).toBe('-a' + '-'.repeat(32) + 'b(c|)', items);
    });
    expect(requested).toEqual(['p1', 'p2', 'p2', 'p2', 'p3']);
  });

  it('leaves a stale cursor to the walk, which restarts from the first page and skips what was delivered', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const w = walk(
        { cold },
        { p1: { items: [items.a], next: 'p2', usage: undefined }, p2: { items: [items.b, items.c], next: 'p3', usage: undefined }, p3: { items: [items.d], next: undefined, usage: undefined } },
        { p3: [graphError(2642)] },
        retryOnRateLimit(fixed),
      );
      requested = w.requested;
      // a at 1; b, c at 2; p3 fails at 3 and is not retried (the cursor is stale); restart at once:
      // p1 at 4 and p2 at 5 bring nothing new; p3 at 6.
      expectObservable(w.source).toBe('-a(bc)(d|)', items); // (bc) takes frames 2-5, so d is at 6
    });
    expect(requested).toEqual(['p1', 'p2', 'p3', 'p1', 'p2', 'p3']);
  });

  it('take(1) on a retried walk still makes one request', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const w = walk({ cold }, { p1: { items: [items.a, items.b], next: 'p2', usage: undefined }, p2: { items: [items.c], next: undefined, usage: undefined } }, {}, retryOnRateLimit(fixed));
      requested = w.requested;
      expectObservable(w.source.pipe(take(1))).toBe('-(a|)', items);
    });
    expect(requested).toEqual(['p1']);
  });
});

describe('retryOnRateLimit and waits past the ceiling', () => {
  const MAX_TIMER = 2 ** 31 - 1;

  it('ends with the rate-limit error itself, at once, when Graph asks for more than maxWaitMs (default 15 min)', () => {
    const cases = [
      graphError(613, { retryAfterMs: 1e15 }),
      graphError(80006, { usage: { page: { estimated_time_to_regain_access: 36000 } } }),
      graphError(613, { retryAfterMs: 15 * 60_000 + 1 }),
    ];
    for (const error of cases) {
      const seen: RetryInfo[] = [];
      newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
        const source = cold('-a-#', items, error);
        expectObservable(source.pipe(retryOnRateLimit({ ...fixed, onRetry: (info) => seen.push(info) }))).toBe('-a-#', items, error);
        expectSubscriptions(source.subscriptions).toBe('^--!');
      });
      expect(seen).toEqual([]);
    }
  });

  it('waits in full what Graph asks up to maxWaitMs, and a longer ceiling lets a longer wait through', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const { source } = bySubscription<Item>([cold('#', items, graphError(613, { retryAfterMs: 15 * 60_000 })), cold('(a|)', items)]);
      expectObservable(source.pipe(retryOnRateLimit(fixed))).toBe(`${15 * 60_000}ms (a|)`, items);
    });
    newScheduler().run(({ cold, expectObservable }) => {
      const hour = graphError(80006, { usage: { page: { estimated_time_to_regain_access: 60 } } });
      const { source } = bySubscription<Item>([cold('#', items, hour), cold('(a|)', items)]);
      expectObservable(source.pipe(retryOnRateLimit({ ...fixed, maxWaitMs: 3_600_000 }))).toBe('3600000ms (a|)', items);
    });
  });

  it('ignores non-finite and negative hints: an ordinary backoff instead', () => {
    const untrusted = [
      graphError(613, { retryAfterMs: Number.POSITIVE_INFINITY }),
      graphError(613, { retryAfterMs: Number.NaN }),
      graphError(613, { retryAfterMs: -5000 }),
      graphError(80006, { usage: { page: { estimated_time_to_regain_access: Number.POSITIVE_INFINITY } } }),
      graphError(80006, { usage: { page: { estimated_time_to_regain_access: -3 } } }),
    ];
    for (const error of untrusted) {
      const seen: number[] = [];
      newScheduler().run(({ cold, expectObservable }) => {
        const { source } = bySubscription<Item>([cold('#', items, error), cold('(a|)', items)]);
        expectObservable(source.pipe(retryOnRateLimit({ ...fixed, onRetry: (info) => seen.push(info.delayMs) }))).toBe('10ms (a|)', items);
      });
      expect(seen).toEqual([10]);
    }
  });

  it('on a walk, ends with the error of the failing page after the pages before it, without retrying it', () => {
    const requested: string[] = [];
    const error = graphError(613, { retryAfterMs: 1e15 });
    newScheduler().run(({ cold, expectObservable }) => {
      // p2 always fails: only p1 has a page.
      const pages: Record<string, PageOf<Item>> = { p1: { items: [items.a], next: 'p2', usage: undefined } };
      const fetchPage = (url: string) =>
        defer(() => {
          requested.push(url);
          const page = pages[url];
          return page === undefined ? cold<PageOf<Item>>('-#', undefined, error) : cold('-(p|)', { p: page });
        });
      expectObservable(paginate('p1', fetchPage, (item: Item) => item.id, { perPage: retryOnRateLimit(fixed) })).toBe('-a#', items, error);
    });
    expect(requested).toEqual(['p1', 'p2']);
  });

  it.each([
    ['maxWaitMs', { maxWaitMs: MAX_TIMER + 1 }],
    ['maxWaitMs', { maxWaitMs: Number.POSITIVE_INFINITY }],
    ['maxWaitMs', { maxWaitMs: -1 }],
    ['maxWaitMs', { maxWaitMs: Number.NaN }],
    ['maxDelayMs', { maxDelayMs: MAX_TIMER + 1 }],
    ['baseDelayMs', { baseDelayMs: 30 * 24 * 3_600_000, maxDelayMs: 31 * 24 * 3_600_000 }],
  ])('refuses %s that no timer can hold: %p', (option, config) => {
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('a|').pipe(retryOnRateLimit(config))).toBe('#', undefined, expect.objectContaining({ kind: 'invalid-input', option }));
    });
  });
});
