import { createHmac } from 'node:crypto';
import { take } from 'rxjs';
import { conversations$, type ConversationsOptions } from '../../src/index';
import { THREAD_FIELDS } from '../../src/codecs/index';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { useEmulator } from '../support/emulator';
import { collect } from '../support/walk';

let emulator: Emulator;
let opts: ConversationsOptions;

useEmulator((started) => {
  emulator = started;
  opts = { accessToken: emulator.accessToken, graphUrl: emulator.url };
});

const conversationRequests = () => emulator.requests.filter((r) => r.path.endsWith('/conversations'));

describe('conversations$ walks the edge over HTTP', () => {
  it('delivers every thread once, in order, across many pages', async () => {
    const expected = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).map((t) => t.id);
    const threads = await collect(conversations$('1001', { ...opts, limit: 7 }));
    expect(threads.map((t) => t.id)).toEqual(expected);
    expect(new Set(threads.map((t) => t.id)).size).toBe(expected.length);
    expect(conversationRequests()).toHaveLength(Math.ceil(expected.length / 7));
  });

  it('is lazy: nothing is requested until subscribe', async () => {
    const stream = conversations$('1001', opts);
    await fetch(`${emulator.url}/ping`).catch(() => undefined);
    expect(conversationRequests()).toHaveLength(0);
    await collect(stream.pipe(take(1)));
    expect(conversationRequests()).toHaveLength(1);
  });

  it('take(1) makes exactly one request', async () => {
    const [first] = await collect(conversations$('1001', { ...opts, limit: 5 }).pipe(take(1)));
    expect(first?.id).toBe(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' })[0]?.id);
    // A round trip of our own after the walk: a stray page request would have arrived first.
    await fetch(`${emulator.url}/v19.0/1001/conversations?limit=1`, { headers: { authorization: `Bearer ${emulator.accessToken}` } });
    expect(emulator.requests).toHaveLength(2);
    expect(emulator.requests[1]?.url).toBe('/v19.0/1001/conversations?limit=1');
  });

  it('take(n) requests only the pages it needs', async () => {
    await collect(conversations$('1001', { ...opts, limit: 10 }).pipe(take(15)));
    expect(conversationRequests()).toHaveLength(2);
  });

  it('sends the token in the Authorization header and never in a URL', async () => {
    await collect(conversations$('1001', { ...opts, limit: 20 }));
    const requests = conversationRequests();
    expect(requests.length).toBeGreaterThan(1);
    for (const request of requests) {
      expect(request.headers['authorization']).toBe(`Bearer ${emulator.accessToken}`);
      expect(request.url).not.toContain(emulator.accessToken);
      expect(request.query['access_token']).toBeUndefined();
    }
  });

  it('keeps every option on every page', async () => {
    await collect(conversations$('1001', { ...opts, limit: 3, folder: 'page_done', fields: ['snippet'] }));
    const requests = conversationRequests();
    expect(requests.length).toBe(Math.ceil(emulator.threads('1001', { folder: 'page_done', platform: 'MESSENGER' }).length / 3));
    for (const request of requests) {
      expect(request.query).toMatchObject({ limit: '3', folder: 'page_done', fields: 'id,updated_time,snippet' });
    }
  });

  it('filters by folder, platform and user id', async () => {
    const spam = await collect(conversations$('1001', { ...opts, folder: 'spam' }));
    expect(spam.map((t) => t.id)).toEqual(emulator.threads('1001', { folder: 'spam', platform: 'MESSENGER' }).map((t) => t.id));

    const instagram = await collect(conversations$('1001', { ...opts, platform: 'INSTAGRAM', fields: ['participants'] }));
    expect(instagram.map((t) => t.id)).toEqual(emulator.threads('1001', { platform: 'INSTAGRAM', folder: 'inbox' }).map((t) => t.id));
    expect(instagram.every((t) => t.participants?.data.every((p) => 'username' in p))).toBe(true);

    const someone = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' })[3];
    const person = someone?.participants.find((p) => p.id !== '1001');
    const one = await collect(conversations$('1001', { ...opts, userId: person?.id ?? '' }));
    expect(one.map((t) => t.id)).toEqual([someone?.id]);
  });

  it('decodes every field the emulator serves, nested messages included', async () => {
    const fields = THREAD_FIELDS.filter((f) => f !== 'messages');
    const threads = await collect(conversations$('1001', { ...opts, fields: [...fields, 'messages'], limit: 50 }));
    expect(threads).toHaveLength(emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).length);
    expect(threads.some((t) => (t.messages?.data.length ?? 0) > 0)).toBe(true);
    expect(threads.every((t) => t.updated_time instanceof Date)).toBe(true);
  });

  it('sees the emulator’s mutations on the next walk', async () => {
    const before = emulator.threads('1002');
    const target = before[before.length - 1];
    emulator.addMessage('1002', target?.id ?? '', { text: 'new here' });
    const [top] = await collect(conversations$('1002', opts).pipe(take(1)));
    expect(top?.id).toBe(target?.id);
    expect(top?.snippet).toBe('new here');
    expect(top && before[0] && top.updated_time.getTime()).toBeGreaterThan(Date.parse(before[0]?.updated_time.replace('+0000', 'Z') ?? ''));
  });
});

describe('appsecret_proof', () => {
  const appSecret = 'emulator-app-secret';
  let secured: Emulator;
  beforeAll(async () => {
    secured = await startEmulator({ appSecret });
  });
  afterAll(() => secured.close());

  it('is sent on every page and accepted by the server', async () => {
    const threads = await collect(conversations$('1001', { accessToken: secured.accessToken, graphUrl: secured.url, appSecret, limit: 9 }));
    expect(threads).toHaveLength(secured.threads('1001', { folder: 'inbox', platform: 'MESSENGER' }).length);
    const proof = createHmac('sha256', appSecret).update(secured.accessToken).digest('hex');
    expect(secured.requests.length).toBeGreaterThan(2);
    for (const request of secured.requests) expect(request.query['appsecret_proof']).toBe(proof);
  });

  it('a wrong secret is a signature error', async () => {
    const error = await collect(conversations$('1001', { accessToken: secured.accessToken, graphUrl: secured.url, appSecret: 'wrong' })).catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'signature', code: 104, retryable: false });
  });
});
