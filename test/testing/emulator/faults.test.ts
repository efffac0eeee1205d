// Every fault kind over real HTTP, and how they show in the request log.
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { get, getJson, type GraphErrorJson } from './support';
import { clearBetweenTests } from '../../support/emulator';

const PATH = '/v19.0/1001/conversations?limit=4&fields=snippet,participants';
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
clearBetweenTests(() => emulator);

describe('Graph errors', () => {
  it('graph-error sends the exact envelope with the canonical message, trace id and headers', async () => {
    emulator.inject({ kind: 'graph-error', code: 80006, subcode: 2018278, isTransient: true, userTitle: 'Slow down', headers: { 'X-Extra': 'yes' } });
    const response = await get(emulator, PATH);
    expect(response.status).toBe(400);
    expect(response.headers.get('x-extra')).toBe('yes');
    const body = (await response.json()) as GraphErrorJson;
    expect(body).toEqual({
      error: {
        message: '(#80006) There have been too many messages requests to this Page account. Wait a while before trying again.',
        type: 'OAuthException',
        code: 80006,
        error_subcode: 2018278,
        is_transient: true,
        error_user_title: 'Slow down',
        fbtrace_id: response.headers.get('x-fb-trace-id'),
      },
    });
    expect(emulator.requests[0]).toMatchObject({ fault: 'graph-error', status: 400, state: 'completed' });
  });

  it('permission errors (200) are HTTP 403; status and message can be overridden', async () => {
    emulator.inject({ kind: 'graph-error', code: 200 });
    expect((await get(emulator, PATH)).status).toBe(403);
    emulator.inject({ kind: 'graph-error', code: 2, status: 503, message: 'Service temporarily unavailable' });
    const response = await get(emulator, PATH);
    expect(response.status).toBe(503);
    expect(((await response.json()) as GraphErrorJson).error.message).toBe('Service temporarily unavailable');
  });

  it('invalid-cursor answers 2642 with HTTP 400', async () => {
    emulator.inject({ kind: 'invalid-cursor' });
    const { status, body } = await getJson<GraphErrorJson>(emulator, PATH);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 2642, message: '(#2642) Invalid cursors values' });
  });
});

describe('broken transports and bodies', () => {
  it('http-status and html send non-Graph bodies', async () => {
    emulator.inject({ kind: 'http-status', status: 503, body: 'busy' });
    let response = await get(emulator, PATH);
    expect([response.status, response.headers.get('content-type'), await response.text()]).toEqual([503, 'text/plain; charset=UTF-8', 'busy']);
    emulator.inject({ kind: 'html' });
    response = await get(emulator, PATH);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await response.text()).toMatch(/^<html>/);
  });

  it('reset destroys the socket: fetch rejects and the record says reset', async () => {
    emulator.inject({ kind: 'reset' });
    await expect(get(emulator, PATH)).rejects.toThrow();
    const record = emulator.requests[0];
    const settled = record && (await emulator.settled(record));
    expect(settled).toMatchObject({ state: 'reset', fault: 'reset' });
    expect(settled?.status).toBeUndefined();
  });

  it('malformed-json is a 200 whose body does not parse', async () => {
    emulator.inject({ kind: 'malformed-json' });
    const response = await get(emulator, PATH);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
  });

  it('truncated-json is the real page cut in the middle', async () => {
    const full = await (await get(emulator, PATH)).text();
    emulator.inject({ kind: 'truncated-json' });
    const response = await get(emulator, PATH);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text.length).toBe(Math.floor(full.length / 2));
    expect(full.startsWith(text)).toBe(true);
    expect(() => JSON.parse(text)).toThrow();
  });
});

describe('timing faults', () => {
  it('latency delays, then serves normally', async () => {
    emulator.inject({ kind: 'latency', ms: 20 });
    const response = await get(emulator, PATH);
    expect(response.status).toBe(200);
    expect(emulator.requests[0]).toMatchObject({ fault: 'latency', status: 200, state: 'completed' });
  });

  it('hang never answers; a client abort shows as aborted via settled()', async () => {
    emulator.inject({ kind: 'hang' });
    const controller = new AbortController();
    const arrived = emulator.nextRequest();
    const pending = get(emulator, PATH, { signal: controller.signal });
    const record = await arrived;
    expect(record.state).toBe('pending');
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(await emulator.settled(record)).toMatchObject({ state: 'aborted', fault: 'hang' });
    expect(record.status).toBeUndefined();
  });

  it('an abort during the configured latency is seen too, and the timer is dropped', async () => {
    emulator.setLatency(60_000);
    try {
      const controller = new AbortController();
      const arrived = emulator.nextRequest();
      const pending = get(emulator, PATH, { signal: controller.signal });
      const record = await arrived;
      controller.abort();
      await expect(pending).rejects.toThrow();
      expect((await emulator.settled(record)).state).toBe('aborted');
    } finally {
      emulator.setLatency(0);
    }
  });
});

describe('raw', () => {
  it('a function body gets the context and its result is JSON-serialised', async () => {
    emulator.inject({
      kind: 'raw',
      headers: { 'X-Page-Usage': '{"call_count":99}' },
      body: (ctx) => ({ data: [], paging: { next: `${ctx.url}/v19.0/${ctx.pageId ?? ''}/conversations?access_token=${ctx.token ?? ''}` }, ctx }),
    });
    const response = await get(emulator, '/v19.0/1001/conversations?limit=3');
    expect(response.headers.get('x-page-usage')).toBe('{"call_count":99}');
    expect(await response.json()).toEqual({
      data: [],
      paging: { next: `${emulator.url}/v19.0/1001/conversations?access_token=${emulator.accessToken}` },
      ctx: { url: emulator.url, path: '/v19.0/1001/conversations', query: { limit: '3' }, pageId: '1001', token: emulator.accessToken },
    });
  });

  it('string and object bodies, custom status', async () => {
    emulator.inject({ kind: 'raw', status: 201, body: 'not json at all' });
    const text = await get(emulator, PATH);
    expect([text.status, await text.text()]).toEqual([201, 'not json at all']);
    emulator.inject({ kind: 'raw', body: { data: [{ id: 5 }] } });
    expect(await (await get(emulator, PATH)).json()).toEqual({ data: [{ id: 5 }] });
  });

  it('a body function that throws answers 500 and keeps the server up', async () => {
    emulator.inject({
      kind: 'raw',
      body: () => {
        throw new Error('boom');
      },
    });
    const response = await get(emulator, PATH);
    expect(response.status).toBe(500);
    expect(((await response.json()) as GraphErrorJson).error.message).toContain('boom');
    expect((await get(emulator, PATH)).status).toBe(200);
  });
});

describe('when faults apply', () => {
  it('after, times and path select the requests deterministically', async () => {
    const handle = emulator.inject({ kind: 'graph-error', code: 613 }, { after: 1, times: 2, path: '/conversations' });
    const thread = emulator.threads('1001', { folder: 'inbox' })[0]?.id ?? '';
    const statuses: number[] = [];
    for (const path of [PATH, `/v19.0/${encodeURIComponent(thread)}`, PATH, PATH, PATH]) statuses.push((await get(emulator, path)).status);
    expect(statuses).toEqual([200, 200, 400, 400, 200]);
    expect(handle.remaining()).toBe(0);
    expect(emulator.requests.map((r) => r.fault)).toEqual([undefined, undefined, 'graph-error', 'graph-error', undefined]);
  });

  it('a cancelled fault is never applied', async () => {
    emulator.inject({ kind: 'reset' }, { times: Infinity }).cancel();
    expect((await get(emulator, PATH)).status).toBe(200);
  });

  it('clearFaults() cancels every injected fault not used up, and later injections apply as usual', async () => {
    // A test that gave up before its request reached the emulator must not hand its fault
    // to the next test sharing the emulator.
    const waiting = emulator.inject({ kind: 'hang' });
    const forever = emulator.inject({ kind: 'reset' }, { after: 1, times: Infinity, path: '/conversations' });
    emulator.clearFaults();
    expect([waiting.remaining(), forever.remaining()]).toEqual([0, 0]);
    expect((await get(emulator, PATH)).status).toBe(200);
    expect((await get(emulator, PATH)).status).toBe(200);
    emulator.inject({ kind: 'graph-error', code: 613 });
    expect((await get(emulator, PATH)).status).toBe(400);
    expect(emulator.requests.map((r) => r.fault)).toEqual([undefined, undefined, 'graph-error']);
  });
});

describe('close()', () => {
  it('resolves with hanging and keep-alive requests open, aborting them; it is idempotent', async () => {
    const own = await startEmulator();
    await get(own, PATH); // leaves a keep-alive socket behind
    own.inject({ kind: 'hang' }, { times: Infinity });
    const arrived = own.nextRequest();
    const hanging = get(own, PATH);
    const record = await arrived;
    await Promise.all([own.close(), own.close()]);
    await expect(hanging).rejects.toThrow();
    expect((await own.settled(record)).state).toBe('aborted');
    await expect(fetch(`${own.url}/v19.0/1001/conversations`)).rejects.toThrow();
  });
});
