/**
 * The chaos harness shared by `test/chaos` (in `npm test`) and `npm run soak`: one
 * emulator per seed with random faults and a random mutator, and three kinds of runs
 * against it (full walks, pollDiff, mergeFolders), each checked for loss and duplicates.
 *
 * What "exactly once" means under mutation: a thread present when a walk starts and not
 * touched by the mutator until the walk ends is delivered exactly once (in its folder);
 * a thread touched during the walk (new message, moved, deleted, created) is delivered
 * at most once (a plain walk can miss a thread that moves to a page it has already read);
 * no id is ever delivered twice; nothing is delivered that never existed. For pollDiff,
 * a `removed` is phantom when the thread is still in a polled folder as it is reported;
 * without `confirmRemoved`, only if it also never left the polled folder during the run
 * (pollDiff documents that a thread that moved out and back at the wrong moments of two
 * full scans is reported `removed`, then `added`).
 * pollDiff over every folder confirms removals with Graph (`confirmRemovedThreads`), as
 * the library advises; over one folder it keeps the default (two missed full scans).
 */
import { catchError, type Observable, Subject, takeUntil, throwError } from 'rxjs';
import {
  confirmRemovedThreads,
  conversations$,
  GraphError,
  memorySnapshotStore,
  mergeFolders,
  pollDiff,
  retryOnRateLimit,
  type ConversationsOptions,
  type PollSnapshot,
  type RetryInfo,
  type ThreadChange,
  type WalkPage,
} from '../../src/index';
import { startEmulator, type ChaosMutationKind, type ChaosOptions, type Emulator, type Folder, type PageSpec, type ThreadState } from '../../src/testing/index';
import { mulberry32 } from '../../src/testing/emulator/random';

export const FOLDERS: readonly Folder[] = ['inbox', 'other', 'page_done', 'spam'];
export const PAGES: readonly PageSpec[] = [
  { id: '3001', name: 'Walks', threads: { MESSENGER: { inbox: 80, other: 10 } } },
  { id: '3002', name: 'Polls', threads: { MESSENGER: { inbox: 50, other: 15, spam: 5 } } },
  { id: '3003', name: 'Folders', threads: { MESSENGER: { inbox: 40, other: 15, page_done: 15, spam: 10 } } },
];

/** Client and chaos settings that keep a run fast: small timeouts and retry delays. */
export const TIMEOUT_MS = 200;
const LIMIT = 7;

export interface Figures {
  seed: number;
  scenario: string;
  requests: number;
  faults: Record<string, number>;
  retries: number;
  mutations: number;
  threads: number;
  duplicates: number;
  lost: number;
  /** `removed` reported for a thread still in a polled folder at that moment. */
  phantoms: number;
  /** Requests for single thread nodes: the removal confirmations of pollDiff. */
  lookups: number;
  problems: string[];
}

/** How hard a run shakes the emulator: the share of requests that get a fault, and that get a mutation first. */
export interface Shaking {
  readonly faultRate: number;
  readonly mutateRate: number;
  readonly kinds?: readonly ChaosMutationKind[];
}

/** The default mix: 30% faults, a mutation (any kind) before a quarter of the requests. */
export const SHAKEN: Shaking = { faultRate: 0.3, mutateRate: 0.25 };

// -------------------------------------------------------------------------------------
// utils
// -------------------------------------------------------------------------------------

const isoOf = (graphTime: string): string => new Date(graphTime.replace(/\+0000$/, 'Z')).toISOString();

function countsDelta(after: Readonly<Record<string, number>>, before: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [label, n] of Object.entries(after)) if (n - (before[label] ?? 0) > 0) out[label] = n - (before[label] ?? 0);
  return out;
}

export function formatFigures(f: Figures): string {
  const faults = Object.entries(f.faults)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([label, n]) => `${label}=${n}`)
    .join(' ');
  const total = Object.values(f.faults).reduce((a, b) => a + b, 0);
  return (
    `seed ${f.seed} ${f.scenario}: requests=${f.requests} faults=${total} [${faults}] retries=${f.retries} ` +
    `mutations=${f.mutations} threads=${f.threads} duplicates=${f.duplicates} lost=${f.lost} phantoms=${f.phantoms} lookups=${f.lookups}` +
    (f.problems.length > 0 ? `\n  PROBLEMS:\n  - ${f.problems.slice(0, 20).join('\n  - ')}` : '')
  );
}

/** Runs a stream to its end; a stream that errors fails the run with the error's kind. */
function drain<A>(source: Observable<A>, onValue: (value: A) => void): Promise<unknown> {
  return new Promise((resolve) => {
    source.subscribe({ next: onValue, error: (error: unknown) => resolve(error), complete: () => resolve(undefined) });
  });
}

function describeError(error: unknown): string {
  return error instanceof GraphError ? `${error.name} ${error.kind}: ${error.message}` : String(error);
}

// -------------------------------------------------------------------------------------
// one seed
// -------------------------------------------------------------------------------------

export interface ChaosRun {
  readonly emulator: Emulator;
  readonly seed: number;
  close(): Promise<void>;
}

export async function startChaosRun(seed: number): Promise<ChaosRun> {
  const emulator = await startEmulator({ seed, pages: PAGES });
  return { emulator, seed, close: () => emulator.close() };
}

function chaosOptions(seed: number, pageId: string, shaking: Shaking): ChaosOptions {
  const mutate = { pageId, rate: shaking.mutateRate, ...(shaking.kinds === undefined ? {} : { kinds: shaking.kinds }) };
  return { seed, rate: shaking.faultRate, timeoutMs: TIMEOUT_MS, mutate };
}

/** A scenario's name with how hard it was shaken. */
const label = (name: string, shaking: Shaking) =>
  `${name} [faults ${Math.round(shaking.faultRate * 100)}%, mutations ${Math.round(shaking.mutateRate * 100)}%${shaking.kinds === undefined ? '' : ` ${shaking.kinds.join('/')}`}]`;

/** A run's client options and retry operator, with its counters. */
function client(run: ChaosRun, scenario: string) {
  const random = mulberry32(run.seed ^ 0x5eed);
  const figures: Figures = { seed: run.seed, scenario, requests: 0, faults: {}, retries: 0, mutations: 0, threads: 0, duplicates: 0, lost: 0, phantoms: 0, lookups: 0, problems: [] };
  // A stale cursor is one fault among many here (30% of requests fail): the walk may restart as often as a page is retried.
  const opts: ConversationsOptions = { accessToken: run.emulator.accessToken, graphUrl: run.emulator.url, limit: LIMIT, timeoutMs: TIMEOUT_MS, maxRestarts: 40 };
  const retry = <T>() =>
    retryOnRateLimit<T>({ maxRetries: 40, baseDelayMs: 1, maxDelayMs: 4, random, onRetry: (_: RetryInfo) => void (figures.retries += 1) });
  return { figures, opts, retry };
}

/** Bookkeeping around a chaos window: request and fault counts, mutations made in it. */
function window(run: ChaosRun) {
  const { emulator } = run;
  const requestsBefore = emulator.requests.length;
  const faultsBefore = emulator.faultCounts();
  const mutationsBefore = emulator.mutations.length;
  return {
    mutationsSince: () => emulator.mutations.slice(mutationsBefore),
    close(figures: Figures) {
      const requests = emulator.requests.slice(requestsBefore);
      figures.requests = requests.length;
      figures.lookups = requests.filter((r) => !r.path.endsWith('/conversations')).length;
      figures.faults = countsDelta(emulator.faultCounts(), faultsBefore);
      figures.mutations = emulator.mutations.length - mutationsBefore;
    },
  };
}

/**
 * Checks one walk's deliveries against the threads present at its start. `mayMiss`: the
 * touched threads a walk may legitimately not deliver (all of them for a plain walk;
 * only the moved and deleted ones for a consistent walk).
 */
function checkWalk(
  figures: Figures,
  start: readonly ThreadState[],
  delivered: ReadonlyArray<{ id: string; folder?: string }>,
  touched: ReadonlySet<string>,
  mayMiss: ReadonlySet<string> = touched,
): void {
  const times = new Map<string, number>();
  for (const { id } of delivered) times.set(id, (times.get(id) ?? 0) + 1);
  const startIds = new Map(start.map((t) => [t.id, t] as const));
  for (const [id, n] of times) {
    if (n > 1) {
      figures.duplicates += n - 1;
      figures.problems.push(`${id} delivered ${n} times${touched.has(id) ? ' (touched)' : ''}`);
    }
    if (!startIds.has(id) && !touched.has(id)) figures.problems.push(`${id} delivered but never existed in the walked folders`);
  }
  for (const thread of start) {
    if (mayMiss.has(thread.id)) continue;
    if (!times.has(thread.id)) {
      figures.lost += 1;
      figures.problems.push(`${thread.id} (${thread.folder}, ${thread.updated_time}) ${touched.has(thread.id) ? 'only bumped' : 'untouched'} but not delivered`);
    }
  }
  for (const item of delivered) {
    const was = startIds.get(item.id);
    if (item.folder !== undefined && was !== undefined && !touched.has(item.id) && was.folder !== item.folder) {
      figures.problems.push(`${item.id} tagged ${item.folder}, but it is in ${was.folder}`);
    }
  }
  figures.threads = delivered.length;
}

// -------------------------------------------------------------------------------------
// scenarios
// -------------------------------------------------------------------------------------

/** Checks one walk (see checkWalk) and adds its figures, labelled with the walk's number. */
function addWalk(
  figures: Figures,
  walk: number,
  error: unknown,
  start: readonly ThreadState[],
  delivered: ReadonlyArray<{ id: string; folder?: string }>,
  touched: ReadonlySet<string>,
  mayMiss: ReadonlySet<string> = touched,
): void {
  if (error !== undefined) figures.problems.push(`walk ${walk} ended with ${describeError(error)}`);
  const one: Figures = { ...figures, duplicates: 0, lost: 0, problems: [] };
  checkWalk(one, start, delivered, touched, mayMiss);
  figures.duplicates += one.duplicates;
  figures.lost += one.lost;
  figures.threads += one.threads;
  figures.problems.push(...one.problems.map((p) => `walk ${walk}: ${p}`));
}

/**
 * Full walks of one folder with retryOnRateLimit while chaos and the mutator run. A
 * `consistent` walk must also deliver the threads that only got new messages during it.
 */
export async function walkScenario(run: ChaosRun, walks: number, shaking: Shaking = SHAKEN, consistent = false): Promise<Figures> {
  const { emulator } = run;
  const { figures, opts, retry } = client(run, label(`${consistent ? 'consistent ' : ''}walks x${walks}`, shaking));
  const w = window(run);
  emulator.chaos(chaosOptions(run.seed, '3001', shaking));
  try {
    for (let i = 0; i < walks; i += 1) {
      const start = emulator.threads('3001', { folder: 'inbox', platform: 'MESSENGER' });
      const before = emulator.mutations.length;
      const delivered: Array<{ id: string }> = [];
      const error = await drain(conversations$('3001', { ...opts, folder: 'inbox', consistent, perPage: retry() }), (t) => delivered.push(t));
      const during = emulator.mutations.slice(before);
      const touched = new Set(during.map((m) => m.threadId));
      const mayMiss = consistent ? new Set(during.filter((m) => m.kind !== 'add-message').map((m) => m.threadId)) : touched;
      addWalk(figures, i, error, start, delivered, touched, mayMiss);
    }
  } finally {
    emulator.calm();
    w.close(figures);
  }
  return figures;
}

/** mergeFolders over every folder, with retryOnRateLimit, while chaos and the mutator run. */
export async function mergeScenario(run: ChaosRun, walks: number, shaking: Shaking = SHAKEN): Promise<Figures> {
  const { emulator } = run;
  const { figures, opts, retry } = client(run, label(`mergeFolders x${walks}`, shaking));
  const w = window(run);
  emulator.chaos(chaosOptions(run.seed, '3003', shaking));
  try {
    for (let i = 0; i < walks; i += 1) {
      const start = emulator.threads('3003', { platform: 'MESSENGER' });
      const before = emulator.mutations.length;
      const delivered: Array<{ id: string; folder: string }> = [];
      const merged = mergeFolders(FOLDERS, (folder) => conversations$('3003', { ...opts, folder, perPage: retry() }));
      const error = await drain(merged, (t) => delivered.push(t));
      addWalk(figures, i, error, start, delivered, new Set(emulator.mutations.slice(before).map((m) => m.threadId)));
    }
  } finally {
    emulator.calm();
    w.close(figures);
  }
  return figures;
}

type Entry = { readonly updated_time: string; readonly folder?: string };

/**
 * pollDiff for `polls` polls under chaos, then calm until two full scans have completed
 * (a removal is reported by the second full scan without the thread). Checks: no
 * `removed` for a thread still in a polled folder (a phantom); the final snapshot, with
 * nothing left unconfirmed or uncommitted, equals the emulator's state exactly; replaying the emitted
 * changes in order gives that same state, and each change is consistent with the
 * replay so far (no `added` for a known id, no `updated` that changes nothing, no
 * `removed` for an unknown id). Together these mean every change the mutator made was
 * emitted at least once, in the net sense: a thread's final state (a new time, another
 * folder, its deletion) was reported after it was made; intermediate states that no poll
 * could see (two messages between polls, a move out and back) need no report.
 */
export interface PollRun {
  /** Poll mergeFolders over every folder of Page 3003 instead of Page 3002's inbox. */
  readonly merged: boolean;
  readonly shaking?: Shaking;
  /**
   * No retries: every error ends pollDiff (as a non-retryable one does) and the run
   * subscribes again from the same store, so each change must still be emitted once.
   */
  readonly restarts?: boolean;
  /** Confirm removals with Graph (`confirmRemovedThreads`). Default: when `merged` (the walk covers every folder). */
  readonly confirm?: boolean;
}

/** What ends the stream in a run with restarts: the walk's error, made non-retryable. */
class Fatal extends Error {
  readonly retryable = false;
}

export async function pollScenario(run: ChaosRun, polls: number, { merged, shaking = SHAKEN, restarts = false, confirm = merged }: PollRun): Promise<Figures> {
  const { emulator } = run;
  const pageId = merged ? '3003' : '3002';
  const fullScanEvery = 4;
  const name = `pollDiff${merged ? ' over mergeFolders' : ''}${confirm ? ' confirming removals' : ''} x${polls}${restarts ? ', restarted from its store after every error' : ''}`;
  const { figures, opts, retry } = client(run, label(name, shaking));
  const w = window(run);
  const state = (): Map<string, Entry> =>
    new Map(
      merged
        ? emulator.threads(pageId, { platform: 'MESSENGER' }).map((t) => [t.id, { updated_time: isoOf(t.updated_time), folder: t.folder }] as const)
        : emulator.threads(pageId, { folder: 'inbox', platform: 'MESSENGER' }).map((t) => [t.id, { updated_time: isoOf(t.updated_time) }] as const),
    );
  // Each page retried where it failed; with restarts, none: the stream ends and starts again from the store.
  const paged: ConversationsOptions = restarts ? opts : { ...opts, perPage: retry<WalkPage<unknown>>() };
  const walk = merged ? mergeFolders(FOLDERS, (folder) => conversations$(pageId, { ...paged, folder })) : conversations$(pageId, { ...paged, folder: 'inbox' });
  const source = restarts ? walk.pipe(catchError((error: unknown) => throwError(() => new Fatal(describeError(error))))) : walk;
  const store = memorySnapshotStore();
  // Lookups get the same faults as pages: each one retried like the walk (or, with restarts, none).
  const lookups = restarts ? confirmRemovedThreads(opts) : confirmRemovedThreads({ ...opts, perRequest: retry() });
  const confirmRemoved = !confirm
    ? undefined
    : restarts
      ? (ids: readonly string[]) => lookups(ids).pipe(catchError((error: unknown) => throwError(() => new Fatal(describeError(error)))))
      : lookups;

  const changes: Array<ThreadChange<{ id: string; updated_time: Date; folder?: string }>> = [];
  let calmAt: number | undefined;
  let pollErrors = 0;
  const calmFullScans = new Set<number>();
  const final = await new Promise<PollSnapshot | Error>((resolve) => {
    const stop = new Subject<void>();
    let boundaries = 0;
    let completed = 0;
    // The first poll after a (re)subscription from a saved snapshot is quick whatever its number.
    let firstSinceSubscribe = true;
    const onSnapshot = (snapshot: PollSnapshot) => {
      boundaries += 1;
      const number = snapshot.polls - 1;
      const done = snapshot.polls > completed; // a failed poll saves too, without counting
      const wasFull = done && number % fullScanEvery === 0 && !firstSinceSubscribe;
      if (done) {
        completed = snapshot.polls;
        firstSinceSubscribe = false;
      }
      // Done once two full scans that started after calm have completed.
      if (calmAt !== undefined && number >= calmAt && wasFull) calmFullScans.add(number);
      if (calmAt === undefined && boundaries >= polls) {
        emulator.calm();
        calmAt = snapshot.polls;
      }
      if (calmFullScans.size >= 2) {
        stop.next();
        resolve(snapshot);
      }
      if (boundaries > polls + 100) {
        stop.next();
        resolve(new Error(`no two full scans completed after calm (${boundaries} polls)`));
      }
    };
    const polled = (id: string): boolean =>
      emulator.threads(pageId, merged ? { platform: 'MESSENGER' } : { folder: 'inbox', platform: 'MESSENGER' }).some((t) => t.id === id);
    // Two missed full scans are the only proof without confirmRemoved: a thread that moved
    // out of the polled folder and back may be missed by both (pollDiff says so).
    const leftFolder = (id: string): boolean => w.mutationsSince().some((m) => m.threadId === id && m.kind === 'move-thread' && m.folder !== 'inbox');
    const phantom = (id: string): boolean => polled(id) && (confirmRemoved !== undefined || merged || !leftFolder(id));
    const onChange = (change: (typeof changes)[number]) => {
      changes.push(change);
      // The emulator changes only when a request arrives, so this is its state as the removal is reported.
      if (change.type === 'removed' && phantom(change.thread.id)) {
        figures.phantoms += 1;
        figures.problems.push(`removed ${change.thread.id}, which is still there`);
      }
    };
    const subscribe = (): void => {
      firstSinceSubscribe = true;
      source
        .pipe(
          pollDiff({ intervalMs: 0, fullScanEvery, store, onSnapshot, onPollError: () => void (pollErrors += 1), ...(confirmRemoved === undefined ? {} : { confirmRemoved }) }),
          takeUntil(stop),
        )
        .subscribe({
          next: onChange,
          error: (error: unknown) => {
            if (!(restarts && error instanceof Fatal)) return resolve(error instanceof Error ? error : new Error(String(error)));
            pollErrors += 1;
            subscribe();
          },
        });
    };
    emulator.chaos(chaosOptions(run.seed, pageId, shaking));
    subscribe();
  });
  emulator.calm();
  w.close(figures);
  figures.retries += pollErrors;
  figures.threads = changes.length;
  if (final instanceof Error) {
    figures.problems.push(`pollDiff ended with ${describeError(final)}`);
    return figures;
  }

  const truth = state();
  const key = (e: Entry | undefined) => (e === undefined ? 'absent' : `${e.updated_time}${e.folder === undefined ? '' : ` ${e.folder}`}`);
  // 1. The snapshot equals the emulator's state, with nothing left to confirm or commit.
  if ((final.unconfirmed ?? []).length > 0 || (final.uncommitted ?? []).length > 0) {
    figures.problems.push(`snapshot still marks unconfirmed ${JSON.stringify(final.unconfirmed)}, uncommitted ${JSON.stringify(final.uncommitted)}`);
  }
  const snap = new Map(Object.entries(final.threads));
  for (const id of new Set([...snap.keys(), ...truth.keys()])) {
    if (key(snap.get(id)) !== key(truth.get(id))) {
      figures.lost += 1;
      figures.problems.push(`snapshot has ${id} as ${key(snap.get(id))}, emulator as ${key(truth.get(id))}`);
    }
  }
  // 2. Replaying the changes gives the same state, and each change is consistent.
  const replay = new Map<string, Entry>();
  changes.forEach((change) => {
    const id = change.thread.id;
    const held = replay.get(id);
    if (change.type === 'removed') {
      if (held === undefined) {
        figures.duplicates += 1;
        figures.problems.push(`removed ${id}, which was not known`);
      }
      replay.delete(id);
      return;
    }
    const entry: Entry = change.thread.folder === undefined ? { updated_time: change.thread.updated_time.toISOString() } : { updated_time: change.thread.updated_time.toISOString(), folder: change.thread.folder };
    if (change.type === 'added' && held !== undefined) {
      figures.duplicates += 1;
      figures.problems.push(`added ${id} twice (held ${key(held)}, now ${key(entry)})`);
    }
    if (change.type === 'updated' && key(held) === key(entry)) {
      figures.duplicates += 1;
      figures.problems.push(`updated ${id} without a change (${key(entry)})`);
    }
    if (change.type === 'updated' && held === undefined) figures.problems.push(`updated ${id}, which was not known`);
    replay.set(id, entry);
  });
  for (const id of new Set([...replay.keys(), ...truth.keys()])) {
    if (key(replay.get(id)) !== key(truth.get(id))) {
      figures.lost += 1;
      figures.problems.push(`changes replay to ${id} as ${key(replay.get(id))}, emulator has ${key(truth.get(id))}`);
    }
  }
  return figures;
}
