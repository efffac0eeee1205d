/**
 * 1. Walk overhead, three servers, contenders interleaved in rotating order, paired
 * rounds (every ratio is the median of the per-round ratios, with its IQR):
 * - emulator: the library's own Graph emulator in a child process (~1 ms of server CPU
 *   per page, never compresses);
 * - static: a keep-alive server replaying the recorded pages (gzip on request) in a
 *   child process, which isolates the client's cost;
 * - https: the same over TLS on loopback, self-signed certificate: what connection
 *   reuse is worth (fb opens a connection, and a TLS handshake, per page).
 * Contenders: the library (lazy, and with `prefetch: 1`), the baselines of raw.ts, the
 * two SDKs. Every client asks for the same fields and limit and must count every thread.
 */
import { globalAgent } from 'node:https';
import type { Subscribable } from 'rxjs';
import crossFetch from 'cross-fetch';
import { conversations$, DEFAULT_THREAD_FIELDS, type ConversationsOptions } from '../src/index';
import { renderThreadFields } from '../src/codecs/fields';
import { createGraphClient } from '../src/graph/client';
import { BENCH_TOKEN, startRemoteEmulator } from './emulatorClient';
import { rawNodeHttp, rawNodeHttpPrefetch, rawOnTransport } from './raw';
import { businessSdkAt, fbAt, walkWithBusinessSdk, walkWithFb } from './sdks';
import { interleave, pairedRatio, quantile, type NoiseMeter, type PairedRatio } from './stats';
import { recordPages, startStaticServers } from './staticServer';

export interface WalkConfig {
  readonly threads: number;
  readonly limit: number;
  readonly rounds: number;
  readonly warmup: number;
}

const PAGE_ID = '1001';
/** The library's default field list, rendered; every client requests exactly this. */
export const FIELDS = renderThreadFields(DEFAULT_THREAD_FIELDS);

export type Contender = 'raw' | 'rawCrossFetch' | 'rawNodeHttp' | 'rawPrefetch' | 'library' | 'libraryPrefetch' | 'businessSdk' | 'fb';

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

/** Whether this build of the library has the opt-in prefetch (see ConversationsOptions). */
export const PREFETCH = 'prefetch' satisfies string;

/** A `conversations$`: this checkout's, or another build's (`compare.ts`). */
export type WalkSource = (pageId: string, opts: ConversationsOptions) => Subscribable<unknown>;

/** The library: decoded threads, counted as they are emitted. */
export function libraryWalk(url: string, accessToken: string, pageId: string, limit: number, extra: Partial<ConversationsOptions> = {}, source: WalkSource = conversations$): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    source(pageId, { accessToken, graphUrl: url, limit, ...extra }).subscribe({
      next: () => {
        count += 1;
      },
      error: reject,
      complete: () => resolve(count),
    });
  });
}

const firstUrl = (origin: string, limit: number) => `${origin}/v19.0/${PAGE_ID}/conversations?${new URLSearchParams({ fields: FIELDS, limit: String(limit) })}`;

function contendersFor(origin: string, accessToken: string, limit: number, names: readonly Contender[], ca?: string): Array<readonly [Contender, () => Promise<number>]> {
  const client = createGraphClient({ accessToken });
  if (client._tag === 'Left') throw client.left;
  const transport = client.right.fetch;
  const all: Record<Contender, () => () => Promise<number>> = {
    raw: () => () => rawOnTransport(transport, firstUrl(origin, limit), accessToken),
    rawCrossFetch: () => () => rawOnTransport(crossFetch, firstUrl(origin, limit), accessToken),
    rawNodeHttp: () => () => rawNodeHttp(firstUrl(origin, limit), accessToken),
    rawPrefetch: () => () => rawNodeHttpPrefetch(firstUrl(origin, limit), accessToken),
    library: () => () => libraryWalk(origin, accessToken, PAGE_ID, limit),
    libraryPrefetch: () => () => libraryWalk(origin, accessToken, PAGE_ID, limit, { [PREFETCH]: 1 } as Partial<ConversationsOptions>),
    businessSdk: () => {
      const sdk = businessSdkAt(origin, accessToken);
      return () => walkWithBusinessSdk(sdk, PAGE_ID, FIELDS.split(','), limit);
    },
    fb: () => {
      const fb = fbAt(origin, accessToken, ca);
      return () => walkWithFb(fb, PAGE_ID, FIELDS, limit);
    },
  };
  return names.map((name) => [name, all[name]()] as const);
}

async function runMode(
  server: string,
  origin: string,
  accessToken: string,
  names: readonly Contender[],
  pairs: ReadonlyArray<readonly [Contender, Contender]>,
  counter: { reset(): Promise<void>; count(): Promise<number> },
  config: WalkConfig,
  noise: NoiseMeter,
  log: (line: string) => void,
  ca?: string,
): Promise<ModeResult> {
  const contenders = contendersFor(origin, accessToken, config.limit, names, ca);
  const requests: Partial<Record<Contender, number>> = {};
  // One checked walk each: every thread counted, and the requests it took.
  for (const [name, walk] of contenders) {
    await counter.reset();
    const count = await walk();
    if (count !== config.threads) throw new Error(`walk ${server}/${name}: got ${count} threads, expected ${config.threads}`);
    requests[name] = await counter.count();
  }
  const pages = Math.ceil(config.threads / config.limit);
  const checked = contenders.map(([name, walk]) => [name, async () => {
    const count = await walk();
    if (count !== config.threads) throw new Error(`walk ${server}/${name}: got ${count} threads, expected ${config.threads}`);
  }] as const);
  const { wall, cpu } = await interleave(checked, { rounds: config.rounds, warmup: config.warmup, noise, log, label: `walk ${server}` });
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
    const { url, accessToken } = emulator;
    const counter = { reset: () => emulator.clearRequests(), count: () => emulator.requestCount() };
    emulatorMode = await runMode(
      'emulator',
      url,
      accessToken,
      ['raw', 'rawCrossFetch', 'rawNodeHttp', 'rawPrefetch', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
      [['library', 'raw'], ['library', 'rawCrossFetch'], ['library', 'rawNodeHttp'], ['libraryPrefetch', 'raw'], ['libraryPrefetch', 'rawPrefetch'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
      counter,
      config,
      noise,
      log,
    );
    recorded = await recordPages(firstUrl(url, config.limit), url, accessToken);
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
      servers.http,
      token,
      ['raw', 'rawNodeHttp', 'rawPrefetch', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
      [['library', 'raw'], ['library', 'rawNodeHttp'], ['libraryPrefetch', 'rawNodeHttp'], ['libraryPrefetch', 'rawPrefetch'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
      counter,
      config,
      noise,
      log,
    );
    let httpsMode: ModeResult | undefined;
    if (servers.https !== undefined && servers.ca !== undefined) {
      // Trust the bench's certificate the way each client allows: the global agent
      // (node:https, cross-fetch, axios) and fb's `request` options.
      globalAgent.options.ca = servers.ca;
      httpsMode = await runMode(
        'https',
        servers.https,
        token,
        ['rawNodeHttp', 'library', 'libraryPrefetch', 'businessSdk', 'fb'],
        [['library', 'rawNodeHttp'], ['library', 'businessSdk'], ['library', 'fb'], ['libraryPrefetch', 'businessSdk'], ['libraryPrefetch', 'fb']],
        counter,
        config,
        noise,
        log,
        servers.ca,
      );
    }
    return { emulator: emulatorMode, static: staticMode, https: httpsMode, httpsNote: servers.certificateBy };
  } finally {
    await servers.close();
  }
}
