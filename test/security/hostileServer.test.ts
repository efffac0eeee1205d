// A server that trickles, never ends, or sends gigabytes: the request times out or is
// refused with a clear error, quickly, whichever fetch is used, and memory stays flat.
import crossFetch from 'cross-fetch';
import { conversations$, type ConversationsOptions, type FetchLike, TransportError } from '../../src/index';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { expectNoSecrets } from '../support/secrets';
import { settle } from '../support/walk';
import { clearBetweenTests } from '../support/emulator';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ appSecret: 'hostile-app-secret-value' });
});
afterAll(() => emulator.close());
clearBetweenTests(() => emulator);

// undefined: the default transport, node:http on Node (its own cap and inflation).
const fetches: Array<[string, FetchLike | undefined]> = [
  ['the default transport (node:http)', undefined],
  ['cross-fetch (node-fetch, Node stream body)', crossFetch as FetchLike],
  ['globalThis.fetch (undici, WHATWG stream body)', globalThis.fetch as FetchLike],
];

async function failure(options: Partial<ConversationsOptions>): Promise<TransportError> {
  const { values, error } = await settle(
    conversations$('1001', { accessToken: emulator.accessToken, appSecret: 'hostile-app-secret-value', graphUrl: emulator.url, ...options }),
  );
  expect(values).toEqual([]);
  expect(error).toBeInstanceOf(TransportError);
  expectNoSecrets(error, [emulator.accessToken, 'hostile-app-secret-value']);
  // The server sees the request end: nothing keeps the socket open.
  const [request] = emulator.requests;
  if (request !== undefined) expect((await emulator.settled(request)).state).not.toBe('pending');
  return error as TransportError;
}

describe.each(fetches)('with %s', (_, fetch) => {
  it('a body that trickles forever times out (the timeout covers reading the body)', async () => {
    emulator.inject({ kind: 'trickle', intervalMs: 5 });
    // Long enough for the headers to arrive on a loaded machine (with 150 ms, a side-by-side
    // run once timed out before them, with no status): the point is a timeout mid-body.
    const error = await failure({ fetch, timeoutMs: 1000 });
    expect(error).toMatchObject({ kind: 'timeout', retryable: true, status: 200 });
    expect(error.message).toMatch(/within 1000 ms/);
  });

  it('a response that never ends times out', async () => {
    emulator.inject({ kind: 'never-close' });
    const error = await failure({ fetch, timeoutMs: 150 });
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('a 2 GB body announced by Content-Length is refused before reading', async () => {
    emulator.inject({ kind: 'huge', announce: true });
    const error = await failure({ fetch, timeoutMs: 5000 });
    expect(error).toMatchObject({ kind: 'bad-response', retryable: false, status: 200 });
    expect(error.message).toContain('2147483648 bytes (Content-Length) exceeds maxResponseBytes (33554432 bytes)');
  });

  it('a 2 GB chunked body stops at maxResponseBytes without holding it in memory', async () => {
    emulator.inject({ kind: 'huge', announce: false });
    const before = process.memoryUsage().rss;
    const error = await failure({ fetch, timeoutMs: 10_000, maxResponseBytes: 4 * 1024 * 1024 });
    expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
    expect(error.message).toMatch(/exceeds maxResponseBytes \(4194304 bytes\): stopped after \d+ bytes/);
    // Far less than the 2 GB sent our way (a generous bound: GC timing varies).
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  it('a body just under the cap is read normally', async () => {
    const { values, error } = await settle(
      conversations$('1001', { accessToken: emulator.accessToken, appSecret: 'hostile-app-secret-value', graphUrl: emulator.url, fetch, limit: 3, maxResponseBytes: 64 * 1024 }),
    );
    expect(error).toBeUndefined();
    expect(values.length).toBeGreaterThan(0);
  });
});

describe('a fetch without a stream body', () => {
  it('falls back to text() and still enforces the cap', async () => {
    const textOnly: FetchLike = async (url, init) => {
      const response = await globalThis.fetch(url, init);
      return { ok: response.ok, status: response.status, headers: new Headers(), text: () => response.text() };
    };
    const error = await failure({ fetch: textOnly, maxResponseBytes: 100 });
    expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
    expect(error.message).toMatch(/exceeds maxResponseBytes \(100 bytes\)/);
  });

  it('a fetch that ignores the abort signal still times out', async () => {
    const deaf: FetchLike = () => new Promise(() => undefined);
    const { error } = await settle(conversations$('1001', { accessToken: 'EAAB-deaf-token', graphUrl: emulator.url, fetch: deaf, timeoutMs: 50 }));
    expect(error).toMatchObject({ kind: 'timeout', retryable: true });
  });

  it('maxResponseBytes is checked like every option', async () => {
    const { error } = await settle(conversations$('1001', { accessToken: 'EAAB-x-token', maxResponseBytes: 0 }));
    expect(error).toMatchObject({ kind: 'invalid-input', option: 'maxResponseBytes' });
  });
});
