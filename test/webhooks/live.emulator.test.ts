import { defer, tap } from 'rxjs';
import { conversations$, pollDiff, type Thread, type ThreadChange } from '../../src/index';
import { startEmulator, type Emulator } from '../../src/testing/index';
import { forPage, signWebhookBody, webhookReceiver, type WebhookEvent } from '../../src/webhooks/index';
import { HeldScheduler } from '../support/heldScheduler';
import { send, serve } from '../support/webhookServer';

const APP_SECRET = 'live-app-secret';
const VERIFY_TOKEN = 'live-verify-token';
const FIVE_MINUTES = 300_000;
const PAGE = '1001';

/** Webhooks + reconciliation on a live emulator: receiver on loopback, pollDiff with the interval held by the test. */
async function liveInbox(webhook: { dropRate?: number; duplicateRate?: number; maxDelayMs?: number; seed?: number; retries?: number }) {
  const receiver = webhookReceiver({ appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN });
  let down = false;
  const server = await serve((req, res) => (down && req.method === 'POST' ? void res.writeHead(503).end() : receiver.handler(req, res)));
  const emulator = await startEmulator({ webhook: { url: `${server.url}/webhook`, appSecret: APP_SECRET, verifyToken: VERIFY_TOKEN, retryDelayMs: 1, ...webhook } });
  const scheduler = new HeldScheduler(60_000);
  const changes: ThreadChange<Thread>[] = [];
  const triggers: WebhookEvent[] = [];
  const listeners = new Set<() => void>();
  let polls = 0;
  // The trigger events a poll started after: once the last completed poll started after
  // every event so far, no triggered poll is due (the loop asks for one only for later events).
  let startedAfter = 0;
  let coveredEvents = 0;
  const seeded = new Promise<void>((resolve) => listeners.add(resolve));
  const source = conversations$(PAGE, { accessToken: emulator.accessToken, graphUrl: emulator.url, folder: 'inbox', limit: 25 });
  const subscription = defer(() => {
    startedAfter = triggers.length;
    return source;
  })
    .pipe(
      pollDiff({
        intervalMs: FIVE_MINUTES,
        emitInitial: false,
        scheduler,
        triggerGapMs: 0,
        trigger: receiver.events$.pipe(forPage(PAGE), tap((event) => triggers.push(event))),
        onSnapshot: () => {
          polls += 1;
          coveredEvents = startedAfter;
          for (const listener of [...listeners]) listener();
        },
      }),
    )
    .subscribe((change) => {
      changes.push(change);
      for (const listener of [...listeners]) listener();
    });
  await seeded;
  emulator.clearRequests();
  /** Resolves once `done()` holds, checked after every change and every poll. */
  const until = (done: () => boolean) =>
    new Promise<void>((resolve) => {
      const check = () => {
        if (!done()) return;
        listeners.delete(check);
        resolve();
      };
      listeners.add(check);
      check();
    });
  return {
    emulator,
    receiverUrl: `${server.url}/webhook`,
    scheduler,
    changes,
    triggers,
    polls: () => polls,
    /** Whether no triggered poll is due: the last completed poll started after every event so far. */
    quiet: () => coveredEvents === triggers.length,
    until,
    setDown: (value: boolean) => (down = value),
    close: async () => {
      subscription.unsubscribe();
      await emulator.close();
      await server.close();
    },
  };
}

type Live = Awaited<ReturnType<typeof liveInbox>>;

const conversationRequests = (emulator: Emulator) => emulator.requests.filter((r) => r.path.endsWith('/conversations'));
const key = (change: ThreadChange<Thread>) => `${change.thread.id}@${change.thread.updated_time.toISOString()}`;

describe('webhooks + reconciliation on the emulator', () => {
  let live: Live | undefined;
  afterEach(async () => {
    await live?.close();
    live = undefined;
  });

  it('a quiet inbox costs no request until the reconciliation; a new message reaches the subscriber after one request', async () => {
    live = await liveInbox({});
    const { emulator, scheduler } = live;
    await scheduler.holding(); // the next poll waits for the 5-minute interval
    expect(conversationRequests(emulator)).toHaveLength(0);

    const [thread] = emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' }).slice(-1);
    if (thread === undefined) throw new Error('empty inbox');
    const after = emulator.addMessage(PAGE, thread.id, { text: 'Is the blue bike still there?' });
    await live.until(() => live?.changes.length === 1);
    expect(live.changes).toMatchObject([{ type: 'updated', thread: { id: thread.id, updated_time: new Date(after.updated_time.replace('+0000', 'Z')) } }]);
    expect(conversationRequests(emulator)).toHaveLength(1);

    scheduler.release();
    const polled = live.polls();
    await live.until(() => live?.polls() === polled + 1);
    expect(conversationRequests(emulator)).toHaveLength(2); // the reconciliation: one quick poll, nothing new
    expect(live.changes).toHaveLength(1);
  });

  it('with 20% of webhooks dropped, some duplicated and reordered, every change reaches the subscriber exactly once, no phantom', async () => {
    live = await liveInbox({ dropRate: 0.2, duplicateRate: 0.2, maxDelayMs: 15, seed: 11 });
    const { emulator, scheduler } = live;
    const inbox = emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' }).slice(0, 12);
    const times = new Map<string, Set<string>>(); // every updated_time each thread really had
    const latest = new Map<string, string>();
    const record = (state: { id: string; updated_time: string }) => {
      const iso = new Date(state.updated_time.replace('+0000', 'Z')).toISOString();
      (times.get(state.id) ?? times.set(state.id, new Set()).get(state.id))?.add(iso);
      latest.set(state.id, iso);
    };
    let step = 0;
    for (let round = 0; round < 12; round += 1) {
      // A burst of 1 to 3 mutations: people writing, Page replies (echoes), a new thread.
      for (let i = 0; i <= round % 3; i += 1) {
        step += 1;
        const target = inbox[(step * 7) % inbox.length];
        if (target === undefined) continue;
        if (step % 9 === 0) record(emulator.addThread(PAGE, { from: `Person ${step}`, text: 'hello' }));
        else record(emulator.addMessage(PAGE, target.id, { text: `m${step}`, fromPage: step % 4 === 0 }));
      }
      await emulator.webhooks?.idle();
      // Everything up to the last round with a delivered webhook was read by its poll.
      const deliveries = emulator.webhooks?.deliveries ?? [];
      const lastDelivered = deliveries.filter((d) => d.fate === 'delivered').length === 0 ? [] : deliveries.slice(0, deliveries.map((d) => d.fate).lastIndexOf('delivered') + 1);
      const expected = new Set(lastDelivered.map((d) => d.threadId));
      await live.until(() => [...expected].every((id) => live?.changes.some((c) => c.thread.id === id)));
    }
    await live.until(() => live?.quiet() === true);
    // A last burst while the receiver is down: Meta's retries fail too; only the reconciliation finds it.
    live.setDown(true);
    const lost = [inbox[1], inbox[2]].map((thread) => emulator.addMessage(PAGE, thread?.id ?? '', { text: 'while you were down' }));
    lost.forEach(record);
    await emulator.webhooks?.idle();
    live.setDown(false);

    const deliveries = emulator.webhooks?.deliveries ?? [];
    expect(deliveries.filter((d) => d.fate === 'dropped').length).toBeGreaterThanOrEqual(3);
    expect(deliveries.filter((d) => d.copies === 2).length).toBeGreaterThanOrEqual(2);
    expect(deliveries.slice(-2).map((d) => d.fate === 'delivered')).toEqual([false, false]);
    expect(deliveries.some((d) => d.fate === 'failed')).toBe(true);

    const missing = () => [...latest].filter(([id, iso]) => !live?.changes.some((c) => c.thread.id === id && c.thread.updated_time.toISOString() === iso));
    expect(missing().map(([id]) => id)).toEqual(expect.arrayContaining(lost.map((thread) => thread.id)));
    const before = live.polls();
    scheduler.release();
    await live.until(() => (live?.polls() ?? 0) > before && missing().length === 0);

    const keys = live.changes.map(key);
    expect(new Set(keys).size).toBe(keys.length); // nothing twice
    for (const change of live.changes) {
      // No phantom: each reported time is one the thread really had.
      expect(times.get(change.thread.id)?.has(change.thread.updated_time.toISOString())).toBe(true);
    }
    // Every thread's last change was reported, the new threads as added.
    const lastReported = new Map(live.changes.map((c) => [c.thread.id, c.thread.updated_time.toISOString()]));
    expect(lastReported).toEqual(latest);
    // A burst costs a poll, not a request per event.
    expect(conversationRequests(emulator).length).toBeLessThan(live.triggers.length);
  });

  it('forged webhooks produce no event and no request to Graph', async () => {
    live = await liveInbox({});
    const { emulator } = live;
    const [thread] = emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' });
    const body = JSON.stringify({
      object: 'page',
      entry: [{ id: PAGE, time: 1, messaging: [{ sender: { id: thread?.user.id ?? '' }, recipient: { id: PAGE }, timestamp: 1, message: { mid: 'm_forged', text: 'hi' } }] }],
    });
    const forgeries: Array<{ headers: Record<string, string>; body: string }> = [
      { headers: { 'content-type': 'application/json' }, body },
      { headers: { 'x-hub-signature-256': signWebhookBody(body, 'not-the-app-secret') }, body },
      { headers: { 'x-hub-signature-256': signWebhookBody(body, APP_SECRET) }, body: body.replace('"hi"', '"ho"') },
      { headers: { 'x-hub-signature-256': signWebhookBody(body, APP_SECRET) }, body: body.replaceAll(PAGE, '2002') },
    ];
    const statuses = [];
    for (const forged of forgeries) statuses.push((await send(live.receiverUrl, forged)).status);
    // A genuine body of another Page the app also serves: accepted, but not this Page's business.
    const other = body.replaceAll(PAGE, '2002');
    statuses.push((await send(live.receiverUrl, { headers: { 'x-hub-signature-256': signWebhookBody(other, APP_SECRET) }, body: other })).status);
    expect(statuses).toEqual([401, 403, 403, 403, 200]);
    expect(live.triggers).toEqual([]);
    expect(live.changes).toEqual([]);
    expect(conversationRequests(emulator)).toHaveLength(0);

    // The same path with the genuine signature does reach Graph: the check above is not vacuous.
    emulator.addMessage(PAGE, thread?.id ?? '', { text: 'real' });
    await live.until(() => live?.changes.length === 1);
    expect(conversationRequests(emulator)).toHaveLength(1);
  });
});

