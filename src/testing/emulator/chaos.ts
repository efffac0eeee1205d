/**
 * Chaos mode: seeded random faults per request, and a seeded mutator that changes a
 * Page's threads between requests, plus the counters of what was injected. Decisions
 * are pure functions of the seed and of the request (its URL and how often that URL was
 * asked for before), so a run is replayed by its seed.
 */
import type { Fault } from './faultTypes';
import { FOLDERS, PLATFORMS, type ThreadRecord } from './model';
import { hashString, mix32, mulberry32, type Random } from './random';
import type { ThreadStore } from './store';
import { formatGraphTime } from './time';
import type { Folder, Platform } from './types';
import { usageHeaders } from './usage';

/**
 * A kind of fault chaos mode injects:
 * - `rate-limit`: Graph error 613, 80006, 4, 17 or 32 with usage headers at 100 (and `estimated_time_to_regain_access` 0);
 * - `server-error`: HTTP 500 (code 1), 503 (code 2, `is_transient`), or a bare 502/503;
 * - `html`: a proxy's HTML error page (502, 503 or 504);
 * - `reset`: the connection is destroyed without an answer;
 * - `truncated-json` / `malformed-json`: 200 with a cut-off or broken body;
 * - `slow`: the normal answer, `timeoutMs` + 50 ms late;
 * - `invalid-cursor`: code 2642, only on requests that carry a cursor;
 * - `trickle`: a body of spaces, one every 20 ms, forever;
 * - `never-close`: the full answer, but the response never ends;
 * - `huge`: a 2 GiB body (announced or chunked). Not in the defaults: a client that caps
 *   bodies fails on it without retrying.
 *
 * @example
 * ```ts
 * const transient: ChaosFaultKind[] = ['rate-limit', 'server-error', 'reset'];
 * emulator.chaos({ seed: 7, rate: 0.3, kinds: transient });
 * ```
 */
export type ChaosFaultKind =
  | 'rate-limit'
  | 'server-error'
  | 'html'
  | 'reset'
  | 'truncated-json'
  | 'malformed-json'
  | 'slow'
  | 'invalid-cursor'
  | 'trickle'
  | 'never-close'
  | 'huge';

/**
 * A change the chaos mutator makes: `add-message` (the thread moves to the front),
 * `add-thread`, `move-thread` (another folder, same `updated_time`), `delete-thread`.
 *
 * @example
 * ```ts
 * const churn: ChaosMutationKind[] = ['add-message', 'add-thread'];
 * ```
 */
export type ChaosMutationKind = 'add-message' | 'add-thread' | 'move-thread' | 'delete-thread';

/**
 * Settings of {@link Emulator.chaos}.
 *
 * @example
 * ```ts
 * const options: ChaosOptions = { seed: 42, rate: 0.25, timeoutMs: 200, mutate: { pageId: '1001', rate: 0.2 } };
 * ```
 */
export interface ChaosOptions {
  /** Seed of every random decision; default 1. The same seed and requests give the same faults. */
  readonly seed?: number;
  /** Probability (0..1) that a request gets a fault; default 0.2. Faults from `inject` come first. */
  readonly rate?: number;
  /** The fault kinds to draw from, equally likely; default every kind except `huge`. */
  readonly kinds?: readonly ChaosFaultKind[];
  /** The client's timeout, in ms: a `slow` answer comes 50 ms after it. Default 1000. */
  readonly timeoutMs?: number;
  /** Changes one Page's threads at random, before the request that draws them is answered. */
  readonly mutate?: {
    /** The Page whose threads change. */
    readonly pageId: string;
    /** Probability (0..1) of one mutation per request. */
    readonly rate: number;
    /** The mutations to draw from (weighted 4:2:2:1 as listed in {@link ChaosMutationKind}); default all. */
    readonly kinds?: readonly ChaosMutationKind[];
    /** Only threads of this platform; default `MESSENGER`. */
    readonly platform?: Platform;
  };
}

/**
 * One change the chaos mutator made, in order.
 *
 * @example
 * ```ts
 * const touched = new Set(emulator.mutations.map((m: ChaosMutation) => m.threadId));
 * ```
 */
export interface ChaosMutation {
  /** Sequence number of the request before whose answer it was made. */
  readonly seq: number;
  readonly kind: ChaosMutationKind;
  readonly pageId: string;
  readonly threadId: string;
  /** The thread's folder after the change (before it, for a deletion). */
  readonly folder: Folder;
  /** The thread's `updated_time` after the change, Graph format. */
  readonly updated_time: string;
}

/**
 * Faults applied so far, by label: a chaos kind with its detail (`rate-limit 613`,
 * `server-error 503`, `html 502`, `slow`, ...) or, for faults given to `inject`, the
 * fault's kind (`graph-error 613`, `reset`, ...).
 *
 * @example
 * ```ts
 * const counts: FaultCounts = emulator.faultCounts();
 * const total = Object.values(counts).reduce((a, b) => a + b, 0);
 * ```
 */
export type FaultCounts = Readonly<Record<string, number>>;

/** A fault to apply and how it is counted. */
export interface LabelledFault {
  readonly fault: Fault;
  readonly label: string;
}

export const DEFAULT_CHAOS_KINDS: readonly ChaosFaultKind[] = [
  'rate-limit',
  'server-error',
  'html',
  'reset',
  'truncated-json',
  'malformed-json',
  'slow',
  'invalid-cursor',
  'trickle',
  'never-close',
];
const ALL_KINDS: ReadonlySet<string> = new Set<ChaosFaultKind>([...DEFAULT_CHAOS_KINDS, 'huge']);
const MUTATION_WEIGHTS: Readonly<Record<ChaosMutationKind, number>> = { 'add-message': 4, 'add-thread': 2, 'move-thread': 2, 'delete-thread': 1 };
const RATE_LIMIT_CODES = [613, 80006, 4, 17, 32] as const;

/** The label a fault given to `inject` is counted under. */
export function faultLabel(fault: Fault): string {
  if (fault.kind === 'graph-error') return `graph-error ${fault.code}`;
  if (fault.kind === 'http-status') return `http-status ${fault.status}`;
  return fault.kind;
}

const pick = <A>(random: Random, list: readonly A[]): A => list[Math.floor(random() * list.length)] as A;

interface Settings {
  readonly seed: number;
  readonly rate: number;
  readonly kinds: readonly ChaosFaultKind[];
  readonly timeoutMs: number;
  readonly mutate: ChaosOptions['mutate'];
  readonly mutationRandom: Random;
}

function checkRate(rate: number, what: string): void {
  if (!(rate >= 0 && rate <= 1)) throw new Error(`emulator.chaos: ${what} must be a probability in 0..1, got ${rate}`);
}

/** Counters, the mutation log, and (while on) the chaos settings. */
export class Chaos {
  private settings: Settings | undefined;
  private readonly occurrences = new Map<string, number>();
  private readonly counts = new Map<string, number>();
  private readonly log: ChaosMutation[] = [];

  constructor(private readonly store: ThreadStore) {}

  start(options: ChaosOptions = {}): void {
    const seed = options.seed ?? 1;
    const rate = options.rate ?? 0.2;
    const kinds = options.kinds ?? DEFAULT_CHAOS_KINDS;
    const timeoutMs = options.timeoutMs ?? 1000;
    if (!Number.isInteger(seed)) throw new Error(`emulator.chaos: seed must be an integer, got ${seed}`);
    checkRate(rate, 'rate');
    const unknown = kinds.filter((kind) => !ALL_KINDS.has(kind));
    if (kinds.length === 0 || unknown.length > 0) {
      throw new Error(`emulator.chaos: kinds must be a non-empty list of ${[...ALL_KINDS].join(', ')}; got ${JSON.stringify(kinds)}`);
    }
    if (!(timeoutMs >= 0) || !Number.isFinite(timeoutMs)) throw new Error(`emulator.chaos: timeoutMs must be a number >= 0, got ${timeoutMs}`);
    const mutate = options.mutate;
    if (mutate !== undefined) {
      checkRate(mutate.rate, 'mutate.rate');
      if (this.store.page(mutate.pageId) === undefined) throw new Error(`emulator.chaos: no page '${mutate.pageId}' to mutate`);
      if ((mutate.kinds ?? []).some((kind) => !(kind in MUTATION_WEIGHTS))) throw new Error(`emulator.chaos: unknown mutation in ${JSON.stringify(mutate.kinds)}`);
    }
    this.occurrences.clear();
    this.settings = { seed, rate, kinds, timeoutMs, mutate, mutationRandom: mulberry32(mix32(seed, 0x6d757465)) };
  }

  stop(): void {
    this.settings = undefined;
  }

  get mutations(): readonly ChaosMutation[] {
    return [...this.log];
  }

  faultCounts(): FaultCounts {
    return Object.fromEntries(this.counts);
  }

  count(label: string): void {
    this.counts.set(label, (this.counts.get(label) ?? 0) + 1);
  }

  /** Called for every request, in arrival order, before its answer is planned. */
  beforeRequest(seq: number): void {
    const settings = this.settings;
    const mutate = settings?.mutate;
    if (settings === undefined || mutate === undefined) return;
    const random = settings.mutationRandom;
    if (random() >= mutate.rate) return;
    const kinds = mutate.kinds ?? (Object.keys(MUTATION_WEIGHTS) as ChaosMutationKind[]);
    const total = kinds.reduce((sum, kind) => sum + MUTATION_WEIGHTS[kind], 0);
    let draw = random() * total;
    const kind = kinds.find((k) => (draw -= MUTATION_WEIGHTS[k]) < 0) ?? kinds[0];
    if (kind !== undefined) this.mutate(seq, kind, mutate.pageId, mutate.platform ?? 'MESSENGER', random);
  }

  /** The random fault for a request, if chaos draws one. */
  faultFor(rawUrl: string, query: Readonly<Record<string, string>>, pageId: string | undefined): LabelledFault | undefined {
    const settings = this.settings;
    if (settings === undefined) return undefined;
    const occurrence = this.occurrences.get(rawUrl) ?? 0;
    this.occurrences.set(rawUrl, occurrence + 1);
    const random = mulberry32(mix32(mix32(settings.seed, hashString(rawUrl)), occurrence));
    if (random() >= settings.rate) return undefined;
    return chaosFault(pick(random, settings.kinds), random, settings.timeoutMs, query, pageId);
  }

  private mutate(seq: number, kind: ChaosMutationKind, pageId: string, platform: Platform, random: Random): void {
    const threads = PLATFORMS.filter((p) => p === platform).flatMap((p) => FOLDERS.flatMap((folder) => this.store.list(pageId, p, folder)));
    const record = (thread: ThreadRecord, folder: Folder = thread.folder) =>
      this.log.push({ seq, kind, pageId, threadId: thread.id, folder, updated_time: formatGraphTime(thread.updatedMs) });
    if (kind === 'add-thread' || threads.length === 0) {
      const thread = this.store.addThread(pageId, { platform, folder: pick(random, FOLDERS) });
      this.log.push({ seq, kind: 'add-thread', pageId, threadId: thread.id, folder: thread.folder, updated_time: formatGraphTime(thread.updatedMs) });
      return;
    }
    const thread = pick(random, threads);
    if (kind === 'add-message') record(this.store.addMessage(pageId, thread.id, { fromPage: random() < 0.3 }));
    else if (kind === 'move-thread') record(this.store.moveThread(pageId, thread.id, pick(random, FOLDERS.filter((f) => f !== thread.folder))));
    else {
      const folder = thread.folder;
      this.store.deleteThread(pageId, thread.id);
      record(thread, folder);
    }
  }
}

function chaosFault(
  kind: ChaosFaultKind,
  random: Random,
  timeoutMs: number,
  query: Readonly<Record<string, string>>,
  pageId: string | undefined,
): LabelledFault | undefined {
  switch (kind) {
    case 'rate-limit': {
      const code = pick(random, RATE_LIMIT_CODES);
      const headers = usageHeaders({ callCount: 100, totalTime: 100, totalCputime: 100, regainMinutes: 0, throttled: true }, pageId);
      return { fault: { kind: 'graph-error', code, isTransient: false, headers }, label: `rate-limit ${code}` };
    }
    case 'server-error': {
      const choice = Math.floor(random() * 4);
      if (choice === 0) return { fault: { kind: 'graph-error', code: 1, status: 500, message: 'An unknown error has occurred.' }, label: 'server-error 500' };
      if (choice === 1) return { fault: { kind: 'graph-error', code: 2, status: 503, isTransient: true }, label: 'server-error 503' };
      if (choice === 2) return { fault: { kind: 'http-status', status: 502 }, label: 'server-error 502' };
      return { fault: { kind: 'http-status', status: 503, body: 'Service Unavailable' }, label: 'server-error 503' };
    }
    case 'html': {
      const status = pick(random, [502, 503, 504]);
      return { fault: { kind: 'html', status }, label: `html ${status}` };
    }
    case 'slow':
      return { fault: { kind: 'latency', ms: timeoutMs + 50 }, label: 'slow' };
    case 'invalid-cursor':
      // Graph answers 2642 only to a request that carries a cursor.
      return query['after'] === undefined && query['before'] === undefined ? undefined : { fault: { kind: 'invalid-cursor' }, label: 'invalid-cursor' };
    case 'huge': {
      const announce = random() < 0.5;
      return { fault: { kind: 'huge', announce }, label: announce ? 'huge (announced)' : 'huge (chunked)' };
    }
    default:
      return { fault: { kind }, label: kind };
  }
}
