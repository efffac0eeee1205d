import { take } from 'rxjs';
import { conversations$, GraphApiError, InvalidInputError, messages$, PagingError, messagesField, messagesSince$, retryOnRateLimit } from '../../src/index';
import type { Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect, settle } from '../support/walk';

let emulator: Emulator;
useEmulator((started) => (emulator = started));

const opts = () => ({ accessToken: emulator.accessToken, graphUrl: emulator.url });
const messenger = () => emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' });
const instagram = () => emulator.threads('1001', { folder: 'inbox', platform: 'INSTAGRAM' });
const longest = (threads: ReturnType<typeof messenger>) => [...threads].sort((a, b) => b.message_count - a.message_count)[0];

describe('messages$', () => {
  it('streams a thread’s messages newest first across several pages', async () => {
    const thread = longest(messenger());
    if (thread === undefined) throw new Error('no thread');
    const messages = await collect(messages$(thread.id, { ...opts(), limit: 7, fields: ['message', 'from'] }));
    expect(messages).toHaveLength(thread.message_count);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    const times = messages.map((m) => m.created_time.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(emulator.requests).toHaveLength(Math.ceil(thread.message_count / 7));
    expect(emulator.requests[0]?.path).toBe(`/v19.0/${thread.id}/messages`);
    expect(emulator.requests[0]?.query['fields']).toBe('id,created_time,message,from');
    expect(messages[0]?.message).toBe(thread.snippet);
  });

  it('stops requesting at the first message not newer than `since`', async () => {
    const thread = longest(messenger());
    if (thread === undefined) throw new Error('no thread');
    const all = await collect(messages$(thread.id, { ...opts(), limit: 5 }));
    const cutoff = all[7]?.created_time ?? new Date(0);
    emulator.clearRequests();
    const newer = await collect(messagesSince$(thread.id, cutoff, { ...opts(), limit: 5 }));
    expect(newer.map((m) => m.id)).toEqual(all.slice(0, 7).map((m) => m.id));
    expect(emulator.requests).toHaveLength(2);
  });

  it('takes retryOnRateLimit in perPage: the failing page is asked again, nothing is repeated', async () => {
    const thread = longest(messenger());
    if (thread === undefined) throw new Error('no thread');
    emulator.inject({ kind: 'graph-error', code: 613 }, { after: 2 });
    const messages = await collect(messages$(thread.id, { ...opts(), limit: 5, perPage: retryOnRateLimit({ baseDelayMs: 1, maxDelayMs: 2 }) }));
    expect(messages).toHaveLength(thread.message_count);
    expect(emulator.requests).toHaveLength(Math.ceil(thread.message_count / 5) + 1);
  });

  it('rejects a bad thread id or field before any request', async () => {
    for (const bad of [messages$('t_1/../x', opts()), messages$('t_1', { ...opts(), fields: ['colour' as 'message'] }), messagesSince$('t_1', new Date('nope'), opts())]) {
      const { error } = await settle(bad);
      expect(error).toBeInstanceOf(InvalidInputError);
    }
    expect(emulator.requests).toHaveLength(0);
  });
});

describe('Instagram threads', () => {
  it('carry participants with a username and no name or email', async () => {
    const threads = await collect(conversations$('1001', { ...opts(), platform: 'INSTAGRAM', fields: ['participants'] }));
    expect(threads).toHaveLength(instagram().length);
    for (const thread of threads) {
      for (const p of thread.participants?.data ?? []) {
        expect(p).toEqual({ id: expect.any(String), username: expect.any(String) });
      }
    }
  });

  it('give only the 20 most recent messages; the stream then completes', async () => {
    const thread = [...instagram()].find((t) => t.message_count > 25);
    if (thread === undefined) throw new Error('seed an Instagram thread with more than 25 messages');
    const messages = await collect(messages$(thread.id, { ...opts(), limit: 8 }));
    expect(messages).toHaveLength(20);
  });

  it('end with a typed history-limit error when asked to (older entries came back with id only)', async () => {
    const thread = [...instagram()].find((t) => t.message_count > 25);
    if (thread === undefined) throw new Error('no thread');
    const { values, error } = await settle(messages$(thread.id, { ...opts(), limit: 8, historyLimit: 'error' }));
    expect(values).toHaveLength(20);
    expect(error).toBeInstanceOf(PagingError);
    expect(error).toMatchObject({ kind: 'history-limit', retryable: false });
    expect(emulator.requests).toHaveLength(3);
  });

  it('read Graph’s "does not exist" (100/33) for a later page as the history limit, by code and subcode', async () => {
    const thread = [...instagram()].find((t) => t.message_count > 25);
    if (thread === undefined) throw new Error('no thread');
    // The wording Meta documents for a message past the readable ones: deleted or does not exist.
    const missing = { kind: 'graph-error', code: 100, subcode: 33, type: 'GraphMethodException', message: 'Unsupported get request. Object with ID \'aWdfZAG\' does not exist, cannot be loaded due to missing permissions, or does not support this operation' } as const;
    emulator.inject(missing, { after: 1 });
    const completed = await settle(messages$(thread.id, { ...opts(), limit: 8 }));
    expect(completed).toEqual({ values: expect.any(Array) });
    expect(completed.values).toHaveLength(8);
    emulator.clearRequests();
    emulator.inject(missing, { after: 1 });
    const { values, error } = await settle(messages$(thread.id, { ...opts(), limit: 8, historyLimit: 'error' }));
    expect(values).toHaveLength(8);
    expect(error).toBeInstanceOf(GraphApiError);
    expect(error).toMatchObject({ kind: 'history-limit', code: 100, subcode: 33, retryable: false });
  });

  it('keep "does not exist" on the first page as invalid-request: the thread itself is missing', async () => {
    const { error } = await settle(messages$('aWdfZAGnothere', { ...opts(), historyLimit: 'complete' }));
    expect(error).toMatchObject({ kind: 'invalid-request', code: 100, subcode: 33 });
  });

  it('name the permissions Instagram needs when permission is denied', async () => {
    emulator.inject({ kind: 'graph-error', code: 200 });
    const { error } = await settle(conversations$('1001', { ...opts(), platform: 'INSTAGRAM' }));
    expect(error).toMatchObject({ kind: 'permission', code: 200 });
    const help = (error as GraphApiError).help;
    for (const needed of ['instagram_basic', 'instagram_manage_messages', 'pages_manage_metadata', 'MESSAGING task', 'verified business']) {
      expect(help).toContain(needed);
    }
  });
});

describe('field selection over HTTP', () => {
  it('requests exactly the fields asked (plus id and updated_time) and decodes nested messages', async () => {
    const fields = ['snippet', messagesField({ limit: 3, fields: ['message', 'created_time'] })] as const;
    const threads = await collect(conversations$('1001', { ...opts(), fields }).pipe(take(5)));
    expect(emulator.requests[0]?.query['fields']).toBe('id,updated_time,snippet,messages.limit(3){id,message,created_time}');
    expect(threads.every((t) => (t.messages?.data.length ?? 0) <= 3)).toBe(true);
    expect(threads[0]?.messages?.data[0]?.message).toBe(threads[0]?.snippet);
    expect(Object.keys(threads[0] ?? {}).sort()).toEqual(['id', 'messages', 'snippet', 'updated_time']);
  });

  it('surfaces the emulator’s 2500 for broken field syntax as invalid-request', async () => {
    // The library never sends broken syntax itself, so break it on the way out.
    const breaking: typeof fetch = (url, init) => fetch(String(url).replace('fields=id%2Cupdated_time', 'fields=id%2Cupdated_time%7B'), init);
    const { error } = await settle(conversations$('1001', { ...opts(), fetch: breaking }));
    expect(error).toMatchObject({ kind: 'invalid-request', code: 2500 });
  });

  it('user_id returns at most that person’s thread', async () => {
    const someone = messenger()[5];
    const one = await collect(conversations$('1001', { ...opts(), userId: someone?.user.id ?? '' }));
    expect(one.map((t) => t.id)).toEqual([someone?.id]);
    const nobody = await collect(conversations$('1001', { ...opts(), userId: '424242424242' }));
    expect(nobody).toEqual([]);
  });
});
