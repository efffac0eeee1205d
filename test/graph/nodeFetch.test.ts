// The default transport on Node (node:http): it asks for gzip and inflates, and keeps
// the body cap both on the wire and after inflating, so a small gzip cannot become a
// huge string. Where Node's modules cannot be had, there is no such transport.
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { deflateSync, gzipSync } from 'node:zlib';
import { conversations$, TransportError } from '../../src/index';
import { nodeHttpFetch } from '../../src/graph/nodeFetch';
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
