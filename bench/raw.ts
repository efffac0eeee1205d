/**
 * The baselines: hand-written paging loops with nothing but the transport, JSON.parse
 * and `paging.next`. Each counts the threads it read (the caller checks the count).
 *
 * - {@link rawOnTransport}: the library's own transport, sent the way the library sends
 *   on Node (`DirectTransport.open`), `text()`, `JSON.parse`: what the library costs on
 *   top of its transport. Or on cross-fetch. Neither passes an AbortSignal: the loop
 *   never aborts, and on Node 20 an abort listener per request costs what a baseline
 *   should not (measured: 3 major GCs in 12 walks of 200 pages, none without).
 * - {@link rawNodeHttp}: `node:http`/`node:https` with the global keep-alive agents,
 *   asking for gzip like a Graph client should, and inflating what comes compressed.
 * - {@link rawNodeHttpPrefetch}: the same, but the next request is sent as soon as a
 *   body has arrived, before it is parsed (`paging.next` read from the raw text, one
 *   turn of the event loop so the request is written first): the floor for a client
 *   that prefetches.
 */
import { get as httpGet, type IncomingMessage } from 'node:http';
import { get as httpsGet } from 'node:https';
import { gunzip } from 'node:zlib';
import { promisify } from 'node:util';
import type { DirectTransport } from '../src/graph/exchange';
import type { FetchResponseLike } from '../src/graph/fetchLike';

const inflate = promisify(gunzip);

interface RawPage {
  data: unknown[];
  paging?: { next?: string };
}

/** A GET that resolves with the response once its head has arrived. */
export type RawGet = (url: string, headers: Record<string, string>) => Promise<FetchResponseLike>;

/** {@link RawGet} on the library's own Node transport: the way the library itself sends (no AbortSignal). */
export const getOn = (transport: DirectTransport): RawGet => (url, headers) => transport.open(url, headers).response;

/** {@link RawGet} on a WHATWG fetch, without an AbortSignal (the loop never aborts). */
export const getWith = (fetch: (url: string, init: { method: 'GET'; headers: Record<string, string>; redirect: 'manual' }) => Promise<FetchResponseLike>): RawGet => (url, headers) => fetch(url, { method: 'GET', headers, redirect: 'manual' });

export async function rawOnTransport(get: RawGet, firstUrl: string, accessToken: string): Promise<number> {
  let next: string | undefined = firstUrl;
  let count = 0;
  while (next !== undefined) {
    const response = await get(next, { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' });
    const page = JSON.parse(await response.text()) as RawPage;
    if (!response.ok) throw new Error(`raw walk: HTTP ${response.status}`);
    count += page.data.length;
    next = page.paging?.next;
  }
  return count;
}

/** One GET with node:http(s): the body as text, inflated when gzipped. */
export function getText(url: string, accessToken: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const get = url.startsWith('https:') ? httpsGet : httpGet;
    const request = get(url, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json', 'Accept-Encoding': 'gzip' } }, (response: IncomingMessage) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () => {
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
        if (response.statusCode !== 200) return reject(new Error(`raw walk: HTTP ${response.statusCode}`));
        if (response.headers['content-encoding'] === 'gzip') inflate(body).then((b) => resolve(b.toString('utf8')), reject);
        else resolve(body.toString('utf8'));
      });
    });
    request.on('error', reject);
  });
}

export async function rawNodeHttp(firstUrl: string, accessToken: string): Promise<number> {
  let next: string | undefined = firstUrl;
  let count = 0;
  while (next !== undefined) {
    const page = JSON.parse(await getText(next, accessToken)) as RawPage;
    count += page.data.length;
    next = page.paging?.next;
  }
  return count;
}

/** `paging.next` read from the raw text: the last `"next":"..."`, unescaped. */
export function peekNext(text: string): string | undefined {
  const at = text.lastIndexOf('"next":"');
  if (at === -1) return undefined;
  const start = at + 7;
  let end = start + 1;
  while (end < text.length && (text.charCodeAt(end) !== 0x22 || text.charCodeAt(end - 1) === 0x5c)) end += 1;
  return JSON.parse(text.slice(start, end + 1)) as string;
}

export async function rawNodeHttpPrefetch(firstUrl: string, accessToken: string): Promise<number> {
  let pending: Promise<string> | undefined = getText(firstUrl, accessToken);
  let count = 0;
  while (pending !== undefined) {
    const text: string = await pending;
    const next = peekNext(text);
    // The next request is on the wire while this page is parsed: node:http writes it in
    // a process.nextTick callback, so one turn of the event loop comes first.
    pending = next === undefined ? undefined : getText(next, accessToken);
    if (pending !== undefined) await new Promise((resolve) => setImmediate(resolve));
    const page = JSON.parse(text) as RawPage;
    count += page.data.length;
  }
  return count;
}
