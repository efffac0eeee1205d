// realism: 'graph' and the other behaviours copied from real captures (GRAPH_API.md, "What real responses show").
import { firstValueFrom, toArray } from 'rxjs';
import { conversations$, messages$ } from '../../../src/index';
import { FIXED_NOW, startEmulator, type Emulator } from '../../../src/testing/index';
import { get, getJson, ids, walk, type GraphErrorJson, type GraphPage } from './support';
import { clearBetweenTests } from '../../support/emulator';

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startEmulator({ realism: 'graph', budget: { calls: 1_000, windowMs: 3_600_000 } });
});
afterAll(() => emulator.close());
clearBetweenTests(() => emulator);

describe("realism: 'graph' paging", () => {
  it('pages with until/__paging_token links and no cursors, on the edge and nested messages', async () => {
    const pages = await walk(emulator, '/v19.0/1001/conversations?limit=7&fields=messages.limit(2){message}');
    expect(ids(pages)).toEqual(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id));
    const [first, second] = pages;
    expect(first?.paging.cursors).toBeUndefined();
    expect(first?.paging.next).toMatch(/[?&]limit=7&.*until=\d{10}&__paging_token=enc_[A-Za-z0-9_-]+$/);
    expect(second?.paging.previous).toMatch(/[?&]since=\d{10}&__paging_token=enc_[A-Za-z0-9_-]+&__previous=1/);
    const back = await fetch(second?.paging.previous ?? '');
    expect(((await back.json()) as GraphPage).data.map((t) => t.id)).toEqual(first?.data.map((t) => t.id));
    const nested = first?.data[0]?.['messages'] as GraphPage;
    expect(nested.paging.cursors).toBeUndefined();
    expect(nested.paging.next).toMatch(/until=\d+&__paging_token=enc_/);
  });

  it('gives a full last page a next that leads to {"data":[]} with no paging', async () => {
    // 60 inbox threads in pages of 10: the sixth page is full and last.
    const pages = await walk(emulator, '/v19.0/1001/conversations?limit=10');
    expect(pages).toHaveLength(7);
    expect(pages[5]?.data).toHaveLength(10);
    expect(pages[5]?.paging.next).toBeDefined();
    expect(pages[6]).toEqual({ data: [] });
  });

  it("keeps cursors when asked (paging: 'cursors'), with a next when before == after", async () => {
    const cursors = await startEmulator({ realism: 'graph', paging: 'cursors' });
    try {
      const { body } = await getJson(cursors, '/v19.0/1002/conversations?limit=1');
      expect(body.paging.cursors?.before).toBe(body.paging.cursors?.after);
      expect(body.paging.next).toContain('after=');
      const all = await walk(cursors, '/v19.0/1002/conversations?limit=1');
      expect(ids(all)).toHaveLength(8);
    } finally {
      await cursors.close();
    }
  });
});

describe("realism: 'graph' data", () => {
  it('sends null in optional nested fields: attachments size, shares id/description/picture', async () => {
    const threads = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
    const messages: Array<Record<string, unknown>> = [];
    for (const thread of threads.slice(0, 30)) {
      const { body } = await getJson(emulator, `/v19.0/${encodeURIComponent(thread.id)}/messages?limit=100&fields=attachments,shares`);
      messages.push(...body.data);
    }
    const images = messages.flatMap((m) => ((m['attachments'] as GraphPage | undefined)?.data ?? []).filter((a) => String(a['mime_type']).startsWith('image/')));
    expect(images.length).toBeGreaterThan(0);
    expect(images.every((a) => a['size'] === null)).toBe(true);
    const shares = messages.flatMap((m) => (m['shares'] as { data: Array<Record<string, unknown>> } | undefined)?.data ?? []);
    expect(shares.length).toBeGreaterThan(0);
    expect(shares[0]).toMatchObject({ link: expect.any(String), description: null, id: null, picture: null });
  });

  it('sends unread_count: 0 on some read threads and leaves it out on others', async () => {
    const [page] = await walk(emulator, '/v19.0/1001/conversations?limit=100&fields=unread_count');
    const read = (page?.data ?? []).filter((t) => !((t['unread_count'] as number | undefined) ?? 0));
    expect(read.some((t) => t['unread_count'] === 0)).toBe(true);
    expect(read.some((t) => !('unread_count' in t))).toBe(true);
  });

  it('shapes ids like today’s Graph: t_ + 15 digits, m_ + 86 base64url, Instagram aWdfZAG... up to 164', async () => {
    const messenger = emulator.threads('1001', { platform: 'MESSENGER' });
    expect(messenger.every((t) => /^t_\d{15}$/.test(t.id))).toBe(true);
    const instagram = emulator.threads('1001', { platform: 'INSTAGRAM' });
    expect(instagram.every((t) => t.id.startsWith('aWdfZAG') && t.id.length <= 164 && /^[A-Za-z0-9_-]+$/.test(t.id))).toBe(true);
    const { body } = await getJson(emulator, `/v19.0/${messenger[0]?.id ?? ''}/messages?limit=5`);
    expect(body.data.every((m) => /^m_[A-Za-z0-9_-]{86}$/.test(m.id))).toBe(true);
    const ig = await getJson(emulator, `/v19.0/${instagram[0]?.id ?? ''}/messages?limit=5`);
    expect(ig.body.data.every((m) => m.id.startsWith('aWdfZAG') && m.id.length <= 164)).toBe(true);
    const added = emulator.addMessage('1001', messenger[1]?.id ?? '', { text: 'new' });
    const fresh = await getJson(emulator, `/v19.0/${added.id}/messages?limit=1`);
    expect(fresh.body.data[0]?.id).toMatch(/^m_[A-Za-z0-9_-]{86}$/);
  });

  it('keeps one thread per person per Page', () => {
    const users = emulator.threads('1001').map((t) => t.user.id);
    expect(new Set(users).size).toBe(users.length);
  });
});

describe("realism: 'graph' JSON", () => {
  it('writes bodies as Graph writes JSON: `\\/`, non-ASCII as `\\uXXXX`, `%` as `\\u0025`, all inside strings', async () => {
    const response = await get(emulator, '/v19.0/1001/conversations?limit=50&fields=id,snippet,participants');
    const text = await response.text();
    expect(text).toMatch(/"next":"http:\\\/\\\/127\.0\.0\.1:\d+\\\/v19\.0\\\/1001\\\/conversations\?/);
    expect(text).toContain('fields=id\\u00252Csnippet\\u00252Cparticipants');
    // Pure ASCII, the inbox's accents and emoji escaped, and no `/` left unescaped.
    expect(text).not.toMatch(/[^\x00-\x7f]/);
    expect(text).toMatch(/\\u(?:00[89a-f][0-9a-f]|0[1-9a-f][0-9a-f]{2}|[1-9a-f][0-9a-f]{3})/);
    expect(text).not.toMatch(/[^\\]\//);
    // Read back, the same page: a URL with its own percent escapes.
    const page = JSON.parse(text) as GraphPage;
    expect(page.data).toHaveLength(50);
    expect(page.paging.next?.startsWith(`${emulator.url}/v19.0/1001/conversations?`)).toBe(true);
    expect(page.paging.next).toContain('fields=id%2Csnippet%2Cparticipants');
  });

  it("is chosen apart from the realism level (json: 'graph' or 'plain'), and a bad value is refused", async () => {
    const path = '/v19.0/1001/conversations?limit=2&fields=id,snippet';
    const graphOnSimple = await startEmulator({ json: 'graph' });
    const plainOnGraph = await startEmulator({ realism: 'graph', json: 'plain' });
    try {
      expect(await (await get(graphOnSimple, path)).text()).toContain('fields=id\\u00252Csnippet');
      expect(await (await get(plainOnGraph, path)).text()).toContain('/conversations?');
    } finally {
      await Promise.all([graphOnSimple.close(), plainOnGraph.close()]);
    }
    await expect(startEmulator({ json: 'html' as never })).rejects.toThrow("json must be 'plain' or 'graph'");
  });
});

describe("realism: 'graph' usage and errors", () => {
  it('sends no usage header while usage is 0%, then only X-Business-Use-Case-Usage', async () => {
    const quiet = await startEmulator({ realism: 'graph' });
    try {
      const first = await get(quiet, '/v19.0/1001/conversations?limit=1');
      for (const name of ['x-app-usage', 'x-page-usage', 'x-business-use-case-usage']) expect(first.headers.get(name)).toBeNull();
      const busy = await startEmulator({ realism: 'graph', budget: { calls: 10, windowMs: 60_000 } });
      try {
        const response = await get(busy, '/v19.0/1001/conversations?limit=1');
        expect(response.headers.get('x-app-usage')).toBeNull();
        expect(JSON.parse(response.headers.get('x-business-use-case-usage') ?? '{}')).toEqual({
          '1001': [{ type: 'messenger', call_count: 10, total_cputime: 5, total_time: 7, estimated_time_to_regain_access: 0 }],
        });
      } finally {
        await busy.close();
      }
    } finally {
      await quiet.close();
    }
  });

  it('throttles a Page token with 80006 and estimated_time_to_regain_access in X-Business-Use-Case-Usage; 613 stays a fault', async () => {
    const tight = await startEmulator({ realism: 'graph', budget: { calls: 1, windowMs: 120_000 } });
    try {
      expect((await get(tight, '/v19.0/1001/conversations?limit=1')).status).toBe(200);
      const refused = await get(tight, '/v19.0/1001/conversations?limit=1');
      expect(((await refused.json()) as GraphErrorJson).error.code).toBe(80006);
      const [entry] = (JSON.parse(refused.headers.get('x-business-use-case-usage') ?? '{}') as Record<string, Array<Record<string, unknown>>>)['1001'] ?? [];
      expect(entry).toMatchObject({ type: 'messenger', call_count: 100, estimated_time_to_regain_access: 2 });
    } finally {
      await tight.close();
    }
    emulator.inject({ kind: 'graph-error', code: 613 });
    expect(((await (await get(emulator, '/v19.0/1001/conversations')).json()) as GraphErrorJson).error.code).toBe(613);
  });

  it('answers 190 and 2500 without fbtrace_id, and faults can leave out type and fbtrace_id or carry error_data', async () => {
    const expired = await fetch(`${emulator.url}/v19.0/1001/conversations`, { headers: { authorization: 'Bearer wrong' } });
    expect((await expired.json()) as GraphErrorJson).toEqual({ error: { message: expect.any(String), type: 'OAuthException', code: 190, error_subcode: 463 } });
    const broken = (await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations?fields=id{')).body;
    expect(broken.error).not.toHaveProperty('fbtrace_id');
    emulator.inject({ kind: 'graph-error', code: 1, type: null, fbtraceId: null, isTransient: false, userTitle: 'Cannot load', userMessage: '', errorData: 'blocked' });
    emulator.inject({ kind: 'graph-error', code: 100, errorData: { blame_field_specs: [['fields']] } });
    expect((await getJson(emulator, '/v19.0/1001/conversations')).body).toEqual({
      error: { message: 'An unknown error occurred', code: 1, is_transient: false, error_user_title: 'Cannot load', error_user_msg: '', error_data: 'blocked' },
    });
    expect((await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations')).body.error).toMatchObject({ code: 100, error_data: { blame_field_specs: [['fields']] }, fbtrace_id: expect.any(String) });
  });

  it("words 230 as Graph does: '(#230) Requires pages_messaging permission to manage the object'", async () => {
    emulator.inject({ kind: 'graph-error', code: 230 });
    const body = (await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations')).body;
    expect(body.error.message).toBe('(#230) Requires pages_messaging permission to manage the object');
  });
});

describe('the clock', () => {
  it('starts at the real current time by default, seeded history before it; a fixed start stays available', async () => {
    const before = Date.now();
    const live = await startEmulator({ pages: [{ id: '9', name: 'Now', threads: { MESSENGER: { inbox: 3 } } }] });
    const fixed = await startEmulator({ now: FIXED_NOW, pages: [{ id: '9', name: 'Now', threads: { MESSENGER: { inbox: 3 } } }] });
    try {
      const newest = Date.parse(live.threads('9')[0]?.updated_time ?? '');
      expect(newest).toBeLessThan(before + 1000);
      expect(newest).toBeGreaterThan(before - 2 * 3_600_000);
      const added = live.addThread('9', { text: 'hi' });
      expect(Date.parse(added.updated_time)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000);
      expect(fixed.threads('9')[0]?.updated_time.startsWith('2024-03-01T')).toBe(true);
    } finally {
      await Promise.all([live.close(), fixed.close()]);
    }
  });
});

describe('Instagram Login (graph.instagram.com)', () => {
  it('serves /me/conversations?platform=instagram for the account, leaves out old Requests threads, refuses messenger and Page ids', async () => {
    const login = await startEmulator({ instagramLogin: true, now: FIXED_NOW });
    try {
      const inbox = await walk(login, '/v24.0/me/conversations?platform=instagram&limit=10');
      expect(ids(inbox)).toEqual(login.threads('1001', { platform: 'INSTAGRAM', folder: 'inbox' }).map((t) => t.id));
      expect(inbox[0]?.paging.next).toContain('/v24.0/me/conversations?');
      const byId = await walk(login, '/v24.0/17841400000001001/conversations?limit=100');
      expect(ids(byId)).toEqual(ids(inbox));
      const requests = await walk(login, '/v24.0/me/conversations?platform=instagram&folder=other');
      const all = login.threads('1001', { platform: 'INSTAGRAM', folder: 'other' });
      const cutoff = Date.parse(FIXED_NOW) - 30 * 24 * 3_600_000;
      expect(all.some((t) => Date.parse(t.updated_time) < cutoff)).toBe(true);
      expect(ids(requests)).toEqual(all.filter((t) => Date.parse(t.updated_time) >= cutoff).map((t) => t.id));
      expect(((await getJson<GraphErrorJson>(login, '/v24.0/me/conversations?platform=messenger')).body.error.code)).toBe(100);
      expect(((await getJson<GraphErrorJson>(login, '/v24.0/1001/conversations')).body.error)).toMatchObject({ code: 100, error_subcode: 33 });
    } finally {
      await login.close();
    }
  });

  it("conversations$('me', { graphUrl, platform: 'INSTAGRAM' }) and messages$ work end to end", async () => {
    const login = await startEmulator({ instagramLogin: true, realism: 'graph' });
    try {
      const threads = await firstValueFrom(conversations$('me', { accessToken: login.accessToken, graphUrl: login.url, apiVersion: 'v24.0', platform: 'INSTAGRAM', fields: ['participants', 'is_owner'] }).pipe(toArray()));
      expect(threads.map((t) => t.id)).toEqual(login.threads('1001', { platform: 'INSTAGRAM', folder: 'inbox' }).map((t) => t.id));
      expect(threads.every((t) => t.is_owner === true)).toBe(true);
      const long = login.threads('1001', { platform: 'INSTAGRAM' }).find((t) => t.message_count > 25);
      const read = await firstValueFrom(messages$(long?.id ?? '', { accessToken: login.accessToken, graphUrl: login.url, limit: 8 }).pipe(toArray()));
      expect(read).toHaveLength(20);
      expect(login.requests[0]?.path).toBe('/v24.0/me/conversations');
    } finally {
      await login.close();
    }
  });
});
