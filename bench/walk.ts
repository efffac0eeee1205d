/**
 * 1. Walk overhead: a full walk of one inbox with limit 100 and no added latency, four
 * ways, against the same emulator process and data, in a rotating order:
 * (a) a hand-written cross-fetch + JSON.parse loop following `paging.next` (the floor),
 * (b) `conversations$` with full decoding, (c) facebook-nodejs-business-sdk,
 * (d) fb with a manual paging loop. Every client asks for the same fields.
 */
import crossFetch from 'cross-fetch';
import { conversations$, DEFAULT_THREAD_FIELDS } from '../src/index';
import { renderThreadFields } from '../src/codecs/fields';
import { startRemoteEmulator } from './emulatorClient';
import { businessSdkAt, fbAt, walkWithBusinessSdk, walkWithFb } from './sdks';
import { since, stat, type Stat } from './stats';

export interface WalkConfig {
  readonly threads: number;
  readonly limit: number;
  readonly runs: number;
  readonly warmup: number;
}

export interface WalkResult {
  readonly raw: Stat;
  readonly library: Stat;
  readonly businessSdk: Stat;
  readonly fb: Stat;
  /**
   * CPU time (user + system) of this process per walk, same runs: the client's own cost,
   * which the emulator's speed and the machine's load do not change.
   */
  readonly cpu: { readonly raw: Stat; readonly library: Stat; readonly businessSdk: Stat; readonly fb: Stat };
}

type Variant = 'raw' | 'library' | 'businessSdk' | 'fb';

const PAGE_ID = '1001';
/** The library's default field list, rendered; every client requests exactly this. */
export const FIELDS = renderThreadFields(DEFAULT_THREAD_FIELDS);

interface RawPage {
  data: unknown[];
  paging?: { next?: string };
}

/** (a) The floor: fetch, text, JSON.parse, follow `paging.next` as given. */
export async function rawWalk(url: string, accessToken: string, pageId: string, fields: string, limit: number): Promise<number> {
  let next: string | undefined = `${url}/v19.0/${pageId}/conversations?${new URLSearchParams({ fields, limit: String(limit) })}`;
  let count = 0;
  while (next !== undefined) {
    const response = await crossFetch(next, { headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/json' } });
    const page = JSON.parse(await response.text()) as RawPage;
    if (!response.ok) throw new Error(`raw walk: HTTP ${response.status}`);
    count += page.data.length;
    next = page.paging?.next;
  }
  return count;
}

/** (b) The library: decoded threads, counted as they are emitted. */
export function libraryWalk(url: string, accessToken: string, pageId: string, limit: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let count = 0;
    conversations$(pageId, { accessToken, graphUrl: url, limit }).subscribe({
      next: () => {
        count += 1;
      },
      error: reject,
      complete: () => resolve(count),
    });
  });
}

export async function runWalk(config: WalkConfig, log: (line: string) => void): Promise<WalkResult> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], latencyMs: 0 });
  try {
    const { url, accessToken } = emulator;
    const sdk = businessSdkAt(url, accessToken);
    const fb = fbAt(url, accessToken);
    const variants: Array<[Variant, () => Promise<number>]> = [
      ['raw', () => rawWalk(url, accessToken, PAGE_ID, FIELDS, config.limit)],
      ['library', () => libraryWalk(url, accessToken, PAGE_ID, config.limit)],
      ['businessSdk', () => walkWithBusinessSdk(sdk, PAGE_ID, FIELDS.split(','), config.limit)],
      ['fb', () => walkWithFb(fb, PAGE_ID, FIELDS, config.limit)],
    ];
    const times: Record<Variant, number[]> = { raw: [], library: [], businessSdk: [], fb: [] };
    const cpu: Record<Variant, number[]> = { raw: [], library: [], businessSdk: [], fb: [] };
    for (let round = 0; round < config.warmup + config.runs; round++) {
      // Rotate the order each round, so no client always runs first (or right after another).
      const order = variants.map((_, i) => variants[(i + round) % variants.length] as (typeof variants)[number]);
      for (const [name, walk] of order) {
        await emulator.clearRequests();
        const cpuStart = process.cpuUsage();
        const start = performance.now();
        const count = await walk();
        const ms = since(start);
        const used = process.cpuUsage(cpuStart);
        if (count !== config.threads) throw new Error(`walk ${name}: got ${count} threads, expected ${config.threads}`);
        if (round >= config.warmup) {
          times[name].push(ms);
          cpu[name].push((used.user + used.system) / 1000);
        }
      }
      log(`  walk round ${round + 1}/${config.warmup + config.runs}${round < config.warmup ? ' (warm-up)' : ''}`);
    }
    return {
      raw: stat(times.raw),
      library: stat(times.library),
      businessSdk: stat(times.businessSdk),
      fb: stat(times.fb),
      cpu: { raw: stat(cpu.raw), library: stat(cpu.library), businessSdk: stat(cpu.businessSdk), fb: stat(cpu.fb) },
    };
  } finally {
    await emulator.close();
  }
}
