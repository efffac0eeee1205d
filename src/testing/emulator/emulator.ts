/**
 * `startEmulator`: resolves options, seeds the data, starts the server and assembles the
 * {@link Emulator} handle over the store, the request log and the fault queue.
 */
import { Chaos } from './chaos';
import { DEFAULT_PAGES, DEFAULTS } from './defaults';
import type { Emulator } from './emulatorApi';
import { FaultQueue } from './faultQueue';
import { EmulatorServer } from './httpServer';
import { FOLDERS, PLATFORMS, type ThreadRecord } from './model';
import { RequestLog } from './requestLog';
import { ThreadStore } from './store';
import { toThreadState } from './threadView';
import { checkedRealism, realismRules } from './realism';
import type { Identity } from './router';
import { formatGraphTime, parseGraphTime } from './time';
import type { EmulatorOptions, Folder, PageSpec, Platform, ThreadState } from './types';
import { UsageMeter } from './usage';
import { webhookPayload, type WebhookMutation } from './webhookPayloads';
import { WebhookSender } from './webhookSender';

const LOOPBACK = /^(?:127(?:\.\d{1,3}){3}|::1|localhost)$/;

/**
 * Starts a local Graph API emulator of the Page Conversations edge on loopback, with
 * deterministic seeded data (see {@link DEFAULT_PAGES}). Resolves once it listens.
 *
 * @example
 * ```ts
 * import { startEmulator } from 'rx-graph-conversations/testing';
 *
 * const emulator = await startEmulator({ seed: 3 });
 * emulator.inject({ kind: 'graph-error', code: 613 }, { after: 2 });
 * // ... point your code at emulator.url with emulator.accessToken ...
 * await emulator.close();
 * ```
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const host = options.host ?? DEFAULTS.host;
  if (!LOOPBACK.test(host)) {
    throw new Error(`startEmulator: host must be a loopback address ('127.0.0.1', '::1' or 'localhost'), got '${host}'`);
  }
  const seed = options.seed ?? DEFAULTS.seed;
  const accessToken = options.accessToken ?? DEFAULTS.accessToken;
  const appSecret = options.appSecret;
  checkedRealism(options.realism, options.paging, options.json);
  const realism = realismRules(options.realism ?? 'simple', options.paging, options.budget?.code, options.json);
  const pages = options.pages ?? DEFAULT_PAGES;
  // The real current time unless a fixed start is asked for: seeded history lies before it.
  const store = new ThreadStore(pages, seed, parseGraphTime(options.now ?? formatGraphTime(Date.now())), realism.graphIds);
  const identity = identityOf(pages, options.instagramLogin);
  const log = new RequestLog();
  const faults = new FaultQueue();
  const budgetCode = realism.budgetCode;
  const meter = new UsageMeter(options.budget === undefined ? undefined : { ...options.budget, code: budgetCode });
  let latency = checkedLatency(options.latencyMs ?? DEFAULTS.latencyMs);
  const chaos = new Chaos(store);
  const server = new EmulatorServer({ store, auth: { accessToken, appSecret }, budgetCode, seed, log, faults, chaos, meter, latency: () => latency, realism, identity });
  const sender = options.webhook === undefined ? undefined : new WebhookSender(options.webhook, seed);
  const url = await server.listen(options.port ?? DEFAULTS.port, host);
  if (sender !== undefined) await sender.handshake().catch(async (error: unknown) => {
    await server.close();
    throw error;
  });
  const notify = (kind: WebhookMutation, thread: ThreadRecord): ThreadRecord => {
    const page = store.page(thread.pageId);
    if (sender !== undefined && page !== undefined) sender.send(webhookPayload(kind, thread, page, thread.updatedMs));
    return thread;
  };

  const view = (thread: ThreadRecord): ThreadState => {
    const page = store.page(thread.pageId);
    if (page === undefined) throw new Error(`emulator: thread '${thread.id}' lost its page`);
    return toThreadState(thread, page.spec);
  };

  return {
    url,
    accessToken,
    appSecret,
    pageIds: store.pageIds,
    close: () => {
      sender?.close();
      return server.close();
    },
    get requests() {
      return log.all;
    },
    clearRequests: () => log.clear(),
    nextRequest: () => log.next(),
    settled: (record) => log.settled(record),
    inject: (fault, when) => faults.inject(fault, when),
    clearFaults: () => faults.clear(),
    chaos: (chaosOptions) => chaos.start(chaosOptions),
    calm: () => chaos.stop(),
    faultCounts: () => chaos.faultCounts(),
    get mutations() {
      return chaos.mutations;
    },
    setLatency: (ms) => {
      latency = checkedLatency(ms);
    },
    threads: (pageId, filter = {}) => threadsOf(store, pageId, filter).map(view),
    addThread: (pageId, init) => view(notify('message', store.addThread(pageId, init))),
    addMessage: (pageId, threadId, init) => view(notify(init?.fromPage === true ? 'echo' : 'message', store.addMessage(pageId, threadId, init))),
    moveThread: (pageId, threadId, folder) => view(store.moveThread(pageId, threadId, folder)),
    deleteThread: (pageId, threadId) => store.deleteThread(pageId, threadId),
    markRead: (pageId, threadId) => view(notify('read', store.markRead(pageId, threadId))),
    webhooks: sender === undefined ? undefined : { get deliveries() { return sender.deliveries; }, idle: () => sender.idle() },
  };
}

/** `me` is the first Page, or with Instagram Login the Instagram account of the Page asked for (the first Page that has one by default). */
function identityOf(pages: readonly PageSpec[], instagramLogin: EmulatorOptions['instagramLogin']): Identity {
  if (instagramLogin === undefined || instagramLogin === false) return { me: pages[0]?.id, instagramLogin: undefined };
  const wanted = instagramLogin === true ? pages.find((page) => page.instagram !== undefined)?.id : instagramLogin.pageId;
  const page = pages.find((candidate) => candidate.id === wanted);
  if (page?.instagram === undefined) {
    throw new Error(`startEmulator: instagramLogin needs a Page linked to an Instagram account${wanted === undefined ? '' : `, and '${wanted}' is not one`}`);
  }
  return { me: page.id, instagramLogin: page.id };
}

function checkedLatency(ms: number): number {
  if (!(ms >= 0) || !Number.isFinite(ms)) throw new Error(`emulator: latency must be a finite number of ms >= 0, got ${ms}`);
  return ms;
}

/** The matching lists merged newest first (a stable sort keeps each list's own order on ties). */
function threadsOf(store: ThreadStore, pageId: string, filter: { readonly folder?: Folder; readonly platform?: Platform }): ThreadRecord[] {
  if (store.page(pageId) === undefined) {
    throw new Error(`emulator.threads: no page '${pageId}' (pages: ${store.pageIds.join(', ')})`);
  }
  const platforms = filter.platform === undefined ? PLATFORMS : [filter.platform];
  const folders = filter.folder === undefined ? FOLDERS : [filter.folder];
  const lists = platforms.flatMap((platform) => folders.map((folder) => store.list(pageId, platform, folder)));
  if (lists.length === 1) return [...(lists[0] ?? [])];
  return lists.flat().sort((a, b) => b.updatedMs - a.updatedMs);
}
