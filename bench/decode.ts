/**
 * 6. Decode cost: the page decoder `conversations$` uses (Connection of the thread codec
 * for the default fields), in threads per second, next to JSON.parse of the same bytes.
 * The pages are real emulator responses, fetched once; both loops run in this process
 * with nothing else going on, alternating.
 */
import crossFetch from 'cross-fetch';
import { DEFAULT_THREAD_FIELDS } from '../src/index';
import { threadCodecFor } from '../src/codecs/index';
import { pageDecoder } from '../src/conversations/edgeWalk';
import { startRemoteEmulator } from './emulatorClient';
import { getText } from './raw';
import { pairedRatio, since, stat, type PairedRatio, type Stat } from './stats';
import { PAGE_ID, walkFirstUrl } from './contenders';

export interface DecodeConfig {
  readonly threads: number;
  readonly limit: number;
  /** Passes over all pages per timed run. */
  readonly passes: number;
  readonly runs: number;
  readonly warmup: number;
}

export interface DecodeResult {
  readonly threads: number;
  readonly bytes: number;
  /** Threads per second, per run. */
  readonly jsonParse: Stat;
  readonly decode: Stat;
  /**
   * Inside a walk: every page fetched over HTTP, then `JSON.parse` of its text and the
   * walk's page decoder on that fresh value, each timed; per walk, decode time / parse
   * time; the median over walks with its IQR.
   */
  readonly inWalk: PairedRatio;
}

async function fetchPages(url: string, accessToken: string, limit: number): Promise<string[]> {
  const texts: string[] = [];
  let next: string | undefined = walkFirstUrl(url, limit);
  while (next !== undefined) {
    const response: Response = await crossFetch(next, { headers: { Authorization: `Bearer ${accessToken}` } });
    const text: string = await response.text();
    texts.push(text);
    next = (JSON.parse(text) as { paging?: { next?: string } }).paging?.next;
  }
  return texts;
}

/** Per walk: [decode ms, JSON.parse ms], each page parsed and decoded as it arrives. */
async function walkTimed(url: string, accessToken: string, limit: number, decodePage: ReturnType<typeof pageDecoder>): Promise<[number, number]> {
  let next: string | undefined = walkFirstUrl(url, limit);
  let parseMs = 0;
  let decodeMs = 0;
  while (next !== undefined) {
    const text = await getText(next, accessToken);
    const t0 = performance.now();
    const parsed = JSON.parse(text) as unknown;
    const t1 = performance.now();
    const page = decodePage(parsed);
    decodeMs += performance.now() - t1;
    parseMs += t1 - t0;
    if (page._tag === 'Left') throw page.left;
    next = (parsed as { paging?: { next?: string } }).paging?.next;
  }
  return [decodeMs, parseMs];
}

export async function runDecode(config: DecodeConfig): Promise<DecodeResult> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], latencyMs: 0 });
  // Exactly what edgeWalk builds for conversations$ with the default fields.
  const decodePage = pageDecoder(threadCodecFor(DEFAULT_THREAD_FIELDS), 'conversations page');
  let texts: string[];
  const inWalk = { decode: [] as number[], parse: [] as number[] };
  try {
    texts = await fetchPages(emulator.url, emulator.accessToken, config.limit);
    for (let round = 0; round < config.warmup + config.runs; round++) {
      const [d, p] = await walkTimed(emulator.url, emulator.accessToken, config.limit, decodePage);
      if (round < config.warmup) continue;
      inWalk.decode.push(d);
      inWalk.parse.push(p);
    }
  } finally {
    await emulator.close();
  }
  const parsed = texts.map((text) => JSON.parse(text) as unknown);
  const threads = parsed.reduce<number>((n, page) => n + (page as { data: unknown[] }).data.length, 0);
  if (threads !== config.threads) throw new Error(`decode: fetched ${threads} threads, expected ${config.threads}`);

  let sink = 0;
  const parseRun = (): number => {
    const start = performance.now();
    for (let pass = 0; pass < config.passes; pass++) for (const text of texts) sink += (JSON.parse(text) as { data: unknown[] }).data.length;
    return (threads * config.passes) / (since(start) / 1000);
  };
  const decodeRun = (): number => {
    // Fresh values each pass, parsed before the clock starts: the walk's decoder decodes
    // the bodies it parsed in place, so a value it decoded once is not a body any more.
    const fresh = Array.from({ length: config.passes }, () => texts.map((text) => JSON.parse(text) as unknown));
    const start = performance.now();
    for (const pages of fresh) {
      for (const page of pages) {
        const result = decodePage(page);
        if (result._tag === 'Left') throw result.left;
        sink += result.right.data.length;
      }
    }
    return (threads * config.passes) / (since(start) / 1000);
  };
  const rates = { jsonParse: [] as number[], decode: [] as number[] };
  for (let round = 0; round < config.warmup + config.runs; round++) {
    const a = round % 2 === 0 ? parseRun() : decodeRun();
    const b = round % 2 === 0 ? decodeRun() : parseRun();
    if (round < config.warmup) continue;
    rates.jsonParse.push(round % 2 === 0 ? a : b);
    rates.decode.push(round % 2 === 0 ? b : a);
  }
  if (sink === 0) throw new Error('decode: nothing decoded');
  return { threads, bytes: texts.reduce((n, text) => n + Buffer.byteLength(text), 0), jsonParse: stat(rates.jsonParse), decode: stat(rates.decode), inWalk: pairedRatio(inWalk.decode, inWalk.parse) };
}
