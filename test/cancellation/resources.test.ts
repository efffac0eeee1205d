// After unsubscribe nothing is left behind: no timer, no socket, no pending fetch. Run
// by `npm run test:handles` with --detectOpenHandles; each test also checks the active
// resources itself, so a leak fails here even without the flag. Each test has its own
// emulator: requests in flight must be seen aborted by the server (the client closed
// its socket), and once the emulator is closed (which also ends idle keep-alive
// connections) the process must be back to the resources it had before.
import crossFetch from 'cross-fetch';
import { pipe, Subject, take, takeUntil, type Observable, type Subscription } from 'rxjs';
import {
  conversations$,
  mergeFolders,
  pollDiff,
  retryOnRateLimit,
  throttleByUsage,
  type ConversationsOptions,
  type FetchLike,
  type PagePolicy,
} from '../../src/index';
import { startEmulator, type Emulator, type RequestRecord } from '../../src/testing/index';

let emulator: Emulator;
let baseline: Record<string, number>;

/** Active resources (what keeps the event loop alive) by type. */
function resources(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) out[type] = (out[type] ?? 0) + 1;
  return out;
}

/** Closes the emulator, then waits until the active resources are back to the baseline (sockets close asynchronously), or fails. */
async function expectBackToBaseline(): Promise<void> {
  await emulator.close();
  // More than before is a leak; fewer is something of an earlier test that ended since.
  const extra = () => Object.entries(resources()).filter(([type, n]) => n > (baseline[type] ?? 0));
  // Sockets close, and undici retires its own coarse timers, on their own schedule (later
  // on a loaded machine): check again every few ms until it is back, for up to 5 s. A timer
  // of ours left running (the request timeout is 30 s) still shows at the deadline.
  const deadline = Date.now() + 5_000;
  while (extra().length > 0 && Date.now() < deadline) await new Promise<void>((resolve) => setTimeout(resolve, 5));
  expect({ extra: Object.fromEntries(extra()), baseline }).toEqual({ extra: {}, baseline });
}

beforeEach(async () => {
  await new Promise<void>((resolve) => setImmediate(resolve));
  baseline = resources();
  emulator = await startEmulator();
});
afterEach(() => emulator.close());

// undefined: the default transport, node:http on Node.
const fetches: Array<[string, FetchLike | undefined]> = [
  ['the default transport (node:http)', undefined],
  ['cross-fetch', crossFetch as FetchLike],
  ['globalThis.fetch', globalThis.fetch as FetchLike],
];

describe.each(fetches)('with %s', (_, fetch) => {
  const opts = (): ConversationsOptions => ({ accessToken: emulator.accessToken, graphUrl: emulator.url, fetch, limit: 5 });

  /** Subscribes, waits for the request to reach the server, unsubscribes; the server must see it aborted. */
  async function leaveInFlight(source: Observable<unknown>): Promise<RequestRecord> {
    const arrived = emulator.nextRequest();
    const subscription = source.subscribe({ error: () => undefined });
    const request = await arrived;
    subscription.unsubscribe();
    const settled = await emulator.settled(request);
    expect(settled.state).toBe('aborted');
    return settled;
  }

  it('unsubscribing while the server has not answered', async () => {
    emulator.inject({ kind: 'hang' });
    await leaveInFlight(conversations$('1001', opts()));
    await expectBackToBaseline();
  });

  it('unsubscribing while the body trickles in', async () => {
    emulator.inject({ kind: 'trickle', intervalMs: 5 });
    await leaveInFlight(conversations$('1001', opts()));
    await expectBackToBaseline();
  });

  it('unsubscribing while a huge body streams in', async () => {
    emulator.inject({ kind: 'huge', announce: false });
    await leaveInFlight(conversations$('1001', opts()));
    await expectBackToBaseline();
  });

  it('unsubscribing during a retry wait, with a throttle in front', async () => {
    emulator.inject({ kind: 'graph-error', code: 613 });
    let subscription: Subscription | undefined;
    await new Promise<void>((resolve) => {
      const perPage: PagePolicy = pipe(throttleByUsage(), retryOnRateLimit({ baseDelayMs: 60_000, maxDelayMs: 60_000, random: () => 1, onRetry: () => resolve() }));
      subscription = conversations$('1001', { ...opts(), perPage }).subscribe();
    });
    subscription?.unsubscribe();
    expect(emulator.requests).toHaveLength(1);
    await expectBackToBaseline();
  });

  it('take(n) ends a walk mid-way: the next page is never requested', async () => {
    await new Promise<void>((resolve) => conversations$('1001', opts()).pipe(take(3)).subscribe({ complete: resolve }));
    expect(emulator.requests).toHaveLength(1);
    await expectBackToBaseline();
  });

  it('mergeFolders: unsubscribing stops every folder in flight', async () => {
    emulator.inject({ kind: 'hang' }, { times: 4 });
    const subscription = mergeFolders(['inbox', 'other', 'page_done', 'spam'], (folder) => conversations$('1001', { ...opts(), folder })).subscribe();
    while (emulator.requests.length < 4) await emulator.nextRequest();
    subscription.unsubscribe();
    const settled = await Promise.all(emulator.requests.map((r) => emulator.settled(r)));
    expect(settled.map((r) => r.state)).toEqual(['aborted', 'aborted', 'aborted', 'aborted']);
    await expectBackToBaseline();
  });

  it('pollDiff: unsubscribing between polls clears the interval timer', async () => {
    const stop = new Subject<void>();
    let polls = 0;
    const done = new Promise<void>((resolve) => {
      conversations$('1001', opts())
        .pipe(
          pollDiff({
            intervalMs: 3_600_000,
            onSnapshot: () => {
              polls += 1;
              // The next poll is an hour away: leave now, the timer must go with us.
              setImmediate(() => {
                stop.next();
                resolve();
              });
            },
          }),
          takeUntil(stop),
        )
        .subscribe();
    });
    await done;
    expect(polls).toBe(1);
    await expectBackToBaseline();
  });

  it('a timeout leaves nothing behind either', async () => {
    emulator.inject({ kind: 'never-close' });
    await new Promise<void>((resolve) => conversations$('1001', { ...opts(), timeoutMs: 50 }).subscribe({ error: () => resolve() }));
    const [request] = emulator.requests;
    if (request !== undefined) expect((await emulator.settled(request)).state).toBe('aborted');
    await expectBackToBaseline();
  });
});
