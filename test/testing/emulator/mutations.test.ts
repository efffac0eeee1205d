// The mutation API, seen through the edge: order, times, folders, deletions and cursors.
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { get, getJson, ids, walk, type GraphErrorJson, type GraphPage } from './support';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator();
});
afterEach(() => emulator.close());

const inbox = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });

describe('addMessage', () => {
  it('moves the thread to the front with a strictly newer updated_time and updates the counters', async () => {
    const before = inbox();
    const target = before[40];
    const after = emulator.addMessage('1001', target?.id ?? '', { text: 'Still open?' });
    expect(after.updated_time > (before[0]?.updated_time ?? '')).toBe(true);
    expect(after).toMatchObject({ snippet: 'Still open?', message_count: (target?.message_count ?? 0) + 1, unread_count: (target?.unread_count ?? 0) + 1 });
    const { body } = await getJson(emulator, '/v19.0/1001/conversations?fields=snippet,updated_time,unread_count&limit=2');
    expect(body.data[0]).toMatchObject({ id: target?.id, snippet: 'Still open?', updated_time: after.updated_time, unread_count: after.unread_count });
    const messages = await getJson(emulator, `/v19.0/${encodeURIComponent(target?.id ?? '')}/messages?fields=message,from&limit=1`);
    expect(messages.body.data[0]).toMatchObject({ message: 'Still open?', from: target?.user });
  });

  it('every mutation gets a strictly newer time; a Page reply clears unread', () => {
    const [a, b] = inbox();
    const first = emulator.addMessage('1001', a?.id ?? '');
    const second = emulator.addMessage('1001', b?.id ?? '', { fromPage: true, text: 'On it!' });
    expect(second.updated_time > first.updated_time).toBe(true);
    expect(second.unread_count).toBe(0);
    expect(inbox().map((t) => t.id).slice(0, 2)).toEqual([b?.id, a?.id]);
  });

  it('a thread bumped during a walk is missed by that walk and found by the next one', async () => {
    const first = (await getJson(emulator, '/v19.0/1001/conversations?limit=10')).body;
    const unseen = inbox()[30];
    emulator.addMessage('1001', unseen?.id ?? '');
    let page: GraphPage = first;
    const seen = ids([first]);
    while (page.paging.next !== undefined) {
      page = (await (await fetch(page.paging.next)).json()) as GraphPage;
      seen.push(...ids([page]));
    }
    expect(seen).not.toContain(unseen?.id);
    expect(seen).toHaveLength(59);
    expect(ids(await walk(emulator, '/v19.0/1001/conversations?limit=10'))[0]).toBe(unseen?.id);
  });

  it('when the boundary thread itself is bumped, the walk goes on from its new place (duplicates, as on Graph)', async () => {
    const first = (await getJson(emulator, '/v19.0/1001/conversations?limit=10')).body;
    emulator.addMessage('1001', first.data[9]?.id ?? '');
    const second = (await (await fetch(first.paging.next ?? '')).json()) as GraphPage;
    expect(ids([second])).toEqual(inbox().slice(1, 11).map((t) => t.id));
    expect(ids([second]).some((id) => ids([first]).includes(id))).toBe(true);
  });
});

describe('moveThread, deleteThread, addThread, markRead', () => {
  it('moveThread changes the folder, not the time; cursors on it become invalid in the old folder', async () => {
    const first = (await getJson(emulator, '/v19.0/1001/conversations?limit=5')).body;
    const moved = first.data[4];
    const state = emulator.moveThread('1001', moved?.id ?? '', 'page_done');
    expect(state).toMatchObject({ folder: 'page_done', updated_time: moved?.['updated_time'] });
    const done = ids(await walk(emulator, '/v19.0/1001/conversations?folder=page_done'));
    expect(done).toContain(moved?.id);
    expect(done).toEqual(emulator.threads('1001', { folder: 'page_done', platform: 'MESSENGER' }).map((t) => t.id));
    const next = await fetch(first.paging.next ?? '');
    expect(next.status).toBe(400);
    expect(((await next.json()) as GraphErrorJson).error.code).toBe(2642);
  });

  it('deleteThread removes it everywhere; a cursor on it answers 2642', async () => {
    const first = (await getJson(emulator, '/v19.0/1001/conversations?limit=5')).body;
    const gone = first.data[4]?.id ?? '';
    emulator.deleteThread('1001', gone);
    expect(inbox().map((t) => t.id)).not.toContain(gone);
    const next = await fetch(first.paging.next ?? '');
    expect(((await next.json()) as GraphErrorJson).error).toMatchObject({ code: 2642, message: '(#2642) Invalid cursors values' });
    const node = await getJson<GraphErrorJson>(emulator, `/v19.0/${encodeURIComponent(gone)}`);
    expect(node.body.error).toMatchObject({ code: 100, type: 'GraphMethodException' });
    expect(() => emulator.deleteThread('1001', gone)).toThrow(/no thread/);
  });

  it('addThread starts a thread at the front, named after `from`', async () => {
    const added = emulator.addThread('1002', { from: 'Lena Ortiz', text: 'Table for two?' });
    expect(added).toMatchObject({ folder: 'inbox', platform: 'MESSENGER', snippet: 'Table for two?', message_count: 1, unread_count: 1 });
    const { body } = await getJson(emulator, '/v19.0/1002/conversations?fields=participants,snippet&limit=1');
    expect(body.data[0]).toMatchObject({ id: added.id, snippet: 'Table for two?' });
    expect((body.data[0]?.['participants'] as { data: unknown[] }).data[0]).toEqual({ name: 'Lena Ortiz', email: `${added.user.id}@facebook.com`, id: added.user.id });
    const instagram = emulator.addThread('1001', { platform: 'INSTAGRAM', folder: 'other', from: 'lena.o' });
    expect(instagram.user).toEqual({ username: 'lena.o', id: instagram.user.id });
    expect(() => emulator.addThread('1002', { platform: 'INSTAGRAM' })).toThrow(/no instagram account/);
  });

  it('markRead makes Graph leave unread_count out', async () => {
    const unread = inbox().find((t) => t.unread_count > 0);
    emulator.markRead('1001', unread?.id ?? '');
    const { body } = await getJson<Record<string, unknown>>(emulator, `/v19.0/${encodeURIComponent(unread?.id ?? '')}?fields=unread_count,message_count`);
    expect(body).toEqual({ message_count: unread?.message_count, id: unread?.id });
  });

  it('mutations on unknown pages or threads throw a readable error', () => {
    expect(() => emulator.addMessage('9999', 't_1')).toThrow("no page '9999' (pages: 1001, 1002)");
    expect(() => emulator.moveThread('1002', inbox()[0]?.id ?? '', 'spam')).toThrow(/no thread .* on page '1002'/);
    expect(() => emulator.threads('9999')).toThrow(/no page/);
  });

  it('threads() without filters merges every folder and platform, newest first', async () => {
    const all = emulator.threads('1001');
    expect(all).toHaveLength(60 + 10 + 15 + 5 + 30 + 5);
    const times = all.map((t) => t.updated_time);
    expect([...times].sort().reverse()).toEqual(times);
    expect((await get(emulator, '/v19.0/1001/conversations')).status).toBe(200);
  });
});
