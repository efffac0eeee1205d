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
 * raw.ts, the two SDKs. Every client asks for the same fields and limit and must count
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
  readonly rounds: number;
  readonly warmup: number;
}

export interface ModeResult {
  readonly server: string;
  readonly pages: number;
  /** Median wall time of a whole walk, ms. */
  readonly ms: Partial<Record<Contender, number>>;
  /** Median client CPU (this process, user + system) per page, µs. */
  readonly cpuPerPageUs: Partial<Record<Contender, number>>;
  /** Requests one walk of each contender made (counted by the server, one extra walk). */
  readonly requests: Partial<Record<Contender, number>>;
  /** Paired ratios, wall and CPU, named `a/b`. */
  readonly ratios: Record<string, PairedRatio>;
}

export interface WalkResult {
  readonly emulator: ModeResult;
  readonly static: ModeResult;
  readonly https: ModeResult | undefined;
  readonly httpsNote: string;
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
  counter: { reset(): Promise<void>; count(): Promise<number> },
  config: WalkConfig,
  noise: NoiseMeter,
  log: (line: string) => void,
): Promise<ModeResult> {
  const contenders = await startContenders(names, target);
  try {
    return await measureMode(contenders, { server, pairs, counter, config, noise, log });
  } finally {
    await Promise.all(contenders.map((c) => c.close()));
  }
}

/** What measuring one server's walks needs besides the contenders. */
interface ModePlan {
  readonly server: string;
  readonly pairs: ReadonlyArray<readonly [Contender, Contender]>;
  readonly counter: { reset(): Promise<void>; count(): Promise<number> };
  readonly config: WalkConfig;
  readonly noise: NoiseMeter;
  readonly log: (line: string) => void;
}

async function measureMode(contenders: readonly RemoteContender[], { server, pairs, counter, config, noise, log }: ModePlan): Promise<ModeResult> {
  const checkedWalk = async (contender: RemoteContender) => {
    const measured = await contender.walk();
    if (measured.count !== config.threads) throw new Error(`walk ${server}/${contender.name}: got ${measured.count} threads, expected ${config.threads}`);
    return measured;
  };
  const requests: Partial<Record<Contender, number>> = {};
  // One checked walk each: every thread counted, and the requests it took.
  for (const contender of contenders) {
    await counter.reset();
    await checkedWalk(contender);
    requests[contender.name] = await counter.count();
  }
  const pages = Math.ceil(config.threads / config.limit);
  const names = contenders.map((c) => c.name);
  const { wall, cpu } = await interleave(
    contenders.map((c) => [c.name, () => checkedWalk(c)] as const),
    { rounds: config.rounds, warmup: config.warmup, noise, log, label: `walk ${server}` },
  );
  const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
  const ms: Partial<Record<Contender, number>> = {};
  const cpuPerPageUs: Partial<Record<Contender, number>> = {};
  for (const name of names) {
    ms[name] = median(wall[name]);
    cpuPerPageUs[name] = (median(cpu[name]) * 1000) / pages;
  }
  const ratios: Record<string, PairedRatio> = {};
  for (const [a, b] of pairs) {
    ratios[`${a}/${b}`] = pairedRatio(wall[a], wall[b]);
    ratios[`cpu:${a}/${b}`] = pairedRatio(cpu[a], cpu[b]);
  }
  return { server, pages, ms, cpuPerPageUs, requests, ratios };
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
      ['raw', 'rawCrossFetch', 'rawNodeHttp', 'rawPrefetch', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
      [['library', 'raw'], ['library', 'rawCrossFetch'], ['library', 'rawNodeHttp'], ['libraryPrefetch', 'raw'], ['libraryPrefetch', 'rawPrefetch'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
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
