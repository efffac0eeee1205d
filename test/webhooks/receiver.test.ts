import * as crypto from 'node:crypto';
import { firstValueFrom, toArray, take, type Subscription } from 'rxjs';
import { InvalidInputError } from '../../src/errors/invalidInputError';
import { forPage, signWebhookBody, webhookReceiver, type WebhookEvent } from '../../src/webhooks/index';
import { send, serve } from '../support/webhookServer';

// Every comparison of a secret goes through timingSafeEqual: the tests count the calls.
jest.mock('node:crypto', () => {
  const actual = jest.requireActual<typeof import('node:crypto')>('node:crypto');
  return { ...actual, timingSafeEqual: jest.fn(actual.timingSafeEqual) };
});
const timingSafeEqual = crypto.timingSafeEqual as jest.MockedFunction<typeof crypto.timingSafeEqual>;

const APP_SECRET = 'app-secret-5f2c9e';
const VERIFY_TOKEN = 'verify-token-81ab';

const messageBody = (pageId = '1001', text = 'Hi!') =>
  JSON.stringify({
    object: 'page',
    entry: [{ id: pageId, time: 1709294400000, messaging: [{ sender: { id: '6543' }, recipient: { id: pageId }, timestamp: 1709294400000, message: { mid: 'm_1', text } }] }],
  });

const signed = (body: string, secret = APP_SECRET) => ({ 'content-type': 'application/json', 'x-hub-signature-256': signWebhookBody(body, secret) });

describe('webhookReceiver', () => {
  let received: WebhookEvent[];
  let refused: string[];
  let subscription: Subscription;
  let server: { url: string; close: () => Promise<void> };

  beforeEach(async () => {
    received = [];
    refused = [];
    const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, maxBodyBytes: 4096, onRefused: (why) => refused.push(why) });
    subscription = receiver.events$.subscribe((event) => received.push(event));
    server = await serve(receiver.handler);
  });
  afterEach(async () => {
    subscription.unsubscribe();
    await server.close();
  });

  describe('the verification handshake', () => {
    it('answers the challenge when the verify token matches', async () => {
      const answer = await send(`${server.url}/?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1158201444`, { method: 'GET' });
      expect(answer).toEqual({ status: 200, body: '1158201444' });
    });

    it.each([
      ['a wrong verify token', `hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`],
      ['another mode', `hub.mode=unsubscribe&hub.verify_token=${VERIFY_TOKEN}&hub.challenge=1`],
      ['no challenge', `hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN}`],
      ['no token', `hub.mode=subscribe&hub.challenge=1`],
    ])('refuses %s with 403, without echoing the challenge or the token', async (_, query) => {
      const answer = await send(`${server.url}/?${query}`, { method: 'GET' });
      expect(answer.status).toBe(403);
      expect(answer.body).not.toContain('1');
      expect(refused.join(' ')).not.toContain(VERIFY_TOKEN);
    });

    it('compares the verify token in constant time', async () => {
      timingSafeEqual.mockClear();
      await send(`${server.url}/?hub.mode=subscribe&hub.verify_token=${VERIFY_TOKEN.slice(0, -1)}x&hub.challenge=7`, { method: 'GET' });
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    });
  });

  describe('deliveries', () => {
    it('answers 200 to a signed body and emits its events, typed by kind', async () => {
      const body = JSON.stringify({
        object: 'page',
        entry: [
          {
            id: '1001',
            time: 1,
            messaging: [
              { sender: { id: '6543' }, recipient: { id: '1001' }, timestamp: 1, message: { mid: 'm_1', text: 'Hi!' } },
              { sender: { id: '1001' }, recipient: { id: '6543' }, timestamp: 2, message: { mid: 'm_2', text: 'Hello', is_echo: true, app_id: 77 } },
              { sender: { id: '6543' }, recipient: { id: '1001' }, timestamp: 3, read: { watermark: 2 } },
              { sender: { id: '6543' }, recipient: { id: '1001' }, timestamp: 4, delivery: { mids: ['m_2'], watermark: 2 } },
              { sender: { id: '6543' }, recipient: { id: '1001' }, timestamp: 5, postback: { title: 'Start', payload: 'GO', mid: null } },
              { sender: { id: '6543' }, recipient: { id: '1001' }, timestamp: 6, reaction: { mid: 'm_2', action: 'react', emoji: '👍' } },
            ],
          },
        ],
      });
      const answer = await send(server.url, { headers: signed(body), body });
      expect(answer.status).toBe(200);
      expect(received.map((event) => [event.kind, event.pageId, event.userId])).toEqual([
        ['message', '1001', '6543'],
        ['echo', '1001', '6543'],
        ['read', '1001', '6543'],
        ['delivery', '1001', '6543'],
        ['postback', '1001', '6543'],
        ['other', '1001', '6543'],
      ]);
      const [message, echo, , , , other] = received;
      expect(message).toMatchObject({ object: 'page', senderId: '6543', recipientId: '1001', timestamp: 1, message: { mid: 'm_1', text: 'Hi!' } });
      expect(echo).toMatchObject({ senderId: '1001', recipientId: '6543', message: { is_echo: true } });
      expect(other).toMatchObject({ fields: ['reaction'] });
    });

    it('reads Instagram deliveries: the entry id is the Instagram account', async () => {
      const body = JSON.stringify({ object: 'instagram', entry: [{ id: '1784', time: 1, messaging: [{ sender: { id: '9911' }, recipient: { id: '1784' }, timestamp: 1, message: { mid: 'aWdfZAG1', text: 'hey' } }] }] });
      await send(server.url, { headers: signed(body), body });
      expect(received).toMatchObject([{ object: 'instagram', pageId: '1784', userId: '9911', kind: 'message' }]);
    });

    it('keeps the good items of a batch with a malformed one, and says which one was dropped', async () => {
      const body = JSON.stringify({
        object: 'page',
        entry: [
          { id: '1001', messaging: [{ sender: { id: 5 }, recipient: { id: '1001' } }, { sender: { id: '1' }, recipient: { id: '1001' }, message: { mid: 'm_9' } }] },
          { id: 42 },
        ],
      });
      expect((await send(server.url, { headers: signed(body), body })).status).toBe(200);
      expect(received.map((event) => ('message' in event ? event.message : event.kind))).toEqual([{ mid: 'm_9' }]);
      expect(refused).toEqual([expect.stringContaining('entry.0.messaging.0'), expect.stringContaining('entry.1')]);
    });

    it.each([
      ['not JSON', '{"object":'],
      ['another product', JSON.stringify({ object: 'user', entry: [{ id: '1', changes: [] }] })],
      ['no entries', JSON.stringify({ object: 'page' })],
      ['a JSON string', '"page"'],
    ])('answers 200 to a signed body that is %s, emits nothing and does not crash', async (_, body) => {
      expect((await send(server.url, { headers: signed(body), body })).status).toBe(200);
      expect(received).toEqual([]);
      expect(refused).toHaveLength(1);
    });

    it('takes a body a framework already read into a Buffer (express.raw)', async () => {
      const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
      const events = firstValueFrom(receiver.events$);
      const raw = messageBody();
      const express = await serve((req, res) => {
        const parts: Buffer[] = [];
        req.on('data', (chunk: Buffer) => parts.push(chunk));
        req.on('end', () => receiver.handler(Object.assign(req, { body: Buffer.concat(parts) }), res));
      });
      try {
        expect((await send(express.url, { headers: signed(raw), body: raw })).status).toBe(200);
        await expect(events).resolves.toMatchObject({ kind: 'message', pageId: '1001' });
      } finally {
        await express.close();
      }
    });

    it('answers 500, and emits nothing, when a JSON parser consumed the body before it', async () => {
      const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
      const seen: WebhookEvent[] = [];
      const sub = receiver.events$.subscribe((event) => seen.push(event));
      const raw = messageBody();
      const parsedFirst = await serve((req, res) => {
        const parts: Buffer[] = [];
        req.on('data', (chunk: Buffer) => parts.push(chunk));
        req.on('end', () => receiver.handler(Object.assign(req, { body: JSON.parse(Buffer.concat(parts).toString()) as unknown }), res));
      });
      try {
        expect((await send(parsedFirst.url, { headers: signed(raw), body: raw })).status).toBe(500);
        expect(seen).toEqual([]);
      } finally {
        sub.unsubscribe();
        await parsedFirst.close();
      }
    });

    it('refuses other methods with 405', async () => {
      expect((await send(server.url, { method: 'PUT', body: '' })).status).toBe(405);
    });
  });

  describe('forged and oversized deliveries produce no event', () => {
    const body = messageBody();
    it.each<[string, Record<string, string | string[]>, string, number]>([
      ['no signature', { 'content-type': 'application/json' }, body, 401],
      ['an empty signature', { 'x-hub-signature-256': '' }, body, 401],
      ['a signature with the wrong secret', signed(body, 'another-secret'), body, 403],
      ['a body altered after signing', signed(body), body.replace('Hi!', 'Ha!'), 403],
      ['a body replayed to another Page id', signed(body), body.replaceAll('1001', '2002'), 403],
      ['a malformed signature', { 'x-hub-signature-256': 'sha256=xyz' }, body, 403],
      ['a SHA-1 signature only', { 'x-hub-signature': `sha1=${crypto.createHmac('sha1', APP_SECRET).update(body).digest('hex')}` }, body, 401],
      ['two signature headers', { 'x-hub-signature-256': [signWebhookBody(body, APP_SECRET), signWebhookBody(body, APP_SECRET)] }, body, 403],
      ['a signature in upper-case hex', { 'x-hub-signature-256': signWebhookBody(body, 'x').toUpperCase() }, body, 403],
    ])('%s: %#', async (_, headers, sent, status) => {
      const answer = await send(server.url, { headers, body: sent });
      expect(answer.status).toBe(status);
      expect(received).toEqual([]);
      expect(`${answer.body} ${refused.join(' ')}`).not.toContain(APP_SECRET);
    });

    it('checks the signature in constant time', async () => {
      timingSafeEqual.mockClear();
      await send(server.url, { headers: signed(body, 'another-secret'), body });
      expect(timingSafeEqual).toHaveBeenCalledTimes(1);
    });

    it('refuses a body over the cap with 413: declared up front, or counted while it streams', async () => {
      const big = JSON.stringify({ object: 'page', entry: [], pad: 'x'.repeat(5000) });
      expect((await send(server.url, { headers: signed(big), body: big })).status).toBe(413);
      const chunks = Array.from({ length: 5 }, () => Buffer.from('x'.repeat(1000)));
      const streamed = await send(server.url, { headers: { 'x-hub-signature-256': signWebhookBody(Buffer.concat(chunks), APP_SECRET) }, chunks });
      expect(streamed.status).toBe(413);
      expect(received).toEqual([]);
    });
  });

  it('throws at call for bad options, without showing the secrets', () => {
    expect(() => webhookReceiver({ appSecret: '', verifyToken: VERIFY_TOKEN })).toThrow(InvalidInputError);
    expect(() => webhookReceiver({ appSecret: APP_SECRET, verifyToken: 7 as unknown as string })).toThrow(/verifyToken/);
    expect(() => webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, maxBodyBytes: 0 })).toThrow(/maxBodyBytes/);
    expect(() => webhookReceiver(null as unknown as { appSecret: string; verifyToken: string })).toThrow(InvalidInputError);
  });

  it('forPage keeps the thread events of the given Pages only', async () => {
    const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
    const kept = firstValueFrom(receiver.events$.pipe(forPage('1001'), take(1), toArray()));
    const other = await serve(receiver.handler);
    try {
      for (const body of [messageBody('2002'), messageBody('1001', 'mine')]) await send(other.url, { headers: signed(body), body });
      await expect(kept).resolves.toMatchObject([{ pageId: '1001', message: { text: 'mine' } }]);
    } finally {
      await other.close();
    }
  });
});
