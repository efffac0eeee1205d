import type { IncomingMessage, ServerResponse } from 'node:http';
import { startEmulator, type Emulator } from '../../../src/testing/index';
import { webhookReceiver, type WebhookEvent } from '../../../src/webhooks/index';
import { serve } from '../../support/webhookServer';

const APP_SECRET = 'emulator-app-secret';
const VERIFY_TOKEN = 'emulator-verify-token';

/** A receiver on loopback, and the events it accepted. */
async function receiving(wrap: (handler: (req: IncomingMessage, res: ServerResponse) => void) => (req: IncomingMessage, res: ServerResponse) => void = (h) => h) {
  const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
  const events: WebhookEvent[] = [];
  const subscription = receiver.events$.subscribe((event) => events.push(event));
  const server = await serve(wrap(receiver.handler));
  return {
    url: `${server.url}/webhook`,
    events,
    close: async () => {
      subscription.unsubscribe();
      await server.close();
    },
  };
}

describe('startEmulator({ webhook })', () => {
  let receiver: Awaited<ReturnType<typeof receiving>>;
  let emulator: Emulator | undefined;
  beforeEach(async () => {
    receiver = await receiving();
  });
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
    await receiver.close();
  });

  it('posts signed events the receiver accepts: a message, the echo of a Page reply, a read', async () => {
    emulator = await startEmulator({ webhook: { url: receiver.url, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
    const [thread] = emulator.threads('1001', { folder: 'inbox' });
    if (thread === undefined) throw new Error('seeded inbox is empty');
    emulator.addMessage('1001', thread.id, { text: 'Is it in stock?' });
    emulator.addMessage('1001', thread.id, { text: 'Yes!', fromPage: true });
    emulator.markRead('1001', thread.id);
    await emulator.webhooks?.idle();
    expect(receiver.events.map((e) => [e.kind, e.object, e.pageId, e.userId])).toEqual([
      ['message', 'page', '1001', thread.user.id],
      ['echo', 'page', '1001', thread.user.id],
      ['read', 'page', '1001', thread.user.id],
    ]);
    expect(receiver.events[0]).toMatchObject({ message: { text: 'Is it in stock?' } });
    expect(emulator.webhooks?.deliveries.map((d) => [d.kind, d.threadId, d.fate, d.attempts])).toEqual([
      ['message', thread.id, 'delivered', 1],
      ['echo', thread.id, 'delivered', 1],
      ['read', thread.id, 'delivered', 1],
    ]);
  });

  it('sends a new Instagram thread as an instagram event of the linked account', async () => {
    emulator = await startEmulator({ webhook: { url: receiver.url, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } });
    const page = emulator.pageIds.find((id) => emulator?.threads(id, { platform: 'INSTAGRAM' }).length !== 0) ?? '1001';
    const thread = emulator.addThread(page, { platform: 'INSTAGRAM', text: 'hey' });
    await emulator.webhooks?.idle();
    const account = thread.participants[1]?.id;
    expect(receiver.events).toMatchObject([{ kind: 'message', object: 'instagram', pageId: account, userId: thread.user.id }]);
  });

  it('runs the handshake first, and does not start when the callback refuses the verify token', async () => {
    await expect(startEmulator({ webhook: { url: receiver.url, appSecret: APP_SECRET, verifyToken: 'another-token' } })).rejects.toThrow(/handshake failed: the callback answered status 403/);
    await expect(startEmulator({ webhook: { url: receiver.url, appSecret: APP_SECRET, verifyToken: 'another-token' } })).rejects.not.toThrow(/another-token/);
    await expect(startEmulator({ webhook: { url: 'https://example.com/hook', appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN } })).rejects.toThrow(/loopback/);
  });

  it('drops, duplicates and delays a seeded share of events, the same way for the same seed', async () => {
    const fates = async () => {
      const sink = await receiving();
      const started = await startEmulator({ webhook: { url: sink.url, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, dropRate: 0.2, duplicateRate: 0.2, maxDelayMs: 5, seed: 11 } });
      try {
        const threads = started.threads('1001', { folder: 'inbox' }).slice(0, 10);
        for (let i = 0; i < 60; i += 1) started.addMessage('1001', threads[i % threads.length]?.id ?? '', { text: `n${i}` });
        await started.webhooks?.idle();
        const deliveries = started.webhooks?.deliveries ?? [];
        const texts = sink.events.map((e) => (e.kind === 'message' ? e.message.text : ''));
        return { deliveries, texts };
      } finally {
        await started.close();
        await sink.close();
      }
    };
    const first = await fates();
    const again = await fates();
    expect(first.deliveries.map((d) => d.copies)).toEqual(again.deliveries.map((d) => d.copies));
    const dropped = first.deliveries.filter((d) => d.fate === 'dropped').length;
    const doubled = first.deliveries.filter((d) => d.copies === 2).length;
    expect(dropped).toBeGreaterThan(5);
    expect(dropped).toBeLessThan(20);
    expect(doubled).toBeGreaterThan(3);
    // Every copy sent arrived; with random delays some overtook others.
    expect(first.texts).toHaveLength(first.deliveries.reduce((sum, d) => sum + d.copies, 0));
    const order = first.texts.map((text) => Number(text?.slice(1)));
    expect(order).not.toEqual([...order].sort((a, b) => a - b));
  });

  it('retries a post that is not answered 2xx, with growing waits, then gives up', async () => {
    let refusals = 2;
    const flaky = await receiving((handler) => (req, res) => {
      if (req.method === 'POST' && refusals > 0) {
        refusals -= 1;
        res.writeHead(503).end();
        return;
      }
      handler(req, res);
    });
    try {
      emulator = await startEmulator({ webhook: { url: flaky.url, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, retryDelayMs: 1, retries: 2 } });
      const [thread] = emulator.threads('1001');
      emulator.addMessage('1001', thread?.id ?? '');
      await emulator.webhooks?.idle();
      expect(emulator.webhooks?.deliveries).toMatchObject([{ fate: 'delivered', attempts: 3, statuses: [503, 503, 200] }]);
      expect(flaky.events).toHaveLength(1);
      refusals = 10;
      emulator.addMessage('1001', thread?.id ?? '');
      await emulator.webhooks?.idle();
      expect(emulator.webhooks?.deliveries[1]).toMatchObject({ fate: 'failed', attempts: 3, statuses: [503, 503, 503] });
    } finally {
      await flaky.close();
    }
  });
});
