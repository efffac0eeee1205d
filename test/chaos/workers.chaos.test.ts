/**
 * The workers under chaos (issue 14): worker and consumer processes over 50 emulator
 * Pages with 30% HTTP faults and concurrent mutations; workers and consumers are
 * SIGKILLed (also right after a commit), SIGSTOPped past the stall interval and
 * SIGTERMed at random; one Redis reply of a commit is dropped by a loopback proxy. Then
 * everything calms down and the consumers' view must equal the emulator's: nothing lost,
 * no duplicate after dedupe by id, no phantom removal. `npm run soak` (CHAOS_SOAK=1) runs
 * a longer chaos phase; CHAOS_SEED replays one.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmulator, type Emulator, type PageSpec } from '../../src/testing/index';
import { mulberry32 } from '../../src/testing/emulator/random';
import { startRedis, type RedisServer } from '../redis/redisServer';
import { startDropReplyProxy, type DropReplyProxy } from '../workers/dropReplyProxy';

const soak = process.env['CHAOS_SOAK'] === '1';
const seed = Number(process.env['CHAOS_SEED'] ?? 14);
const CHAOS_MS = Number(process.env['CHAOS_MS'] ?? (soak ? 120_000 : 12_000));
const PAGES = 50;
const LOCK_MS = 1000; // a job's lock: a frozen worker's jobs go to others after this
const STALL_MS = 500; // how often workers look for stalled jobs
const CLAIM_IDLE_MS = 1000;
const PREFIX = 'chaos:';
const root = join(__dirname, '..', '..');
const random = mulberry32(seed);
const pick = <A>(items: readonly A[]): A => items[Math.floor(random() * items.length)] as A;

interface Line {
  readonly w?: string;
  readonly c?: string;
  readonly ev: string;
  readonly pageId?: string;
  readonly result?: string;
  readonly id?: string;
  readonly entryId?: string;
  readonly type?: string;
  readonly thread?: string;
  readonly time?: string;
  readonly error?: string;
}

interface Child {
  readonly name: string;
  readonly role: 'worker' | 'consumer';
  readonly process: ChildProcess;
  readonly exited: Promise<void>;
  stopped: boolean;
}

let redis: RedisServer;
let emulator: Emulator;
let proxy: DropReplyProxy;
const children: Child[] = [];
const lines: Line[] = [];
const listeners = new Set<() => void>();
const pages: PageSpec[] = Array.from({ length: PAGES }, (_, i) => ({ id: String(6000 + i), name: `Page ${i}`, threads: { MESSENGER: { inbox: 4 } } }));
const iso = (graphTime: string) => new Date(graphTime.replace(/\+0000$/, 'Z')).toISOString();
const actions: string[] = [];

function spawnChild(role: Child['role'], name: string, viaProxy = false): Child {
  const script = join(__dirname, 'workers', role === 'worker' ? 'worker.script.ts' : 'consumer.script.ts');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      NAME: name,
      REDIS_PORT: String(viaProxy ? proxy.port : redis.port),
      GRAPH_URL: emulator.url,
      TOKEN: emulator.accessToken,
      PAGES: pages.map((p) => p.id).join(','),
      PREFIX,
      INTERVAL_MS: '300',
      LOCK_MS: String(LOCK_MS),
      STALL_MS: String(STALL_MS),
      CLAIM_IDLE_MS: String(CLAIM_IDLE_MS),
    },
  });
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push(JSON.parse(text) as Line);
    for (const listener of listeners) listener();
  });
  const entry: Child = { name, role, process: child, exited: new Promise((resolve) => child.once('exit', () => resolve())), stopped: false };
  children.push(entry);
  return entry;
}

const alive = (role: Child['role']) => children.filter((c) => c.role === role && c.process.exitCode === null && c.process.signalCode === null);

/** Resolves when `done()` holds after some line, or fails after `ms` (a deadline, not a sync point). */
function until(what: string, done: () => boolean, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!done()) return;
      listeners.delete(check);
      clearTimeout(deadline);
      resolve();
    };
    const deadline = setTimeout(() => {
      listeners.delete(check);
      reject(new Error(`timed out waiting for ${what}`));
    }, ms);
    listeners.add(check);
    check();
  });
}

/** Waits for the next line matching `match`. */
const nextLine = (match: (line: Line) => boolean, ms: number) => {
  const from = lines.length;
  return until('a line', () => lines.slice(from).some(match), ms);
};

// -------------------------------------------------------------------------------------
// the consumers' view
// -------------------------------------------------------------------------------------

function figures() {
  const changes = lines.filter((l) => l.ev === 'change');
  const byEntry = new Map<string, Line>();
  for (const line of changes) byEntry.set(line.entryId ?? '', line);
  const entriesOfId = new Map<string, Set<string>>();
  for (const line of changes) entriesOfId.set(line.id ?? '', (entriesOfId.get(line.id ?? '') ?? new Set()).add(line.entryId ?? ''));
  // Dedupe by change id, then the latest entry of a thread says its state.
  const ordered = [...byEntry.values()].sort((a, b) => compareEntryIds(a.entryId ?? '', b.entryId ?? ''));
  const state = new Map<string, Map<string, string>>();
  for (const line of ordered) {
    const threads = state.get(line.pageId ?? '') ?? new Map<string, string>();
    state.set(line.pageId ?? '', threads);
    if (line.type === 'removed') threads.delete(line.thread ?? '');
    else threads.set(line.thread ?? '', line.time ?? '');
  }
  return {
    delivered: changes.length,
    distinct: entriesOfId.size,
    redelivered: changes.length - byEntry.size,
    duplicates: [...entriesOfId.values()].filter((entries) => entries.size > 1).length,
    state,
    ordered,
  };
}

function compareEntryIds(a: string, b: string): number {
  const [ams = 0, aseq = 0] = a.split('-').map(Number);
  const [bms = 0, bseq = 0] = b.split('-').map(Number);
  return ams - bms || aseq - bseq;
}

/** Differences between the consumers' state and the emulator's: threads missing, stale, or that should be gone. */
function differences(state: ReadonlyMap<string, ReadonlyMap<string, string>>): string[] {
  const out: string[] = [];
  for (const page of pages) {
    const actual = new Map(emulator.threads(page.id, { folder: 'inbox', platform: 'MESSENGER' }).map((t) => [t.id, iso(t.updated_time)] as const));
    const seen = state.get(page.id) ?? new Map<string, string>();
    for (const [id, time] of actual) if (seen.get(id) !== time) out.push(`${page.id}/${id}: emulator ${time}, consumers ${seen.get(id) ?? 'nothing'}`);
    for (const id of seen.keys()) if (!actual.has(id)) out.push(`${page.id}/${id}: gone from the emulator, still held by the consumers`);
  }
  return out;
}

// -------------------------------------------------------------------------------------
// the run
// -------------------------------------------------------------------------------------

beforeAll(async () => {
  redis = await startRedis();
  proxy = await startDropReplyProxy(redis.port);
  emulator = await startEmulator({ seed, pages });
}, 20_000);

afterAll(async () => {
  for (const child of children) {
    if (child.process.exitCode !== null || child.process.signalCode !== null) continue;
    if (child.stopped) child.process.kill('SIGCONT');
    child.process.kill('SIGKILL');
  }
  await Promise.all(children.map((c) => c.exited));
  await emulator?.close();
  await proxy?.close();
  await redis?.stop();
});

it('loses nothing and duplicates nothing after dedupe, through kills, freezes, faults, mutations and a lost Redis reply', async () => {
  const started = Date.now();
  let workers = 0;
  let consumers = 0;
  const newWorker = (viaProxy = false) => spawnChild('worker', `w${(workers += 1)}`, viaProxy);
  const newConsumer = (name?: string) => spawnChild('consumer', name ?? `c${(consumers += 1)}`);
  // w1 (and whoever replaces it) talks to Redis through the proxy that drops one reply.
  let proxied = newWorker(true);
  newWorker();
  newWorker();
  newConsumer();
  newConsumer();
  const dropped = proxy.dropNextReplyTo('rxgc-commit-poll');
  await until('the initial scans', () => differences(figures().state).length === 0, 60_000);

  // Chaos: faults on 30% of requests, mutations, signals.
  emulator.chaos({ seed, rate: 0.3, timeoutMs: 300 });
  const deleted = new Set<string>();
  const mutations: Array<{ pageId: string; thread: string; time: string }> = [];
  const mutator = setInterval(() => {
    const page = pick(pages).id;
    const threads = emulator.threads(page, { folder: 'inbox', platform: 'MESSENGER' });
    const roll = random();
    if (roll < 0.6 && threads.length > 0) {
      const t = emulator.addMessage(page, pick(threads).id);
      mutations.push({ pageId: page, thread: t.id, time: iso(t.updated_time) });
    } else if (roll < 0.85 || threads.length <= 2) {
      const t = emulator.addThread(page);
      mutations.push({ pageId: page, thread: t.id, time: iso(t.updated_time) });
    } else {
      const victim = pick(threads).id;
      emulator.deleteThread(page, victim);
      deleted.add(`${page}/${victim}`);
    }
  }, 25);

  const chaosEnds = Date.now() + CHAOS_MS;
  // Every run sends each signal at least once (the first three actions: a worker killed
  // right after a commit, then a SIGSTOP and a SIGTERM); the rest are drawn at random.
  const firstActions: Array<[Child['role'] | undefined, number]> = [['worker', 0], [undefined, 0.5], [undefined, 0.9]];
  // A process that ended is replaced: a worker (behind the proxy if it was), or a consumer.
  const replace = (target: Child, consumerName: string | undefined) => {
    if (target.role === 'consumer') return newConsumer(consumerName);
    const replacement = newWorker(target === proxied);
    if (target === proxied) proxied = replacement;
    return replacement;
  };
  while (Date.now() < chaosEnds || firstActions.length > 0) {
    const [forcedRole, forcedRoll] = firstActions.shift() ?? [undefined, undefined];
    const role: Child['role'] = forcedRole ?? (random() < 0.6 ? 'worker' : 'consumer');
    const target = pick(alive(role).filter((c) => !c.stopped));
    const roll = forcedRoll ?? random();
    if (target === undefined) break;
    if (roll < 0.4) {
      // SIGKILL; a worker right after one of its commits.
      if (role === 'worker') await nextLine((l) => l.w === target.name && l.result === 'committed', 10_000).catch(() => undefined);
      target.process.kill('SIGKILL');
      actions.push(`SIGKILL ${target.name}`);
      await target.exited;
      // A consumer restarts under its name (its own pending first) or not (others claim them).
      replace(target, role === 'consumer' && random() < 0.5 ? target.name : undefined);
    } else if (roll < 0.7) {
      // SIGSTOP longer than the lock and the stall check: its jobs or entries go to others.
      target.process.kill('SIGSTOP');
      target.stopped = true;
      actions.push(`SIGSTOP ${target.name}`);
      await new Promise((resolve) => setTimeout(resolve, LOCK_MS + STALL_MS * 2)); // the freeze itself: fault injection, not a sync point
      target.process.kill('SIGCONT');
      target.stopped = false;
    } else {
      target.process.kill('SIGTERM');
      actions.push(`SIGTERM ${target.name}`);
      await target.exited;
      replace(target, target.name);
    }
    await nextLine(() => true, 2000).catch(() => undefined);
  }
  clearInterval(mutator);
  emulator.calm();
  await dropped;

  // Quiesce: the consumers' view must become the emulator's.
  // A deadline only: on time-out the counts below are still printed, and the state check fails with the differences.
  await until('the consumers to catch up', () => differences(figures().state).length === 0, soak ? 120_000 : 40_000).catch(() => undefined);

  const f = figures();
  const delivered = new Map<string, string[]>();
  for (const line of f.ordered) delivered.set(`${line.pageId}/${line.thread}`, [...(delivered.get(`${line.pageId}/${line.thread}`) ?? []), line.time ?? '']);
  // A mutation is lost when no change of its thread at its time or later was delivered (unless the thread was deleted since).
  const lost = mutations.filter((m) => !deleted.has(`${m.pageId}/${m.thread}`) && !(delivered.get(`${m.pageId}/${m.thread}`) ?? []).some((t) => t >= m.time));
  const phantoms = f.ordered.filter((l) => l.type === 'removed' && !deleted.has(`${l.pageId}/${l.thread}`));
  const polls = lines.filter((l) => l.ev === 'polled');
  const results = (r: string) => polls.filter((l) => l.result === r).length;
  const faults = Object.values(emulator.faultCounts()).reduce((a, b) => a + b, 0);
  console.log(
    `workers chaos (seed ${seed}, ${CHAOS_MS} ms): ${emulator.requests.length} requests, ${faults} faults, ${mutations.length} mutations + ${deleted.size} deletions; ` +
      `${actions.length} signals [${actions.join(', ')}]; polls committed=${results('committed')} replayed=${results('replayed')} stale=${results('stale')} failed=${lines.filter((l) => l.ev === 'failed').length}; ` +
      `Redis replies dropped=${proxy.dropped}; delivered=${f.delivered} redelivered=${f.redelivered} distinct=${f.distinct}; ` +
      `lost=${lost.length} duplicates=${f.duplicates} phantoms=${phantoms.length}; ${Date.now() - started} ms`,
  );
  expect(proxy.dropped).toBe(1);
  expect(lost.map((m) => `${m.pageId}/${m.thread}@${m.time}`)).toEqual([]);
  expect(f.duplicates).toBe(0);
  expect(phantoms.map((l) => l.id)).toEqual([]);
  expect(differences(f.state)).toEqual([]);
  expect(lines.filter((l) => l.ev === 'error')).toEqual([]);
  expect(actions.some((a) => a.startsWith('SIGKILL w'))).toBe(true);
  expect(actions.some((a) => a.startsWith('SIGSTOP'))).toBe(true);
  expect(actions.some((a) => a.startsWith('SIGTERM'))).toBe(true);
}, CHAOS_MS + 200_000);
