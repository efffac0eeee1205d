// A full walk under mutation: what a plain walk guarantees, and what `consistent: true`
// adds, measured in requests against the emulator. Threads are bumped (a new message
// moves them to the front) right after a chosen page was answered, so every run is the same.
import { buildStream } from '../../src/cli/run';
import { conversations$, InvalidInputError, retryOnRateLimit, type ConversationsOptions, type FetchLike } from '../../src/index';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect, settle } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

const PAGE = '1001';
const LIMIT = 10;
const inbox = () => emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id);
const pageRequests = () => emulator.requests.filter((r) => r.path.endsWith('/conversations')).length;

/** A fetch that, right after the `afterPage`-th page (1-based) was answered, bumps the given threads. */
function bumpingFetch(afterPage: number, threadIds: () => readonly string[]): FetchLike {
  let answered = 0;
  return async (url, init) => {
    const response = await globalThis.fetch(url, init);
    answered += 1;
    if (answered === afterPage) for (const id of threadIds()) emulator.addMessage(PAGE, id);
    return response;
  };
}

const options = (fetch?: FetchLike): ConversationsOptions => ({ accessToken: emulator.accessToken, graphUrl: emulator.url, limit: LIMIT, ...(fetch === undefined ? {} : { fetch }) });

describe('a plain walk under bumps', () => {
  it('misses a thread that moved from a page not read yet to the front, and delivers every thread that did not move', async () => {
    const before = inbox();
    const moved = [before[35] ?? '', before[52] ?? ''];
    const threads = await collect(conversations$(PAGE, { ...options(bumpingFetch(2, () => moved)), perPage: retryOnRateLimit() }));
    const got = threads.map((t) => t.id);
    expect(got).not.toContain(moved[0]);
    expect(got).not.toContain(moved[1]);
    expect(new Set(got)).toEqual(new Set(before.filter((id) => !moved.includes(id))));
  });
});

describe('consistent: true', () => {
  it('costs one extra request when nothing moved, and emits each thread once', async () => {
    const expected = inbox();
    const threads = await collect(conversations$(PAGE, { ...options(), consistent: true }));
    expect(threads.map((t) => t.id)).toEqual(expected);
    expect(pageRequests()).toBe(Math.ceil(expected.length / LIMIT) + 1);
  });

  it('delivers the threads that moved to the front during the walk, each thread once, for one extra request', async () => {
    const before = inbox();
    const moved = [before[35] ?? '', before[52] ?? '', before[3] ?? ''];
    const threads = await collect(conversations$(PAGE, { ...options(bumpingFetch(2, () => moved)), consistent: true }));
    const got = threads.map((t) => t.id);
    expect(got).toHaveLength(before.length);
    expect(new Set(got)).toEqual(new Set(before));
    // 6 pages, then one page from the top: the 3 moved threads, the thread at the mark, and older ones.
    expect(pageRequests()).toBe(Math.ceil(before.length / LIMIT) + 1);
    // The thread that moved from a page already read is not emitted again.
    expect(got.filter((id) => id === moved[2])).toHaveLength(1);
  });

  it('reads further from the top when more moved than one page holds', async () => {
    const before = inbox();
    const moved = before.slice(40, 55);
    const threads = await collect(conversations$(PAGE, { ...options(bumpingFetch(3, () => moved)), consistent: true }));
    expect(new Set(threads.map((t) => t.id))).toEqual(new Set(before));
    expect(threads).toHaveLength(before.length);
    // The walk: 3 pages, then the 15 threads left below the cursor (2 pages). The re-read:
    // the 15 moved, the one at the mark and the first older one, 17 threads: 2 pages.
    expect(pageRequests()).toBe(3 + Math.ceil((before.length - 3 * LIMIT - moved.length) / LIMIT) + 2);
  });

  it('its re-read goes through perPage: a rate limit on it is retried, that page only', async () => {
    const expected = inbox();
    const pages = Math.ceil(expected.length / LIMIT);
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: pages });
    const threads = await collect(conversations$(PAGE, { ...options(), consistent: true, perPage: retryOnRateLimit({ baseDelayMs: 0, maxDelayMs: 0 }) }));
    expect(threads.map((t) => t.id)).toEqual(expected);
    expect(pageRequests()).toBe(pages + 2);
  });

  it('a value other than true or false is refused before any request', async () => {
    const { error } = await settle(conversations$(PAGE, { ...options(), consistent: 'yes' as unknown as boolean }));
    expect(error).toBeInstanceOf(InvalidInputError);
    expect(error).toMatchObject({ option: 'consistent' });
    expect(pageRequests()).toBe(0);
  });
});

describe("the command line's listing", () => {
  it('is consistent: a thread bumped from a page not yet read is printed, once', async () => {
    const before = inbox();
    const moved = [before[47] ?? ''];
    const cli = {
      pageId: PAGE,
      accessToken: emulator.accessToken,
      appSecret: undefined,
      graphUrl: emulator.url,
      folder: undefined,
      platform: undefined,
      userId: undefined,
      fields: undefined,
      limit: LIMIT,
      max: undefined,
      allFolders: false,
      watchMs: undefined,
      maxRetries: 0,
    };
    const printed = (await collect(buildStream(cli, { fetch: bumpingFetch(1, () => moved) }))) as Array<{ id: string }>;
    expect(printed.map((t) => t.id).sort()).toEqual([...before].sort());
  });
});
