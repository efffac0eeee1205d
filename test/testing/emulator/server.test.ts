// The HTTP surface: headers on every response, CORS, verbs, the usage budget and the request log.
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { get, type GraphErrorJson } from './support';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator();
});
afterAll(() => emulator.close());
beforeEach(() => emulator.clearRequests());

describe('headers', () => {
  it('every response, errors included, carries content type, trace id, usage and CORS headers', async () => {
    const thread = emulator.threads('1002')[0]?.id ?? '';
    for (const response of [
      await get(emulator, '/v19.0/1001/conversations'),
      await get(emulator, `/v19.0/${encodeURIComponent(thread)}`),
      await fetch(`${emulator.url}/v19.0/1001/conversations`),
      await get(emulator, '/v19.0/1001/conversations?fields=nope'),
    ]) {
      expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
      expect(response.headers.get('x-fb-trace-id')).toMatch(/^A[A-Za-z0-9_-]{10}$/);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
      expect(response.headers.get('access-control-expose-headers')).toContain('X-Business-Use-Case-Usage');
      expect(JSON.parse(response.headers.get('x-app-usage') ?? '')).toEqual({ call_count: expect.any(Number), total_time: expect.any(Number), total_cputime: expect.any(Number) });
      expect(JSON.parse(response.headers.get('x-page-usage') ?? '')).toHaveProperty('estimated_time_to_regain_access', 0);
    }
    const viaThread = await get(emulator, `/v19.0/${encodeURIComponent(thread)}`);
    expect(Object.keys(JSON.parse(viaThread.headers.get('x-business-use-case-usage') ?? ''))).toEqual(['1002']);
  });

  it('error bodies carry the same fbtrace_id as the header', async () => {
    const response = await get(emulator, '/v19.0/1001/conversations?folder=x');
    expect(((await response.json()) as GraphErrorJson).error.fbtrace_id).toBe(response.headers.get('x-fb-trace-id'));
  });

  it('OPTIONS is a CORS preflight that allows the Authorization header', async () => {
    const response = await fetch(`${emulator.url}/v19.0/1001/conversations`, { method: 'OPTIONS' });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(response.headers.get('access-control-allow-methods')).toContain('GET');
  });
});

describe('verbs and unknown routes', () => {
  it.each(['POST', 'DELETE', 'PUT'])('%s answers code 100 "Unsupported ... request"', async (method) => {
    const response = await get(emulator, '/v19.0/1001/conversations', { method, body: method === 'DELETE' ? null : '{}' });
    expect(response.status).toBe(400);
    const body = (await response.json()) as GraphErrorJson;
    expect(body.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
    expect(body.error.message).toMatch(new RegExp(`^Unsupported ${method.toLowerCase()} request\\. Object with ID '1001'`));
  });

  it('an unknown edge of a known node names the node type; the Page node answers', async () => {
    const edge = (await (await get(emulator, '/v19.0/1001/feed')).json()) as GraphErrorJson;
    expect(edge.error.message).toBe('(#100) Tried accessing nonexisting field (feed) on node type (Page)');
    expect(await (await get(emulator, '/v19.0/1002')).json()).toEqual({ name: 'Corner Cafe', id: '1002' });
  });
});

describe('budget', () => {
  it('past the budget answers 613 with usage at 100 and minutes to regain access', async () => {
    const limited = await startEmulator({ budget: { calls: 3, windowMs: 10 * 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 3; i += 1) statuses.push((await get(limited, '/v19.0/1001/conversations')).status);
      expect(statuses).toEqual([200, 200, 200]);
      const refused = await get(limited, '/v19.0/1001/conversations');
      expect(refused.status).toBe(400);
      expect(((await refused.json()) as GraphErrorJson).error).toMatchObject({ code: 613, message: '(#613) Calls to this api have exceeded the rate limit.' });
      expect(JSON.parse(refused.headers.get('x-app-usage') ?? '')).toEqual({ call_count: 100, total_time: 100, total_cputime: 100 });
      const page = JSON.parse(refused.headers.get('x-page-usage') ?? '') as { call_count: number; estimated_time_to_regain_access: number };
      expect(page.call_count).toBeGreaterThanOrEqual(100);
      expect(page.estimated_time_to_regain_access).toBe(10);
      const buc = JSON.parse(refused.headers.get('x-business-use-case-usage') ?? '') as Record<string, Array<Record<string, unknown>>>;
      expect(buc['1001']?.[0]).toMatchObject({ type: 'messenger', call_count: 100, estimated_time_to_regain_access: 10 });
    } finally {
      await limited.close();
    }
  });

  it('the code is configurable (80006)', async () => {
    const limited = await startEmulator({ budget: { calls: 0, windowMs: 60_000, code: 80006 } });
    try {
      const response = await get(limited, '/v19.0/1001/conversations');
      expect(((await response.json()) as GraphErrorJson).error.code).toBe(80006);
    } finally {
      await limited.close();
    }
  });
});

describe('request log', () => {
  it('records the raw url, decoded path, query, lower-cased headers, page and outcome', async () => {
    const thread = emulator.threads('1001', { folder: 'inbox' }).find((t) => t.id.includes(':'))?.id ?? '';
    const raw = `/v19.0/${encodeURIComponent(thread)}/messages?limit=2&fields=message%2Cfrom`;
    await get(emulator, raw, { headers: { 'X-Custom-Header': 'Yes' } });
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toEqual({
      seq: expect.any(Number),
      method: 'GET',
      url: raw,
      path: `/v19.0/${thread}/messages`,
      query: { limit: '2', fields: 'message,from' },
      headers: expect.objectContaining({ authorization: `Bearer ${emulator.accessToken}`, 'x-custom-header': 'Yes' }),
      pageId: '1001',
      status: 200,
      state: 'completed',
    });
  });

  it('nextRequest resolves with the next request to arrive; seq keeps counting after clearRequests', async () => {
    await get(emulator, '/v19.0/1002/conversations');
    const firstSeq = emulator.requests[0]?.seq ?? 0;
    emulator.clearRequests();
    expect(emulator.requests).toEqual([]);
    const arrived = emulator.nextRequest();
    const response = get(emulator, '/v19.0/1002/conversations?limit=1');
    const record = await arrived;
    expect(record).toMatchObject({ seq: firstSeq + 1, url: '/v19.0/1002/conversations?limit=1' });
    await response;
    expect((await emulator.settled(record)).state).toBe('completed');
  });
});

describe('startEmulator', () => {
  it('listens on loopback only and reports its url, token and pages', async () => {
    await expect(startEmulator({ host: '0.0.0.0' })).rejects.toThrow(/loopback/);
    expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(emulator.accessToken).toBe('emulator-page-token');
    expect(emulator.appSecret).toBeUndefined();
    expect(emulator.pageIds).toEqual(['1001', '1002']);
  });

  it('fails fast on bad page specs and options', async () => {
    await expect(startEmulator({ pages: [{ id: '1', name: 'x', threads: { INSTAGRAM: { inbox: 1 } } }] })).rejects.toThrow(/no instagram account/);
    await expect(startEmulator({ pages: [{ id: '1', name: 'x', threads: { MESSENGER: { inbox: -1 } } }] })).rejects.toThrow(/whole number/);
    await expect(startEmulator({ now: 'yesterday' })).rejects.toThrow(/invalid time/);
    await expect(startEmulator({ latencyMs: -5 })).rejects.toThrow(/latency/);
  });

  it('seeds every thread before `now`; mutations come after it', async () => {
    const own = await startEmulator({ now: '2025-01-01T00:00:00+0000', pages: [{ id: '5', name: 'P', threads: { MESSENGER: { inbox: 3 } } }] });
    try {
      const threads = own.threads('5');
      expect(threads.every((t) => t.updated_time < '2025-01-01T00:00:00+0000')).toBe(true);
      expect(own.addMessage('5', threads[2]?.id ?? '').updated_time).toBe('2025-01-01T00:00:00+0000');
      expect(own.addMessage('5', threads[1]?.id ?? '').updated_time).toBe('2025-01-01T00:00:01+0000');
    } finally {
      await own.close();
    }
  });
});
