// Field projection, thread nodes and the messages edge (nested and direct).
import { startEmulator, type Emulator, type ThreadState } from '../../../src/testing/index';
import { get, getJson, type GraphErrorJson, type GraphPage } from './support';

interface MessagesEdge {
  data: Array<Record<string, unknown> & { id: string; created_time?: string }>;
  paging: { cursors?: { before: string; after: string }; next?: string; previous?: string };
}

let emulator: Emulator;
let inbox: ThreadState[];

beforeAll(async () => {
  emulator = await startEmulator();
  inbox = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
});
afterAll(() => emulator.close());

/** Every message of a thread, following the edge's next links. */
async function allMessages(first: string): Promise<MessagesEdge['data']> {
  const out: MessagesEdge['data'] = [];
  let response = await get(emulator, first);
  for (;;) {
    const page = (await response.json()) as MessagesEdge;
    out.push(...page.data);
    if (page.paging.next === undefined) return out;
    response = await fetch(page.paging.next);
  }
}

describe('thread fields', () => {
  it('without fields, a thread has only id, updated_time and link', async () => {
    const { body } = await getJson(emulator, '/v19.0/1001/conversations?limit=3');
    for (const thread of body.data) expect(Object.keys(thread).sort()).toEqual(['id', 'link', 'updated_time']);
  });

  it('returns the selected fields (and the id), with values matching the emulator state', async () => {
    const { body } = await getJson(emulator, '/v19.0/1001/conversations?fields=snippet,message_count,participants,senders,can_reply,scoped_thread_key&limit=100');
    body.data.forEach((thread, index) => {
      const state = inbox[index];
      expect(thread).toMatchObject({ id: state?.id, snippet: state?.snippet, message_count: state?.message_count, can_reply: true });
      expect(thread['participants']).toEqual({ data: state?.participants });
      expect((thread['senders'] as { data: unknown[] }).data[0]).toEqual(state?.user);
      expect(Object.keys(thread)).toEqual(['snippet', 'message_count', 'participants', 'senders', 'can_reply', 'scoped_thread_key', 'id']);
    });
    const [person, page] = inbox[0]?.participants ?? [];
    expect(person).toEqual({ name: expect.any(String), email: `${person?.id ?? ''}@facebook.com`, id: expect.stringMatching(/^\d{16}$/) });
    expect(page).toEqual({ name: 'Acme Bikes', email: '1001@facebook.com', id: '1001' });
  });

  it('leaves unread_count out when it is 0, like Graph', async () => {
    const { body } = await getJson(emulator, '/v19.0/1001/conversations?fields=unread_count&limit=100');
    const unread = new Map(inbox.map((t) => [t.id, t.unread_count]));
    expect(body.data.some((t) => unread.get(t.id) === 0) && body.data.some((t) => (unread.get(t.id) ?? 0) > 0)).toBe(true);
    for (const thread of body.data) {
      const count = unread.get(thread.id) ?? 0;
      if (count === 0) expect('unread_count' in thread).toBe(false);
      else expect(thread['unread_count']).toBe(count);
    }
  });

  it('projects nested selections of participants', async () => {
    const { body } = await getJson(emulator, '/v19.0/1001/conversations?fields=participants{name}&limit=1');
    expect((body.data[0]?.['participants'] as { data: object[] }).data).toEqual([
      { name: inbox[0]?.user.name, id: inbox[0]?.user.id },
      { name: 'Acme Bikes', id: '1001' },
    ]);
  });

  it('answers an unknown field with code 100 naming it and the node type', async () => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations?fields=snippet,foo');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100, message: '(#100) Tried accessing nonexisting field (foo) on node type (UnifiedThread)' });
    const nested = await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations?fields=messages{bogus}');
    expect(nested.body.error.message).toBe('(#100) Tried accessing nonexisting field (bogus) on node type (Message)');
  });

  it('answers broken syntax with code 2500 and the position', async () => {
    const { status, body } = await getJson<GraphErrorJson>(emulator, '/v19.0/1001/conversations?fields=participants,messages%7Bmessage');
    expect(status).toBe(400);
    expect(body.error.code).toBe(2500);
    expect(body.error.message).toBe('Syntax error "Expected "}" instead of end of string." at character 29: participants,messages{message');
  });
});

describe('nested messages', () => {
  it('messages.limit(n){...} gives the n newest messages, with paging on the messages edge', async () => {
    const thread = inbox.find((t) => t.message_count > 7);
    const { body } = await getJson(emulator, `/v19.0/1001/conversations?user_id=${thread?.user.id ?? ''}&fields=messages.limit(3){message,from,created_time}`);
    const messages = body.data[0]?.['messages'] as MessagesEdge;
    expect(messages.data).toHaveLength(3);
    expect(messages.data[0]?.created_time).toBe(thread?.updated_time);
    expect(messages.data[0]?.['message']).toBe(thread?.snippet);
    for (const message of messages.data) {
      expect(Object.keys(message)).toEqual(['message', 'from', 'created_time', 'id']);
      expect(message.id).toMatch(/^m_mid\.\d{13}:[0-9a-f]{10}$/);
    }
    const next = new URL(messages.paging.next ?? '');
    expect(next.pathname).toBe(`/v19.0/${encodeURIComponent(thread?.id ?? '')}/messages`);
    expect(Object.fromEntries(next.searchParams)).toMatchObject({ access_token: emulator.accessToken, fields: 'message,from,created_time', limit: '3' });
    const rest = await allMessages(next.pathname + next.search);
    const all = [...messages.data, ...rest];
    expect(all).toHaveLength(thread?.message_count ?? -1);
    expect(new Set(all.map((m) => m.id)).size).toBe(all.length);
    const times = all.map((m) => m.created_time ?? '');
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('the thread node answers with fields, its id percent-encoded or not', async () => {
    const thread = inbox.find((t) => t.id.includes(':'));
    for (const id of [encodeURIComponent(thread?.id ?? ''), thread?.id ?? '']) {
      const { status, body } = await getJson<Record<string, unknown>>(emulator, `/v19.0/${id}?fields=snippet,messages.limit(1){message}`);
      expect(status).toBe(200);
      expect(body).toMatchObject({ snippet: thread?.snippet, id: thread?.id });
      expect((body['messages'] as MessagesEdge).data[0]?.['message']).toBe(thread?.snippet);
    }
    expect((await getJson<Record<string, unknown>>(emulator, `/${thread?.id ?? ''}`)).body).toEqual({ id: thread?.id, updated_time: thread?.updated_time, link: thread?.link });
  });

  it('the messages edge defaults to id and created_time and rejects unknown message fields', async () => {
    const thread = inbox[0];
    const { body } = await getJson<MessagesEdge>(emulator, `/v19.0/${encodeURIComponent(thread?.id ?? '')}/messages`);
    expect(body.data.length).toBe(Math.min(25, thread?.message_count ?? 0));
    for (const message of body.data) expect(Object.keys(message).sort()).toEqual(['created_time', 'id']);
    const bad = await getJson<GraphErrorJson>(emulator, `/v19.0/${encodeURIComponent(thread?.id ?? '')}/messages?fields=message,reactions`);
    expect(bad.body.error.message).toBe('(#100) Tried accessing nonexisting field (reactions) on node type (Message)');
  });

  it('serves attachments, tags and to on some messages', async () => {
    const withAttachments: unknown[] = [];
    for (const thread of inbox.slice(0, 20)) {
      const messages = await allMessages(`/v19.0/${encodeURIComponent(thread.id)}/messages?limit=100&fields=message,to,tags,attachments,sticker`);
      expect(messages.every((m) => Array.isArray((m['to'] as { data: unknown[] }).data) && Array.isArray((m['tags'] as { data: unknown[] }).data))).toBe(true);
      withAttachments.push(...messages.filter((m) => m['attachments'] !== undefined));
    }
    expect(withAttachments.length).toBeGreaterThan(0);
    expect(withAttachments[0]).toMatchObject({ attachments: { data: [{ id: expect.any(String), mime_type: expect.any(String), name: expect.any(String) }] } });
  });
});

describe('Instagram threads', () => {
  it('lists every message id, with details for the 20 most recent only (older entries are their id alone)', async () => {
    const thread = emulator.threads('1001', { platform: 'INSTAGRAM' }).find((t) => t.message_count > 20);
    let next: string | undefined = `${emulator.url}/v19.0/${encodeURIComponent(thread?.id ?? '')}/messages?limit=8&fields=message,created_time`;
    const seen: Array<Record<string, unknown>> = [];
    while (next !== undefined) {
      const response = await fetch(next, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
      expect(response.status).toBe(200);
      const page = (await response.json()) as GraphPage;
      seen.push(...(page.data as Array<Record<string, unknown>>));
      next = page.paging?.next;
    }
    expect(seen).toHaveLength(thread?.message_count ?? 0);
    expect(seen.slice(0, 20).every((m) => typeof m['created_time'] === 'string')).toBe(true);
    expect(seen.slice(20).every((m) => Object.keys(m).join() === 'id')).toBe(true);
  });

  it('the nested edge gives details for 20 too', async () => {
    const thread = emulator.threads('1001', { platform: 'INSTAGRAM' }).find((t) => t.message_count > 25);
    const { body } = await getJson<Record<string, unknown>>(emulator, `/v19.0/${encodeURIComponent(thread?.id ?? '')}?fields=messages.limit(50){message,from}`);
    const messages = body['messages'] as MessagesEdge;
    expect(messages.data).toHaveLength(Math.min(50, thread?.message_count ?? 0));
    expect(messages.data.slice(0, 20).every((m) => 'username' in (m['from'] as object))).toBe(true);
    expect(messages.data.slice(20).every((m) => Object.keys(m).join() === 'id')).toBe(true);
  });
});
