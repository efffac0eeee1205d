import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { startEmulator, type Emulator, type PageSpec } from '../../src/testing/index';
import { startRedis, type RedisServer } from './redisServer';

// Three worker processes, one emulator with 50 Pages, one Redis: every change once, the
// request rate within the shared budget, and a killed worker's Pages taken over.
const PAGES = 50;
const CAP = 40; // requests per window, all workers together
const WINDOW_MS = 500;
const LEASE_MS = 1500;
const root = join(__dirname, '..', '..');

interface Line {
  readonly worker: string;
  readonly pageId?: string;
  readonly type?: string;
  readonly id?: string;
  readonly at?: number;
  readonly error?: string;
  readonly started?: boolean;
}

let emulator: Emulator;
let redis: RedisServer;
const children: ChildProcess[] = [];
const lines: Line[] = [];
const arrivals: number[] = [];
let sampler: ReturnType<typeof setInterval> | undefined;

const pages: PageSpec[] = Array.from({ length: PAGES }, (_, i) => ({ id: String(5000 + i), name: `Page ${i}`, threads: { MESSENGER: { inbox: 2 } } }));
const key = (pageId: string, id: string, at: number) => `${pageId} ${id} ${at}`;

function startWorker(name: string): ChildProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'worker.script.ts')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      WORKER: name,
      REDIS_PORT: String(redis.port),
      GRAPH_URL: emulator.url,
      TOKEN: emulator.accessToken,
      PAGES: pages.map((p) => p.id).join(','),
      CAP: String(CAP),
      WINDOW_MS: String(WINDOW_MS),
      LEASE_MS: String(LEASE_MS),
      INTERVAL_MS: '200',
      PREFIX: 'workers:',
    },
  });
  createInterface({ input: child.stdout! }).on('line', (text) => lines.push(JSON.parse(text) as Line));
  children.push(child);
  return child;
}

/** Every thread's current (pageId, id, time): the changes the workers must report next. */
const currentKeys = () => pages.flatMap((p) => emulator.threads(p.id).map((t) => key(p.id, t.id, Date.parse(t.updated_time.replace('+0000', 'Z')))));
const changeKeys = () => lines.filter((l) => l.type !== undefined).map((l) => key(l.pageId!, l.id!, l.at!));

async function until(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; errors: ${JSON.stringify(lines.filter((l) => l.error).slice(0, 3))}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

beforeAll(async () => {
  redis = await startRedis();
  emulator = await startEmulator({ pages });
  let seen = 0;
  // The request log has no times: stamp new entries every 5 ms.
  sampler = setInterval(() => {
    const count = emulator.requests.length;
    for (; seen < count; seen += 1) arrivals.push(Date.now());
  }, 5);
}, 20_000);

afterAll(async () => {
  if (sampler !== undefined) clearInterval(sampler);
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(children.map((child) => (child.exitCode === null && child.signalCode === null ? new Promise((resolve) => child.once('exit', resolve)) : undefined)));
  await emulator?.close();
  await redis?.stop();
});

it('three workers emit every change exactly once within the budget, and survivors take over a killed worker', async () => {
  const started = Date.now();
  const workers = ['w1', 'w2', 'w3'].map(startWorker);
  const expected = new Set(currentKeys()); // the first scans report every thread as added
  const allSeen = () => {
    const got = new Set(changeKeys());
    return [...expected].every((k) => got.has(k));
  };
  await until('the initial scans', allSeen, 20_000);

  // Round 1: a message in one thread of every Page.
  for (const page of pages) emulator.addMessage(page.id, emulator.threads(page.id)[1]!.id);
  for (const k of currentKeys()) expected.add(k);
  await until('round 1', allSeen, 10_000);

  // Kill the worker holding the most Pages (by what it emitted last), then round 2.
  const lastEmitter = new Map<string, string>();
  for (const l of lines) if (l.pageId !== undefined && l.type !== undefined) lastEmitter.set(l.pageId, l.worker);
  const counts = ['w1', 'w2', 'w3'].map((w) => [...lastEmitter.values()].filter((v) => v === w).length);
  const victimIndex = counts.indexOf(Math.max(...counts));
  const victim = `w${victimIndex + 1}`;
  const victimPages = [...lastEmitter].filter(([, w]) => w === victim).map(([p]) => p);
  workers[victimIndex]!.kill('SIGKILL');
  const killedAt = lines.length;
  for (const page of pages) emulator.addMessage(page.id, emulator.threads(page.id)[1]!.id);
  const round2 = currentKeys().filter((k) => !expected.has(k));
  for (const k of round2) expected.add(k);
  await until('round 2, after the kill', allSeen, 15_000);
  await new Promise((resolve) => setTimeout(resolve, 600)); // room for duplicates to show up

  // Exactly once: no change twice, none missing, none unexpected.
  const keys = changeKeys();
  const duplicates = keys.filter((k, i) => keys.indexOf(k) !== i);
  expect(duplicates).toEqual([]);
  expect(new Set(keys)).toEqual(expected);
  expect(lines.filter((l) => l.error !== undefined)).toEqual([]);

  // The victim's Pages were polled by survivors after the kill.
  expect(victimPages.length).toBeGreaterThan(0);
  const after = lines.slice(killedAt).filter((l) => l.type !== undefined);
  expect(after.every((l) => l.worker !== victim)).toBe(true);
  for (const pageId of victimPages) expect(after.some((l) => l.pageId === pageId)).toBe(true);

  // Within the budget: at most CAP requests in any window (80% of it, for the 5 ms stamps), and on average.
  const window = WINDOW_MS * 0.8;
  let most = 0;
  for (let i = 0, j = 0; i < arrivals.length; i += 1) {
    while (arrivals[i]! - arrivals[j]! >= window) j += 1;
    most = Math.max(most, i - j + 1);
  }
  expect(most).toBeLessThanOrEqual(CAP);
  const span = arrivals[arrivals.length - 1]! - arrivals[0]!;
  expect(arrivals.length).toBeLessThanOrEqual(Math.ceil((span / WINDOW_MS + 1) * CAP));
  console.log(`${arrivals.length} requests in ${span} ms (cap ${CAP}/${WINDOW_MS} ms, busiest ${window} ms: ${most}); ${keys.length} changes; victim ${victim} had ${victimPages.length} Pages; ${Date.now() - started} ms`);
}, 45_000);
