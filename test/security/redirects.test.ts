// A redirect is a `next` the server did not put in the body: it is checked like one.
// The token never travels to another origin, whichever fetch is used, and a same-origin
// hop is followed (bounded) without the token Graph may have put in its Location.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import crossFetch from 'cross-fetch';
import { conversations$, GraphError, type FetchLike } from '../../src/index';
import { settle } from '../support/walk';
import { errorSources, expectNoLeaks, LEAK_APP_SECRET, LEAK_TOKEN } from './leakScan';

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

/** A loopback server that answers with `respond` and logs what it received. */
async function server(respond: (url: string) => { status: number; headers?: Record<string, string>; body?: string }): Promise<{ origin: string; seen: Seen[]; close: () => Promise<void> }> {
  const seen: Seen[] = [];
  const http: Server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    const answer = respond(req.url ?? '');
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body ?? '');
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return { origin: `http://127.0.0.1:${port}`, seen, close: () => new Promise((resolve) => http.close(() => resolve())) };
}

const page = (id: string) => JSON.stringify({ data: [{ id, updated_time: '2024-03-01T12:30:05+0000' }] });

// undefined: the default transport, node:http on Node.
const fetches: Array<[string, FetchLike | undefined]> = [
  ['the default transport (node:http)', undefined],
  ['cross-fetch', crossFetch as FetchLike],
  ['globalThis.fetch', globalThis.fetch as FetchLike],
];

describe.each(fetches)('redirects with %s', (_, fetch) => {
  const opts = { accessToken: LEAK_TOKEN, appSecret: LEAK_APP_SECRET, fetch, timeoutMs: 5000 };

  it('a 301 to another origin is refused: no request there, no thread emitted', async () => {
    const foreign = await server(() => ({ status: 200, body: page('t_foreign') }));
    const graph = await server(() => ({ status: 301, headers: { location: `${foreign.origin}/v19.0/1001/conversations?access_token=${LEAK_TOKEN}` } }));
    try {
      const { values, error } = await settle(conversations$('1001', { ...opts, graphUrl: graph.origin }));
      expect(values).toEqual([]);
      expect(error).toBeInstanceOf(GraphError);
      expect(error).toMatchObject({ kind: 'unsafe-paging', retryable: false });
      expect((error as Error).message).toContain(`points to ${foreign.origin}`);
      expect(foreign.seen).toEqual([]);
      expectNoLeaks(errorSources('cross-origin redirect', error));
    } finally {
      await Promise.all([foreign.close(), graph.close()]);
    }
  });

  it('a same-origin redirect is followed without the token in the URL, with the header and appsecret_proof', async () => {
    const graph = await server((url) =>
      url.startsWith('/moved')
        ? { status: 200, body: page('t_moved') }
        : { status: 302, headers: { location: `/moved?access_token=${LEAK_TOKEN}&appsecret_proof=stale&fields=id` } },
    );
    try {
      const { values, error } = await settle(conversations$('1001', { ...opts, graphUrl: graph.origin }));
      expect(error).toBeUndefined();
      expect(values.map((t) => t.id)).toEqual(['t_moved']);
      const [first, second] = graph.seen;
      expect(graph.seen).toHaveLength(2);
      expect(second?.url).not.toContain(LEAK_TOKEN);
      expect(second?.url).toMatch(/^\/moved\?fields=id&appsecret_proof=[0-9a-f]{64}$/);
      expect(second?.headers['authorization']).toBe(`Bearer ${LEAK_TOKEN}`);
      expect(first?.headers['authorization']).toBe(`Bearer ${LEAK_TOKEN}`);
    } finally {
      await graph.close();
    }
  });

  it('a same-origin redirect carrying credentials in its user info is refused', async () => {
    const graph = await server(() => ({ status: 307, headers: { location: `http://${LEAK_TOKEN}@127.0.0.1:1/x` } }));
    try {
      const { error } = await settle(conversations$('1001', { ...opts, graphUrl: graph.origin }));
      expect(error).toMatchObject({ kind: 'unsafe-paging' });
      expect(graph.seen).toHaveLength(1);
      expectNoLeaks(errorSources('user-info redirect', error));
    } finally {
      await graph.close();
    }
  });

  it('endless same-origin redirects end after a bounded number of hops', async () => {
    let hop = 0;
    const graph = await server(() => ({ status: 302, headers: { location: `/hop${(hop += 1)}` } }));
    try {
      const { error } = await settle(conversations$('1001', { ...opts, graphUrl: graph.origin }));
      expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
      expect((error as Error).message).toMatch(/redirects/);
      expect(graph.seen.length).toBeLessThanOrEqual(6);
    } finally {
      await graph.close();
    }
  });

  it('a redirect without a Location is a bad response', async () => {
    const graph = await server(() => ({ status: 301 }));
    try {
      const { error } = await settle(conversations$('1001', { ...opts, graphUrl: graph.origin }));
      expect(error).toMatchObject({ kind: 'bad-response' });
    } finally {
      await graph.close();
    }
  });
});

describe('redirects through an injected fetch', () => {
  it('asks the fetch not to follow redirects', async () => {
    const modes: unknown[] = [];
    const fetch: FetchLike = (url, init) => {
      modes.push(init.redirect);
      return globalThis.fetch(url, init);
    };
    const graph = await server(() => ({ status: 200, body: page('t_1') }));
    try {
      await settle(conversations$('1001', { accessToken: LEAK_TOKEN, graphUrl: graph.origin, fetch }));
      expect(modes).toEqual(['manual']);
    } finally {
      await graph.close();
    }
  });

  it("a browser's opaque redirect (type 'opaqueredirect', status 0) is a clear error", async () => {
    const fetch: FetchLike = async () => ({ ok: false, status: 0, type: 'opaqueredirect', headers: new Headers(), text: async () => '' });
    const { values, error } = await settle(conversations$('1001', { accessToken: LEAK_TOKEN, graphUrl: 'http://127.0.0.1:1', fetch }));
    expect(values).toEqual([]);
    expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
    expect((error as Error).message).toMatch(/redirect/);
  });

  it('a fetch that followed a redirect to another origin anyway: its body is not used', async () => {
    const foreign = await server(() => ({ status: 200, body: page('t_foreign') }));
    // A wrapper that ignores `redirect: 'manual'`, as some polyfills do.
    const following: FetchLike = (url, init) => globalThis.fetch(url, { ...init, redirect: 'follow' });
    const graph = await server(() => ({ status: 301, headers: { location: `${foreign.origin}/elsewhere` } }));
    try {
      const { values, error } = await settle(conversations$('1001', { accessToken: LEAK_TOKEN, graphUrl: graph.origin, fetch: following }));
      expect(values).toEqual([]);
      expect(error).toMatchObject({ kind: 'unsafe-paging' });
    } finally {
      await Promise.all([foreign.close(), graph.close()]);
    }
  });
});
