// A walk ends whatever its cursors look like: progress is judged by content (item keys
// never seen before in this walk), not by URLs. Each looping server here used to keep a
// walk (and pollDiff over it) going for ever.
import { conversations$, PagingError, InvalidInputError, messages$, pollDiff, type ConversationsOptions } from '../../src/index';
import type { Observable } from 'rxjs';
import { settle } from '../support/walk';
import { startScriptedServer, threadNode, type Script, type ScriptedServer } from './scriptedServer';

const TOKEN = 'EAAB-progress-token-51c2';
const LOOP_REQUEST_BOUND = 15;

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(script: Script): Promise<{ server: ScriptedServer; opts: ConversationsOptions }> {
  const server = await startScriptedServer(script);
  servers.push(server);
  return { server, opts: { accessToken: TOKEN, graphUrl: server.url, limit: 3 } };
}

/** A `next` as Graph writes it: a full URL with the token in it. */
const nextUrl = (origin: string, query: string) => `${origin}/v19.0/1001/conversations?access_token=${TOKEN}&limit=3&${query}`;

function expectLoopError(error: unknown): void {
  expect(error).toBeInstanceOf(PagingError);
  expect(error).toMatchObject({ kind: 'paging-loop', retryable: false });
  const text = `${String(error)} ${JSON.stringify(error)}`;
  expect(text).not.toContain(TOKEN);
}

const ids = (values: ReadonlyArray<{ id: string }>) => values.map((v) => v.id);

describe('a walk that makes no progress ends with paging-loop', () => {
  it('the same page for ever, with a fresh after=cN each time', async () => {
    const { server, opts } = await serve((n, _url, origin) => ({ data: [threadNode(1), threadNode(2), threadNode(3)], paging: { next: nextUrl(origin, `after=c${n + 1}`) } }));
    const { values, error } = await settle(conversations$('1001', opts));
    expectLoopError(error);
    expect(ids(values)).toEqual(['t_1', 't_2', 't_3']);
    expect(server.requests.length).toBeLessThanOrEqual(LOOP_REQUEST_BOUND);
  });

  it('a 3-page cycle whose next carries a changing junk parameter', async () => {
    const { server, opts } = await serve((n, _url, origin) => ({ data: [threadNode(n % 3)], paging: { next: nextUrl(origin, `after=c${(n + 1) % 3}&junk=${n}`) } }));
    const { values, error } = await settle(conversations$('1001', opts));
    expectLoopError(error);
    expect(ids(values)).toEqual(['t_0', 't_1', 't_2']);
    expect(server.requests.length).toBeLessThanOrEqual(LOOP_REQUEST_BOUND);
  });

  it('empty data with a fresh cursor for ever', async () => {
    const { server, opts } = await serve((n, _url, origin) => ({ data: [], paging: { next: nextUrl(origin, `after=c${n + 1}`) } }));
    const { values, error } = await settle(conversations$('1001', opts));
    expectLoopError(error);
    expect(values).toEqual([]);
    expect(server.requests.length).toBeLessThanOrEqual(LOOP_REQUEST_BOUND);
  });

  it('messages$ too', async () => {
    const message = { id: 'm_1', created_time: '2024-03-01T12:00:00+0000', message: 'hi' };
    const server = await startScriptedServer((n, _url, origin) => ({ data: [message], paging: { next: `${origin}/v19.0/t_1/messages?limit=3&after=c${n + 1}` } }));
    servers.push(server);
    const { values, error } = await settle(messages$('t_1', { accessToken: TOKEN, graphUrl: server.url, limit: 3 }));
    expectLoopError(error);
    expect(values.map((m) => m.id)).toEqual(['m_1']);
    expect(server.requests.length).toBeLessThanOrEqual(LOOP_REQUEST_BOUND);
  });

  it('pollDiff over a looping walk ends with the same error', async () => {
    const { server, opts } = await serve((n, _url, origin) => ({ data: [threadNode(1)], paging: { next: nextUrl(origin, `after=c${n + 1}`) } }));
    const { error } = await settle(conversations$('1001', opts).pipe(pollDiff({ intervalMs: 60_000 })));
    expectLoopError(error);
    expect(server.requests.length).toBeLessThanOrEqual(LOOP_REQUEST_BOUND);
  });
});

describe('what real Graph does still passes', () => {
  it('a few empty pages with next in a row, then threads, then an empty last page', async () => {
    const { server, opts } = await serve((n, _url, origin) => {
      if (n < 3) return { data: [], paging: { next: nextUrl(origin, `after=e${n}`) } };
      if (n === 3) return { data: [threadNode(1), threadNode(2)], paging: { next: nextUrl(origin, 'after=last') } };
      return { data: [] };
    });
    const { values, error } = await settle(conversations$('1001', opts));
    expect(error).toBeUndefined();
    expect(ids(values)).toEqual(['t_1', 't_2']);
    expect(server.requests).toHaveLength(5);
  });

  it('a replay from the top after the cursor’s thread moved, as long as the walk so far, then new threads', async () => {
    // Ten pages read; then the cursor's thread moves to the front, so `after` it starts
    // over: nine pages of threads already delivered, then the walk gets past them.
    const { server, opts } = await serve((n, _url, origin) => {
      const page = n < 10 ? n : n - 9;
      const items = n < 19 ? [threadNode(page * 3), threadNode(page * 3 + 1), threadNode(page * 3 + 2)] : [threadNode(100 + n)];
      return n < 21 ? { data: items, paging: { next: nextUrl(origin, `after=c${n}`) } } : { data: items };
    });
    const { values, error } = await settle(conversations$('1001', opts));
    expect(error).toBeUndefined();
    expect(ids(values)).toEqual([...Array.from({ length: 30 }, (_, i) => `t_${i}`), 't_119', 't_120', 't_121']);
    expect(server.requests).toHaveLength(22);
  });
});

describe('maxPages', () => {
  const endless: Script = (n, _url, origin) => ({ data: [threadNode(2 * n), threadNode(2 * n + 1)], paging: { next: nextUrl(origin, `after=c${n + 1}`) } });

  it('ends with a paging-loop error that names maxPages, after the items of the last allowed page', async () => {
    const { server, opts } = await serve(endless);
    const { values, error } = await settle(conversations$('1001', { ...opts, maxPages: 3 }));
    expectLoopError(error);
    expect((error as Error).message).toMatch(/maxPages \(3\)/);
    expect(ids(values)).toEqual(['t_0', 't_1', 't_2', 't_3', 't_4', 't_5']);
    expect(server.requests).toHaveLength(3);
  });

  it('a walk that ends within maxPages completes', async () => {
    const { opts } = await serve((n, _url, origin) => (n === 0 ? { data: [threadNode(0)], paging: { next: nextUrl(origin, 'after=c1') } } : { data: [threadNode(1)] }));
    const { values, error } = await settle(conversations$('1001', { ...opts, maxPages: 2 }));
    expect(error).toBeUndefined();
    expect(ids(values)).toEqual(['t_0', 't_1']);
  });

  it('messages$ has it too', async () => {
    const server = await startScriptedServer((n, _url, origin) => ({ data: [{ id: `m_${n}`, created_time: '2024-03-01T12:00:00+0000' }], paging: { next: `${origin}/v19.0/t_1/messages?after=c${n + 1}` } }));
    servers.push(server);
    const { values, error } = await settle(messages$('t_1', { accessToken: TOKEN, graphUrl: server.url, maxPages: 2 }));
    expectLoopError(error);
    expect(values.map((m) => m.id)).toEqual(['m_0', 'm_1']);
    expect(server.requests).toHaveLength(2);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 53, '3'])('%p is refused before any request', async (maxPages) => {
    const { server, opts } = await serve(endless);
    const walks: Array<Observable<unknown>> = [
      conversations$('1001', { ...opts, maxPages: maxPages as number }),
      messages$('t_1', { accessToken: TOKEN, graphUrl: server.url, maxPages: maxPages as number }),
    ];
    for (const walk of walks) {
      const { error } = await settle(walk);
      expect(error).toBeInstanceOf(InvalidInputError);
      expect(error).toMatchObject({ option: 'maxPages' });
    }
    expect(server.requests).toHaveLength(0);
  });
});
