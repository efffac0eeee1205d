/**
 * 1. Walk overhead, three servers, contenders interleaved in rotating order, paired
 * rounds (every ratio is the median of the per-round ratios, with its IQR):
 * - emulator: the library's own Graph emulator in a child process (~1 ms of server CPU
 *   per page, never compresses);
 * - static: a keep-alive server replaying the recorded pages (gzip on request) in a
 *   child process, which isolates the client's cost;
 * - https: the same over TLS on loopback, self-signed certificate: what connection
 *   reuse is worth (fb opens a connection, and a TLS handshake, per page).
 * Contenders (contenders.ts): the library (lazy, and with `prefetch: 1`), the baselines of
 * raw.ts, the library's per-page steps alone (stepsLoop.ts), the two SDKs. Every client asks for the same fields and limit and must count
 * every thread. Each contender runs in a process of its own (contenderProcess.ts), which
 * measures its walks: no contender pays for another's garbage.
 */
import { startContender, type RemoteContender } from './contenderClient';
import { PAGE_ID, walkFirstUrl, type Contender, type WalkTarget } from './contenders';
import { BENCH_TOKEN, startRemoteEmulator } from './emulatorClient';
import { interleave, pairedRatio, quantile, type NoiseMeter, type PairedRatio } from './stats';
import { recordPages, startStaticServers } from './staticServer';

export { FIELDS, libraryWalk, PREFETCH, type Contender, type WalkSource } from './contenders';

export interface WalkConfig {
  readonly threads: number;
  readonly limit: number;
  /** Paired rounds in all, shared out over the forks. */
  readonly rounds: number;
  /**
   * Warm-up rounds of each fork, left out of the ratios (the first is reported apart, as
   * `coldRatios`, and rounds 9-14 as `earlyRatios`). Why 18: V8 compiles code called
   * once a page only after some thousands of pages, and the library has more such code
   * than a raw loop. On the project's VM, `node --trace-opt` over 30 walks of 200 pages
   * counted TurboFan compiling 18-40 ms of the library's code a walk in walks 10-15 (the
   * raw loop 2-15), tailing off after walk 20 (1-4 ms a walk from walk 22); its
   * CPU a walk (schedstat of each thread) fell from ~116 ms at walks 10-15 (96 on the
   * main thread, 20 in the compiler's threads) to ~83 at walks 25-30. Rounds measured
   * earlier read the compiler as much as the client: with 8 warm-up rounds (walks 10-15)
   * the same build read library/raw 1.20 wall and 1.56 CPU, with 18 (walks 20-25) 1.15
   * and 1.40.
   */
  readonly warmup: number;
  /**
   * Fresh sets of contender processes, one after another, each for its share of the
   * rounds; the pairs of all forks are pooled. Why: the same code in a new process read
   * 1.02 in one run and 1.18 in the next (each contender's JIT and heap start anew), so
   * one set of processes is one draw, however many rounds it walks. Most of that draw
   * was glibc's (see childRpc.ts): since helpers keep their freed heap, the A/A control
   * (`rawControl/raw`, the same loop in two processes) read 0.94-1.06 a fork on the
   * project's VM (two runs of 4 forks) and library/raw 1.10-1.24, against 0.87-1.07 and
   * 1.12-1.36 over 7 forks before.
   */
  readonly forks: number;
}

/** The warm-up rounds (0-based, end excluded) reported as `earlyRatios`: walks 10-15 of each process. */
const EARLY_ROUNDS = { from: 8, to: 14 } as const;

export interface ModeResult {
  readonly server: string;
  readonly pages: number;
  /** Median wall time of a whole walk, ms. */
  readonly ms: Partial<Record<Contender, number>>;
  /** Median client CPU (the contender's process, user + system) per page, µs. */
  readonly cpuPerPageUs: Partial<Record<Contender, number>>;
  /** Major GCs per measured walk, each contender's process (see `MeasuredWalk.majorGcs`). */
  readonly majorGcsPerWalk: Partial<Record<Contender, number>>;
  /** Requests one walk of each contender made (counted by the server, one extra walk). */
  readonly requests: Partial<Record<Contender, number>>;
  /** Paired ratios, wall and CPU, named `a/b`, over the pooled rounds of every fork. */
  readonly ratios: Record<string, PairedRatio>;
  /** Each pair's wall ratio (named as in `ratios`) in each fork alone: how far one set of processes can be from another. */
  readonly forkRatios: Record<string, number[]>;
  /**
   * The same pairs (wall, and `cpu:`) in each fork's first warm-up round only: the second
   * walk of fresh processes, before the JIT has compiled the per-page code (see WalkConfig.warmup).
   */
  readonly coldRatios: Record<string, PairedRatio>;
  /**
   * The same pairs in warm-up rounds 9-14 of each fork (walks 10-15, what the bench
   * measured before its warm-up grew to 18): the JIT still compiling the per-page code.
   * Empty with fewer than 14 warm-up rounds.
   */
  readonly earlyRatios: Record<string, PairedRatio>;
}

export interface WalkResult {
  readonly emulator: ModeResult;
  readonly static: ModeResult;
  readonly https: ModeResult | undefined;
  readonly httpsNote: string;
}

/** The server's count of the requests since `reset`. */
interface RequestCounter {
  reset(): Promise<void>;
  count(): Promise<number>;
}

/** Starts every contender's process; if one fails to start, those started are closed. */
async function startContenders(names: readonly Contender[], target: WalkTarget): Promise<RemoteContender[]> {
  const started: RemoteContender[] = [];
  try {
    for (const name of names) started.push(await startContender(name, target));
  } catch (error) {
    await Promise.all(started.map((c) => c.close()));
    throw error;
  }
  return started;
}

async function runMode(
  server: string,
  target: WalkTarget,
  names: readonly Contender[],
  pairs: ReadonlyArray<readonly [Contender, Contender]>,
  counter: RequestCounter,
  config: WalkConfig,
  noise: NoiseMeter,
  log: (line: string) => void,
): Promise<ModeResult> {
  const forks: ForkResult[] = [];
  // The rounds shared out exactly (5, 5, 5, 6 over 4 forks of 21; 3, 4, 4 of 11 over 3), and no fork without one.
  const forkCount = Math.min(config.forks, config.rounds);
  let roundsBefore = 0;
  for (let fork = 0; fork < forkCount; fork++) {
    const roundsPerFork = Math.floor((config.rounds + fork) / forkCount);
    const contenders = await startContenders(names, target);
    try {
      // The requests a walk takes are counted once, in the first fork.
      const plan: ForkPlan = { server: `${server} ${fork + 1}/${forkCount}`, counter: fork === 0 ? counter : undefined, config: { ...config, rounds: roundsPerFork }, firstOrder: roundsBefore, noise, log };
      forks.push(await measureFork(contenders, plan));
      roundsBefore += roundsPerFork;
    } finally {
      await Promise.all(contenders.map((c) => c.close()));
    }
  }
  return summarize(server, names, pairs, forks, config, log);
}

/** What measuring one fork needs besides its contenders. */
interface ForkPlan {
  readonly server: string;
  /** Counts the requests of one checked walk each, when given. */
  readonly counter: RequestCounter | undefined;
  readonly config: WalkConfig;
  /** The rounds of the forks before: this fork's rotation goes on from there. */
  readonly firstOrder: number;
  readonly noise: NoiseMeter;
  readonly log: (line: string) => void;
}

/** One fork's measured rounds, per contender. */
interface ForkResult {
  readonly wall: Partial<Record<Contender, number[]>>;
  readonly cpu: Partial<Record<Contender, number[]>>;
  /** The warm-up rounds' walks, in order. */
  readonly warmupWall: Partial<Record<Contender, number[]>>;
  readonly warmupCpu: Partial<Record<Contender, number[]>>;
  readonly majors: Partial<Record<Contender, number[]>>;
  readonly requests: Partial<Record<Contender, number>>;
}

async function measureFork(contenders: readonly RemoteContender[], { server, counter, config, firstOrder, noise, log }: ForkPlan): Promise<ForkResult> {
  const checkedWalk = async (contender: RemoteContender) => {
    const measured = await contender.walk();
    if (measured.count !== config.threads) throw new Error(`walk ${server}/${contender.name}: got ${measured.count} threads, expected ${config.threads}`);
    return measured;
  };
  const requests: Partial<Record<Contender, number>> = {};
  // One checked walk each: every thread counted, and the requests it took.
  for (const contender of contenders) {
    await counter?.reset();
    await checkedWalk(contender);
    if (counter !== undefined) requests[contender.name] = await counter.count();
  }
  // Each contender walks once a round, so its first `warmup` entries are the warm-up's.
  const majors: Partial<Record<Contender, number[]>> = {};
  const { wall, cpu, warmupRounds } = await interleave(
    contenders.map((c) => [c.name, async () => {
      const measured = await checkedWalk(c);
      (majors[c.name] ??= []).push(measured.majorGcs);
      return measured;
    }] as const),
    { rounds: config.rounds, warmup: config.warmup, firstOrder, noise, log, label: `walk ${server}` },
  );
  for (const name of Object.keys(majors) as Contender[]) majors[name] = majors[name]?.slice(config.warmup);
  return { wall, cpu, warmupWall: warmupRounds.wall, warmupCpu: warmupRounds.cpu, majors, requests };
}

/** The forks' rounds pooled: medians, paired ratios, and each fork's own first ratio. */
function summarize(server: string, names: readonly Contender[], pairs: ReadonlyArray<readonly [Contender, Contender]>, forks: readonly ForkResult[], config: WalkConfig, log: (line: string) => void): ModeResult {
  const pooled = (pick: (fork: ForkResult) => Partial<Record<Contender, number[]>>, name: Contender) => forks.flatMap((fork) => pick(fork)[name] ?? []);
  const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
  const pages = Math.ceil(config.threads / config.limit);
  const ms: Partial<Record<Contender, number>> = {};
  const cpuPerPageUs: Partial<Record<Contender, number>> = {};
  const majorGcsPerWalk: Partial<Record<Contender, number>> = {};
  for (const name of names) {
    ms[name] = median(pooled((f) => f.wall, name));
    cpuPerPageUs[name] = (median(pooled((f) => f.cpu, name)) * 1000) / pages;
    const majors = pooled((f) => f.majors, name);
    majorGcsPerWalk[name] = majors.reduce((sum, n) => sum + n, 0) / majors.length;
  }
  type Samples = (fork: ForkResult) => Partial<Record<Contender, number[]>>;
  // Every pair's wall ratio (`a/b`) and CPU ratio (`cpu:a/b`) from one kind of round.
  const pairRatios = (wall: Samples, cpu: Samples) => {
    const out: Record<string, PairedRatio> = {};
    for (const [a, b] of pairs) {
      out[`${a}/${b}`] = pairedRatio(pooled(wall, a), pooled(wall, b));
      out[`cpu:${a}/${b}`] = pairedRatio(pooled(cpu, a), pooled(cpu, b));
    }
    return out;
  };
  const ratios = pairRatios((f) => f.wall, (f) => f.cpu);
  // Warm-up rounds [from, to) of every fork, as one kind of round.
  const warmupPairs = (from: number, to: number) => {
    const slice = (samples: Partial<Record<Contender, number[]>>) => Object.fromEntries(Object.entries(samples).map(([name, walks]) => [name, walks.slice(from, to)]));
    return pairRatios((f) => slice(f.warmupWall), (f) => slice(f.warmupCpu));
  };
  const coldRatios = config.warmup > 0 ? warmupPairs(0, 1) : {};
  const earlyRatios = config.warmup >= EARLY_ROUNDS.to ? warmupPairs(EARLY_ROUNDS.from, EARLY_ROUNDS.to) : {};
  const forkRatios: Record<string, number[]> = {};
  for (const [a, b] of pairs) forkRatios[`${a}/${b}`] = forks.map((fork) => pairedRatio(fork.wall[a] ?? [], fork.wall[b] ?? []).median);
  // The first pair (the tightest target) and the A/A control, if any, side by side.
  for (const [a, b] of pairs.filter((pair, i) => i === 0 || pair[0] === 'rawControl')) log(`  walk ${server}: ${a}/${b} wall in each fork: ${(forkRatios[`${a}/${b}`] ?? []).map((r) => r.toFixed(2)).join(', ')}`);
  log(`  walk ${server}: major GCs per walk, each contender's process: ${names.map((name) => `${name} ${(majorGcsPerWalk[name] ?? Number.NaN).toFixed(2)}`).join(', ')}`);
  return { server, pages, ms, cpuPerPageUs, majorGcsPerWalk, requests: forks[0]?.requests ?? {}, ratios, forkRatios, coldRatios, earlyRatios };
}

export async function runWalk(config: WalkConfig, noise: NoiseMeter, log: (line: string) => void): Promise<WalkResult> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], latencyMs: 0 });
  let emulatorMode: ModeResult;
  let recorded: Record<string, string>;
  try {
    const { url } = emulator;
    const counter = { reset: () => emulator.clearRequests(), count: () => emulator.requestCount() };
    emulatorMode = await runMode(
      'emulator',
      { origin: url, accessToken: emulator.accessToken, limit: config.limit },
      ['raw', 'rawControl', 'stepsLoop', 'rawCrossFetch', 'rawNodeHttp', 'rawPrefetch', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
      // rawControl/raw is the A/A control: the same loop in two processes, the resolution of the library/raw target.
      // stepsLoop/raw and library/stepsLoop split the gap: the steps every page owes, and the machinery on top.
      [['library', 'raw'], ['rawControl', 'raw'], ['stepsLoop', 'raw'], ['library', 'stepsLoop'], ['library', 'rawCrossFetch'], ['library', 'rawNodeHttp'], ['libraryPrefetch', 'raw'], ['libraryPrefetch', 'rawPrefetch'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
      counter,
      config,
      noise,
      log,
    );
    recorded = await recordPages(walkFirstUrl(url, config.limit), url, emulator.accessToken);
  } finally {
    await emulator.close();
  }
  const servers = await startStaticServers(recorded);
  try {
    // The token the recorded pages echo in their paging URLs, as Graph echoes the client's own.
    const token = BENCH_TOKEN;
    const counter = { reset: () => servers.reset(), count: () => servers.requests() };
    const staticMode = await runMode(
      'static',
      { origin: servers.http, accessToken: token, limit: config.limit },
      ['raw', 'rawNodeHttp', 'rawPrefetch', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
      [['library', 'raw'], ['library', 'rawNodeHttp'], ['libraryPrefetch', 'rawNodeHttp'], ['libraryPrefetch', 'rawPrefetch'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
      counter,
      config,
      noise,
      log,
    );
    let httpsMode: ModeResult | undefined;
    if (servers.https !== undefined && servers.ca !== undefined) {
      httpsMode = await runMode(
        'https',
        { origin: servers.https, accessToken: token, limit: config.limit, ca: servers.ca },
        ['rawNodeHttp', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
        [['library', 'rawNodeHttp'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
        counter,
        config,
        noise,
        log,
      );
    }
    return { emulator: emulatorMode, static: staticMode, https: httpsMode, httpsNote: servers.certificateBy };
  } finally {
    await servers.close();
  }
}
