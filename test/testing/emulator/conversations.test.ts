// The conversations edge over real HTTP: order, paging, limit and filters.
import { FIXED_NOW, startEmulator, type Emulator, type PageSpec } from '../../../src/testing/index';
import { get, getJson, ids, walk, type GraphErrorJson } from './support';

const GRAPH_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/;
let emulator: Emulator;

beforeAll(async () => {
  emulator = await startEmulator({ now: FIXED_NOW });
});
afterAll(() => emulator.close());

describe('a full walk of a folder', () => {
  it('sees every thread exactly once, newest first, and stops when next is absent', async () => {
    const pages = await walk(emulator, '/v19.0/1001/conversations?limit=7');
    const expected = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
    expect(expected).toHaveLength(60);
    expect(pages).toHaveLength(Math.ceil(60 / 7));
    expect(ids(pages)).toEqual(expected.map((thread) => thread.id));
    const times = pages.flatMap((page) => page.data.map((thread) => String(thread['updated_time'])));
    expect(times.every((time) => GRAPH_TIME.test(time))).toBe(true);
    expect([...times].sort().reverse()).toEqual(times);
    expect(pages.every((page) => page.paging.cursors?.before.startsWith('QVFI') && page.paging.cursors.after.startsWith('QVFI'))).toBe(true);
    expect(pages.at(-1)?.paging.next).toBeUndefined();
    expect(pages.slice(0, -1).every((page) => page.paging.next !== undefined)).toBe(true);
  });

  it('walks back with previous links to the first page', async () => {
    const [first, second] = await walk(emulator, '/v19.0/1001/conversations?limit=25');
    expect(first?.paging.previous).toBeUndefined();
    const back = await fetch(second?.paging.previous ?? '');
    const previous = (await back.json()) as { data: Array<{ id: string }> };
    expect(previous.data.map((thread) => thread.id)).toEqual(first?.data.map((thread) => thread.id));
  });

  it('works without the version segment and mixes both id shapes, colons included', async () => {
    const pages = await walk(emulator, '/1001/conversations?limit=100');
    const all = ids(pages);
    expect(all.some((id) => /^t_mid\.\d{13}:[0-9a-f]+$/.test(id))).toBe(true);
    expect(all.some((id) => /^t_\d+$/.test(id))).toBe(true);
    expect(pages[0]?.paging.next).toBeUndefined();
  });

  it('is deterministic for a seed and different for another', async () => {
    // The same start too: by default each emulator's clock starts at its own real time.
    const same = await startEmulator({ now: FIXED_NOW });
    const other = await startEmulator({ seed: 2, now: FIXED_NOW });
    try {
      expect(same.threads('1001')).toEqual(emulator.threads('1001'));
      expect(other.threads('1001').map((t) => t.id)).not.toEqual(emulator.threads('1001').map((t) => t.id));
    } finally {
      await Promise.all([same.close(), other.close()]);
    }
  });
});

describe('limit', () => {
  const big: PageSpec = { id: '77', name: 'Big', threads: { MESSENGER: { inbox: 130 } } };
  let large: Emulator;
  beforeAll(async () => {
    large = await startEmulator({ pages: [big] });
  });
  afterAll(() => large.close());

  it('defaults to 25 and caps large values at 100 silently', async () => {
    expect((await getJson(large, '/v19.0/77/conversations')).body.data).toHaveLength(25);
    const capped = await getJson(large, '/v19.0/77/conversations?limit=500');
    expect(capped.body.data).toHaveLength(100);
    expect(new URL(capped.body.paging.next ?? '').searchParams.get('limit')).toBe('100');
  });

  it.each(['0', '-1', 'abc', '2.5', ''])('answers code 100 naming the parameter for limit=%j', async (limit) => {
    const { status, body } = await getJson<GraphErrorJson>(large, `/v19.0/77/conversations?limit=${limit}`);
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100, type: 'OAuthException' });
    expect(body.error.message).toContain('limit');
  });
});

describe('filters', () => {
  it.each([['other', 10], ['page_done', 15], ['spam', 5]] as const)('folder=%s lists that folder', async (folder, count) => {
    const pages = await walk(emulator, `/v19.0/1001/conversations?folder=${folder}`);
    expect(ids(pages)).toEqual(emulator.threads('1001', { folder, platform: 'MESSENGER' }).map((t) => t.id));
    expect(ids(pages)).toHaveLength(count);
  });

  it('platform=INSTAGRAM (or instagram) lists Instagram threads with username participants', async () => {
    const upper = await walk(emulator, '/v19.0/1001/conversations?platform=INSTAGRAM&fields=participants');
    const lower = await walk(emulator, '/v19.0/1001/conversations?platform=instagram&fields=participants');
    expect(ids(upper)).toEqual(emulator.threads('1001', { platform: 'INSTAGRAM', folder: 'inbox' }).map((t) => t.id));
    expect(ids(lower)).toEqual(ids(upper));
    const participants = upper.flatMap((page) => page.data.flatMap((t) => (t['participants'] as { data: object[] }).data));
    expect(participants.every((p) => 'username' in p && !('email' in p))).toBe(true);
    expect(participants).toContainEqual({ username: 'acme.bikes', id: '17841400000001001' });
  });

  it('user_id returns at most that person\'s thread', async () => {
    const someone = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' })[3];
    const one = await getJson(emulator, `/v19.0/1001/conversations?user_id=${someone?.user.id ?? ''}`);
    expect(one.body.data.map((t) => t.id)).toEqual([someone?.id]);
    expect(one.body.paging.next).toBeUndefined();
    const nobody = await getJson(emulator, '/v19.0/1001/conversations?user_id=123');
    expect(nobody.body).toEqual({ data: [], paging: {} });
    // The person's thread is in the inbox, so another folder has nothing for them.
    const elsewhere = await getJson(emulator, `/v19.0/1001/conversations?folder=spam&user_id=${someone?.user.id ?? ''}`);
    expect(elsewhere.body.data).toEqual([]);
  });

  it.each([
    ['/v19.0/1001/conversations?folder=archive', 'folder'],
    ['/v19.0/1001/conversations?platform=WHATSAPP', 'platform'],
    ['/v19.0/1002/conversations?platform=INSTAGRAM', 'INSTAGRAM'],
    ['/v19.0/1001/conversations?user_id=', 'user_id'],
  ])('%s answers code 100 mentioning %s', async (path, word) => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, path);
    expect(status).toBe(400);
    expect(body.error.code).toBe(100);
    expect(body.error.message).toContain(word);
  });

  it('answers an unknown Page like Graph answers a missing object', async () => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, '/v19.0/4242/conversations');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100, type: 'GraphMethodException', error_subcode: 33 });
    expect(body.error.message).toMatch(/^Unsupported get request\. Object with ID '4242' does not exist, cannot be loaded due to missing permissions, or does not support this operation/);
  });
});

describe('paging URLs', () => {
  it('embed the token even when the request used the header, and keep every parameter', async () => {
    const response = await get(emulator, '/v19.0/1001/conversations?folder=inbox&platform=MESSENGER&fields=snippet,participants&limit=5&custom=1');
    const page = (await response.json()) as { paging: { next: string } };
    const next = new URL(page.paging.next);
    expect(next.origin).toBe(emulator.url);
    expect(next.pathname).toBe('/v19.0/1001/conversations');
    expect([...next.searchParams.keys()]).toEqual(['access_token', 'folder', 'platform', 'fields', 'limit', 'custom', 'after']);
    expect(next.searchParams.get('access_token')).toBe(emulator.accessToken);
    expect(next.searchParams.get('fields')).toBe('snippet,participants');
  });

  it('keep user_id too', async () => {
    const someone = emulator.threads('1001', { platform: 'INSTAGRAM', folder: 'inbox' })[0];
    const page = await getJson(emulator, `/v19.0/1001/conversations?platform=INSTAGRAM&user_id=${someone?.user.id ?? ''}&limit=1`);
    expect(page.body.data).toHaveLength(1);
    expect(page.body.paging.next).toBeUndefined();
    expect(page.body.paging.cursors).toBeDefined();
  });

  it('answer a garbage cursor with code 2642', async () => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations?after=QVFIbm9wZQ');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 2642, message: '(#2642) Invalid cursors values' });
  });
});
