import { request } from 'node:http';
import { join } from 'node:path';
import { type Dashboard, startDashboard } from '../../demo/server';

const root = join(__dirname, '..', '..');

interface Answer {
  readonly status: number | undefined;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/** A GET with exactly these headers (node's fetch adds its own Sec-Fetch-* and would hide what a browser sends). */
function get(base: string, path: string, headers: Record<string, string> = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the dashboard proxy is no relay for the Page token', () => {
  let dashboard: Dashboard;
  beforeAll(async () => {
    dashboard = await startDashboard({ root, simulate: false, pollMs: 500 });
  });
  afterAll(() => dashboard.close());

  const emulator = () => {
    if (dashboard.emulator === undefined) throw new Error('the dashboard runs on its emulator here');
    return dashboard.emulator;
  };
  beforeEach(() => emulator().clearRequests());

  it.each([
    ['another node: /me/accounts (other Pages and their tokens)', '/graph/v19.0/me/accounts'],
    ['another edge of the Page: subscribed_apps', '/graph/v19.0/1001/subscribed_apps'],
    ['the Page node itself', '/graph/v19.0/1001?fields=access_token'],
    ["another Page's conversations", '/graph/v19.0/1002/conversations'],
    ['a path without a version', '/graph/1001/conversations'],
    ['an encoded slash that leaves the edge', '/graph/v19.0/1001%2Fsubscribed_apps/conversations'],
    ['a method=post override', '/graph/v19.0/1001/conversations?method=post'],
    ['a method=delete override', '/graph/v19.0/t_1/messages?method=delete'],
    ['a parameter the page never sends', '/graph/v19.0/1001/conversations?debug=all'],
    ['the same parameter twice', '/graph/v19.0/1001/conversations?folder=inbox&folder=spam'],
    ['a folder that does not exist', '/graph/v19.0/1001/conversations?folder=everything'],
    ['fields that reach outside the thread', '/graph/v19.0/1001/conversations?fields=id,participants{access_token}'],
    ['an unknown field', '/graph/v19.0/1001/conversations?fields=id,page'],
    ['a non-numeric limit', '/graph/v19.0/1001/conversations?limit=1e9'],
  ])('refuses %s without calling Graph', async (_what, path) => {
    const answer = await get(dashboard.url, path);
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toMatchObject({ error: { type: 'DashboardProxy' } });
    expect(emulator().requests).toEqual([]);
  });

  it.each([
    ['Origin of another site', { origin: 'http://evil.example' }],
    ['Origin of another port on loopback', { origin: 'http://127.0.0.1:1' }],
    ['an opaque Origin', { origin: 'null' }],
    ['Sec-Fetch-Site: cross-site', { 'sec-fetch-site': 'cross-site' }],
    ['Sec-Fetch-Site: same-site (another local port is the same site)', { 'sec-fetch-site': 'same-site' }],
  ])('refuses a request with %s without calling Graph', async (_what, headers) => {
    const answer = await get(dashboard.url, '/graph/v19.0/1001/conversations?limit=2', headers);
    expect(answer.status).toBe(403);
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
    expect(emulator().requests).toEqual([]);
  });

  it('forwards what the page itself sends: same origin, the Page conversations with its parameters, and the next pages', async () => {
    const own = { origin: dashboard.url, 'sec-fetch-site': 'same-origin', 'sec-fetch-mode': 'cors', authorization: 'Bearer dashboard-placeholder-token' };
    const first = await get(dashboard.url, '/graph/v19.0/1001/conversations?fields=id,updated_time,participants,snippet,unread_count,message_count&limit=2&folder=other&platform=MESSENGER', own);
    expect(first.status).toBe(200);
    const body = JSON.parse(first.text) as { data: unknown[]; paging: { next: string } };
    expect(body.data).toHaveLength(2);
    const next = await get(dashboard.url, body.paging.next.slice(dashboard.url.length), own);
    expect(next.status).toBe(200);
    // A navigation typed by the user carries no Origin and Sec-Fetch-Site: none.
    expect((await get(dashboard.url, '/graph/v19.0/1001/conversations?limit=1', { 'sec-fetch-site': 'none' })).status).toBe(200);
    const nested = await get(dashboard.url, '/graph/v19.0/1001/conversations?fields=id,messages.limit(2){id,message,from,created_time}&user_id=1234', own);
    expect(nested.status).toBe(200);
    expect(emulator().requests).toHaveLength(4);
  });

  it("forwards a thread's messages edge with its paging parameters", async () => {
    const thread = emulator().threads('1001', { folder: 'inbox', platform: 'MESSENGER' })[0];
    if (thread === undefined) throw new Error('Page 1001 has inbox threads');
    const answer = await get(dashboard.url, `/graph/v19.0/${encodeURIComponent(thread.id)}/messages?fields=id,message,created_time&limit=2`);
    expect(answer.status).toBe(200);
    const body = JSON.parse(answer.text) as { data: unknown[]; paging?: { next?: string } };
    expect(body.data.length).toBeGreaterThan(0);
    if (body.paging?.next !== undefined) expect((await get(dashboard.url, body.paging.next.slice(dashboard.url.length))).status).toBe(200);
  });

  it('scrubs tokens Graph puts in an answer: access_token members, token-shaped strings, JSON-escaped ones, and headers', async () => {
    const other = 'EAAGotherPageToken0123456789abcdefABCDEF';
    const escaped = `\\u0045${other.slice(1)}`;
    emulator().inject({
      kind: 'raw',
      status: 200,
      headers: { 'x-fb-debug': `seen ${other}` },
      body: () => ({
        data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000', access_token: 'short', page: { access_token: 'abc', name: 'Other' } }],
        note: `token ${other} here`,
      }),
    });
    const answer = await get(dashboard.url, '/graph/v19.0/1001/conversations');
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain(other);
    expect(answer.text).not.toMatch(/"access_token":"(short|abc)"/);
    expect(JSON.parse(answer.text)).toMatchObject({ data: [{ id: 't_1', access_token: '[redacted]', page: { access_token: '[redacted]', name: 'Other' } }], note: 'token [redacted] here' });
    expect(answer.headers['x-fb-debug']).toBe('seen [redacted]');

    emulator().inject({ kind: 'raw', status: 200, body: '{"data":[],"snippet":"' + escaped + '","x":{"access_token":"s3cr3t"' });
    const cut = await get(dashboard.url, '/graph/v19.0/1001/conversations');
    expect(cut.text).not.toContain('s3cr3t');
    expect(cut.text).not.toContain(escaped);
    expect(cut.text).not.toContain(other.slice(1));
  });
});
