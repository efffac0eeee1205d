// The default transport on Node (node:http): it asks for gzip and inflates, and keeps
// the body cap both on the wire and after inflating, so a small gzip cannot become a
// huge string. Where Node's modules cannot be had, there is no such transport.
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as httpModule from 'node:http';
import * as httpsModule from 'node:https';
import * as zlibModule from 'node:zlib';
import { deflateSync, gunzipSync, gzipSync } from 'node:zlib';
import { conversations$, TransportError } from '../../src/index';
import { INLINE_INFLATE_BYTES, nodeHttpFetch, nodeTransport, NodeTransport } from '../../src/graph/nodeFetch';
import { BodyTooLargeError } from '../../src/graph/readBody';
import { settle } from '../support/walk';

interface Answer {
  readonly headers?: Record<string, string | number>;
  /** Written as one chunk, or chunk by chunk (no Content-Length). */
  readonly body: Buffer | readonly Buffer[];
}

async function server(answer: Answer): Promise<{ origin: string; seen: IncomingHttpHeaders[]; close: () => Promise<void> }> {
  const seen: IncomingHttpHeaders[] = [];
  const http: Server = createServer((req, res) => {
    seen.push(req.headers);
    const { body } = answer;
    res.writeHead(200, { 'content-type': 'application/json', ...(Buffer.isBuffer(body) ? { 'content-length': body.byteLength } : {}), ...answer.headers });
    if (Buffer.isBuffer(body)) res.end(body);
    else {
      for (const chunk of body) res.write(chunk);
      res.end();
    }
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

const page = JSON.stringify({ data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }, { id: 't_2', updated_time: '2024-03-01T12:00:00+0000' }] });

describe('the default transport on Node (node:http)', () => {
  it.each([
    ['gzip', gzipSync(Buffer.from(page))],
    ['deflate', deflateSync(Buffer.from(page))],
  ])('asks for gzip and reads a %s body', async (encoding, body) => {
    const graph = await server({ headers: { 'content-encoding': encoding }, body });
    try {
      const { values, error } = await settle(conversations$('1001', { accessToken: 'EAAB-node-http', graphUrl: graph.origin }));
      expect(error).toBeUndefined();
      expect(values.map((t) => t.id)).toEqual(['t_1', 't_2']);
      expect(graph.seen[0]?.['accept-encoding']).toBe('gzip, deflate');
      expect(graph.seen[0]?.['authorization']).toBe('Bearer EAAB-node-http');
    } finally {
      await graph.close();
    }
  });

  it('a small gzip that inflates past maxResponseBytes is refused, not retryable', async () => {
    const bomb = gzipSync(Buffer.from(`{"data":[],"pad":"${'0'.repeat(200_000)}"}`));
    expect(bomb.byteLength).toBeLessThan(1_000);
    const graph = await server({ headers: { 'content-encoding': 'gzip' }, body: bomb });
    try {
      const { values, error } = await settle(conversations$('1001', { accessToken: 'EAAB-node-http', graphUrl: graph.origin, maxResponseBytes: 10_000 }));
      expect(values).toEqual([]);
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
      expect((error as Error).message).toMatch(/maxResponseBytes \(10000 bytes\)/);
    } finally {
      await graph.close();
    }
  });

  describe('inflating in place or on the thread pool', () => {
    /** A transport whose thread-pool inflation is counted. */
    function counted(maxBytes: number, inlineInflateBytes: number): { transport: NodeTransport; pooled: () => number } {
      let calls = 0;
      const gunzip = ((body: Buffer, options: zlibModule.ZlibOptions, done: (error: Error | null, result: Buffer) => void) => {
        calls += 1;
        zlibModule.gunzip(body, options, done);
      }) as typeof zlibModule.gunzip;
      return { transport: new NodeTransport({ http: httpModule, https: httpsModule, zlib: { ...zlibModule, gunzip } }, maxBytes, inlineInflateBytes), pooled: () => calls };
    }

    async function read(transport: NodeTransport, body: Buffer): Promise<string> {
      const graph = await server({ headers: { 'content-encoding': 'gzip' }, body });
      try {
        return await (await transport.open(`${graph.origin}/v19.0/1001/conversations`, {}).response).text();
      } finally {
        await graph.close();
      }
    }

    const big = `{"data":[],"pad":"${'x'.repeat(5_000)}"}`;

    it('a page-sized body is inflated in place: no thread pool', async () => {
      const { transport, pooled } = counted(1 << 20, INLINE_INFLATE_BYTES);
      expect(await read(transport, gzipSync(Buffer.from(big)))).toBe(big);
      expect(pooled()).toBe(0);
    });

    it('a body that inflates past the inline bound, within the cap, is read whole through the thread pool', async () => {
      const { transport, pooled } = counted(1 << 20, 1_000);
      expect(await read(transport, gzipSync(Buffer.from(big)))).toBe(big);
      expect(pooled()).toBe(1);
    });

    it('past the inline bound and past the cap: refused as too large', async () => {
      const { transport, pooled } = counted(3_000, 1_000);
      await expect(read(transport, gzipSync(Buffer.from(big)))).rejects.toBeInstanceOf(BodyTooLargeError);
      expect(pooled()).toBe(1);
    });

    it('a body that is not gzip at all fails the read in place, without the thread pool', async () => {
      const { transport, pooled } = counted(1 << 20, INLINE_INFLATE_BYTES);
      await expect(read(transport, Buffer.from(big))).rejects.toMatchObject({ code: 'Z_DATA_ERROR' });
      expect(pooled()).toBe(0);
    });
  });

  it('a chunked body (no Content-Length) is stopped once it passes maxResponseBytes', async () => {
    const chunk = Buffer.alloc(4096, 0x20);
    const graph = await server({ body: Array.from({ length: 10 }, () => chunk) });
    try {
      const { error } = await settle(conversations$('1001', { accessToken: 'EAAB-node-http', graphUrl: graph.origin, maxResponseBytes: 10_000 }));
      expect(error).toBeInstanceOf(TransportError);
      expect(error).toMatchObject({ kind: 'bad-response', retryable: false });
      expect((error as Error).message).toMatch(/stopped after \d+ bytes/);
    } finally {
      await graph.close();
    }
  });

  it('an unknown Content-Encoding is a network error, not garbage parsed', async () => {
    const graph = await server({ headers: { 'content-encoding': 'zstd' }, body: Buffer.from('(zstd bytes)') });
    try {
      const { error } = await settle(conversations$('1001', { accessToken: 'EAAB-node-http', graphUrl: graph.origin }));
      expect(error).toBeInstanceOf(TransportError);
      expect((error as Error).message).toMatch(/unsupported Content-Encoding "zstd"/);
    } finally {
      await graph.close();
    }
  });

  it('is not offered where process.getBuiltinModule is missing (browsers, Node before 20.16): cross-fetch is used', () => {
    const processLike = globalThis.process as unknown as { getBuiltinModule?: unknown };
    const saved = processLike.getBuiltinModule;
    processLike.getBuiltinModule = undefined;
    try {
      expect(nodeHttpFetch(1000)).toBeUndefined();
    } finally {
      processLike.getBuiltinModule = saved;
    }
    expect(typeof nodeHttpFetch(1000)).toBe('function');
  });
});

/** A server that answers each request by hand: the test says when and what. */
async function manualServer(): Promise<{ origin: string; requests: Array<{ res: ServerResponse; closed: Promise<void> }>; arrived: () => Promise<{ res: ServerResponse; closed: Promise<void> }>; close: () => Promise<void> }> {
  const requests: Array<{ res: ServerResponse; closed: Promise<void> }> = [];
  const waiting: Array<(r: { res: ServerResponse; closed: Promise<void> }) => void> = [];
  const http: Server = createServer((req, res) => {
    const entry = { res, closed: new Promise<void>((resolve) => req.socket.once('close', () => resolve())) };
    requests.push(entry);
    waiting.shift()?.(entry);
  });
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    arrived: () => new Promise((resolve) => (requests.length > waiting.length ? resolve(requests[waiting.length] as never) : waiting.push(resolve))),
    close: () =>
      new Promise((resolve) => {
        http.closeAllConnections();
        http.close(() => resolve());
      }),
  };
}

describe('the Node transport aborted by a call (how the library sends its own requests)', () => {
  const transport = () => {
    const made = nodeTransport(1 << 20);
    if (made === undefined) throw new Error('no Node transport here');
    return made;
  };
  const reason = new Error('stop now');

  it('before the response: the response rejects with the reason and the connection is dropped', async () => {
    const graph = await manualServer();
    try {
      const exchange = transport().open(`${graph.origin}/v19.0/1001/conversations`, { Authorization: 'Bearer EAAB-node-http' });
      const { closed } = await graph.arrived();
      exchange.abort(reason);
      await expect(exchange.response).rejects.toBe(reason);
      await closed;
    } finally {
      await graph.close();
    }
  });

  /** An exchange whose answer has begun: the headers and the first bytes of the body sent, the rest held back. */
  async function halfAnswered(graph: Awaited<ReturnType<typeof manualServer>>) {
    const exchange = transport().open(`${graph.origin}/v19.0/1001/conversations`, {});
    const { res, closed } = await graph.arrived();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"data":[');
    return { exchange, response: await exchange.response, closed };
  }

  it('while the body arrives: text() rejects with the reason and the connection is dropped', async () => {
    const graph = await manualServer();
    try {
      const { exchange, response, closed } = await halfAnswered(graph);
      const text = response.text();
      exchange.abort(reason);
      await expect(text).rejects.toBe(reason);
      await closed;
    } finally {
      await graph.close();
    }
  });

  it('after the headers, before text() was asked: text() rejects with the reason', async () => {
    const graph = await manualServer();
    try {
      const { exchange, response } = await halfAnswered(graph);
      exchange.abort(reason);
      await expect(response.text()).rejects.toBe(reason);
    } finally {
      await graph.close();
    }
  });

  it('a gzip body aborted while it is inflated: text() rejects, and the inflated text that comes later changes nothing', async () => {
    const graph = await manualServer();
    // Inflating is held until the test lets it finish: the abort lands in between.
    let inflating: { body: Buffer; done: (error: Error | null, result: Buffer) => void } | undefined;
    let started: () => void = () => undefined;
    const inflateStarted = new Promise<void>((resolve) => (started = resolve));
    const gunzip = (body: Buffer, _options: unknown, done: (error: Error | null, result: Buffer) => void) => {
      inflating = { body, done };
      started();
    };
    // Nothing inflated inline: this body goes to the (held) thread pool.
    const held = new NodeTransport({ http: httpModule, https: httpsModule, zlib: { ...zlibModule, gunzip } as typeof zlibModule }, 1 << 20, 0);
    try {
      const exchange = held.open(`${graph.origin}/v19.0/1001/conversations`, {});
      const { res } = await graph.arrived();
      const body = gzipSync(Buffer.from(page));
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip', 'content-length': body.byteLength });
      res.end(body);
      const response = await exchange.response;
      const text = response.text();
      await inflateStarted;
      exchange.abort(reason);
      inflating?.done(null, gunzipSync(inflating.body));
      await expect(text).rejects.toBe(reason);
    } finally {
      await graph.close();
    }
  });
});
