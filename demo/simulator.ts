/**
 * Something to watch: a seeded, timer-driven stream of inbox activity in the emulator.
 * New messages from people, Page replies, new threads, threads moved to another folder,
 * and now and then a rate limit (613 with usage headers and `Retry-After`) so the
 * dashboard shows its retry countdown.
 */
import type { Emulator, Folder, ThreadState } from '../src/testing/index';
import { mulberry32 } from '../src/testing/emulator/random';

export interface SimulatorOptions {
  /** The Page to animate. */
  readonly pageId: string;
  /** Seed of the choices; the same seed makes the same run. Default 7. */
  readonly seed?: number;
  /** Mean pause between actions, in ms (each pause is 50% to 150% of it). Default 2500. */
  readonly everyMs?: number;
  /** A rate limit every this many ms (the first after a third of it); 0 for never. Default 30000. */
  readonly rateLimitEveryMs?: number;
  /** Seconds the rate limit asks to wait (`Retry-After`). Default 5. */
  readonly retryAfterSeconds?: number;
  /** Told about every action, e.g. to log it. */
  readonly onAction?: (action: SimulatorAction) => void;
}

/** What the simulator did. */
export type SimulatorAction =
  | { readonly type: 'message'; readonly threadId: string; readonly text: string }
  | { readonly type: 'reply'; readonly threadId: string; readonly text: string }
  | { readonly type: 'thread'; readonly threadId: string; readonly from: string; readonly text: string }
  | { readonly type: 'move'; readonly threadId: string; readonly folder: Folder }
  | { readonly type: 'rate-limit'; readonly retryAfterSeconds: number };

export interface Simulator {
  /** Stops every timer; idempotent. */
  stop(): void;
}

const MESSAGES = [
  'Hi! Is the blue commuter bike still in stock?',
  'Do you ship to Porto?',
  'My order #4512 has not arrived yet',
  'Can I change the saddle on the Trail 3?',
  'What are your opening hours on Sunday?',
  'Thanks, it works perfectly now!',
  'Is there a student discount?',
  'The brake cable snapped after a week :(',
  'Could you send me the invoice again?',
  'Do you do repairs for e-bikes?',
  'Great service, see you soon',
  'Is the sale still on this weekend?',
];

const REPLIES = ['Thanks for writing! Looking into it now.', 'Yes, we can do that.', 'It ships tomorrow morning.', 'Sorry about that, a replacement is on its way.'];

const PEOPLE = ['Ana Sousa', 'Tomasz Nowak', 'Lea Fischer', 'Kwame Mensah', 'Priya Raman', 'Jonas Berg', 'Mia Rossi', 'Diego Herrera'];

/** The emulator's seeded PRNG (mulberry32), so a seed replays the same actions. */
export const seededRandom = mulberry32;

function pick<A>(random: () => number, items: readonly A[]): A | undefined {
  return items[Math.floor(random() * items.length)];
}

/** One action on the emulator, chosen with `random`; undefined when there was nothing to do. */
export function act(emulator: Emulator, pageId: string, random: () => number): SimulatorAction | undefined {
  const threads = emulator.threads(pageId, { platform: 'MESSENGER' });
  // Recent threads get most of the traffic, like a real inbox.
  const recent = threads.slice(0, 25);
  const roll = random();
  if (roll < 0.55) {
    const thread = pick(random, recent);
    const text = pick(random, MESSAGES);
    if (thread === undefined || text === undefined) return undefined;
    emulator.addMessage(pageId, thread.id, { text });
    return { type: 'message', threadId: thread.id, text };
  }
  if (roll < 0.72) {
    const thread = pick(random, recent.filter((t: ThreadState) => t.unread_count > 0));
    const text = pick(random, REPLIES);
    if (thread === undefined || text === undefined) return undefined;
    emulator.addMessage(pageId, thread.id, { text, fromPage: true });
    return { type: 'reply', threadId: thread.id, text };
  }
  if (roll < 0.84) {
    const from = pick(random, PEOPLE) ?? 'Someone';
    const text = pick(random, MESSAGES) ?? 'Hello!';
    const thread = emulator.addThread(pageId, { folder: 'inbox', platform: 'MESSENGER', from, text });
    return { type: 'thread', threadId: thread.id, from, text };
  }
  const thread = pick(random, recent);
  if (thread === undefined) return undefined;
  // Mostly "done" from the inbox, sometimes back to the inbox.
  const folder: Folder = thread.folder === 'inbox' ? (random() < 0.8 ? 'page_done' : 'other') : 'inbox';
  emulator.moveThread(pageId, thread.id, folder);
  return { type: 'move', threadId: thread.id, folder };
}

/** The fault the simulator injects: Graph's 613 with usage at 100% and a short `Retry-After`. */
export function rateLimitFault(retryAfterSeconds: number) {
  return {
    kind: 'graph-error',
    code: 613,
    headers: {
      'retry-after': String(retryAfterSeconds),
      'x-app-usage': JSON.stringify({ call_count: 100, total_time: 41, total_cputime: 23 }),
    },
  } as const;
}

/** Starts the timers; returns the handle that stops them. */
export function startSimulator(emulator: Emulator, options: SimulatorOptions): Simulator {
  const random = seededRandom(options.seed ?? 7);
  const everyMs = options.everyMs ?? 2500;
  const rateLimitEveryMs = options.rateLimitEveryMs ?? 30_000;
  const retryAfterSeconds = options.retryAfterSeconds ?? 5;
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;

  const later = (ms: number, run: () => void) => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (!stopped) run();
    }, ms);
    timers.add(timer);
  };
  const tick = () => {
    try {
      const action = act(emulator, options.pageId, random);
      if (action !== undefined) options.onAction?.(action);
    } catch {
      // A thread deleted meanwhile, or the emulator closing: skip this one.
    }
    later(everyMs * (0.5 + random()), tick);
  };
  const rateLimit = () => {
    emulator.inject(rateLimitFault(retryAfterSeconds), { path: '/conversations' });
    options.onAction?.({ type: 'rate-limit', retryAfterSeconds });
    later(rateLimitEveryMs, rateLimit);
  };

  later(everyMs, tick);
  if (rateLimitEveryMs > 0) later(Math.round(rateLimitEveryMs / 3), rateLimit);
  return {
    stop() {
      stopped = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
