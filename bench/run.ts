/**
 * `npm run bench` (about 2 minutes) and `npm run bench -- --quick` (under a minute):
 * runs the six measurements, prints a table, writes bench/results.json.
 * Options: `--quick`, `--only walk,poll,...`, `--out <file>`.
 * Needs `node --expose-gc --import tsx` (the npm script sets both).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runDecode } from './decode';
import { runFirstThread } from './firstThread';
import { runFolders } from './folders';
import { runMemory } from './memory';
import { runPoll, type PollResult } from './poll';
import { round, type Stat } from './stats';
import { runWalk } from './walk';
import { formatScaling, runScaling, SCALING_QUICK } from './scaling';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string', default: fileURLToPath(new URL('./results.json', import.meta.url)) },
  },
});
const quick = values.quick === true;
const MEASUREMENTS = ['walk', 'poll', 'folders', 'memory', 'firstThread', 'decode', 'scaling'] as const;
type Measurement = (typeof MEASUREMENTS)[number];
// The multi-worker scaling run (Redis, about 45 s) is part of the full run only, so that
// --quick stays under a minute; `--only scaling` runs it alone.
const only = new Set((values.only?.split(',') ?? MEASUREMENTS.filter((name) => !quick || name !== 'scaling')).map((name) => name.trim()));
for (const name of only) if (!(MEASUREMENTS as readonly string[]).includes(name)) throw new Error(`--only: unknown measurement '${name}' (${MEASUREMENTS.join(', ')})`);
const wanted = (name: Measurement) => only.has(name);

const SIZES = quick
  ? {
      walk: { threads: 10_000, limit: 100, runs: 5, warmup: 1 },
      poll: { threads: 2_500, limit: 25, changed: [0, 1, 10, 100] },
      folders: { threadsPerFolder: 1_000, latencyMs: 20, limit: 100, runs: 3, warmup: 1 },
      memory: { threads: 20_000, limit: 100 },
      firstThread: { threads: 1_000, limit: 25, latencyMs: 50, runs: 5, warmup: 1 },
      decode: { threads: 2_000, limit: 100, passes: 3, runs: 5, warmup: 1 },
    }
  : {
      walk: { threads: 20_000, limit: 100, runs: 7, warmup: 1 },
      poll: { threads: 10_000, limit: 25, changed: [0, 1, 10, 100] },
      folders: { threadsPerFolder: 2_000, latencyMs: 20, limit: 100, runs: 5, warmup: 1 },
      memory: { threads: 100_000, limit: 100 },
      firstThread: { threads: 1_000, limit: 25, latencyMs: 50, runs: 9, warmup: 2 },
      decode: { threads: 5_000, limit: 100, passes: 4, runs: 7, warmup: 2 },
    };

const log = (line: string) => process.stderr.write(`${line}\n`);
const started = performance.now();
log(`rx-graph-conversations bench (${quick ? 'quick' : 'full'}): node ${process.version}, ${cpus().length} cpus (${cpus()[0]?.model ?? '?'}), load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);

async function step<A>(name: Measurement, run: () => Promise<A>): Promise<A | undefined> {
  if (!wanted(name)) return undefined;
  const t0 = performance.now();
  log(`${name}...`);
  const result = await run();
  log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

const walk = await step('walk', () => runWalk(SIZES.walk, log));
const poll = await step('poll', () => runPoll(SIZES.poll));
const folders = await step('folders', () => runFolders(SIZES.folders, log));
const memory = await step('memory', () => runMemory(SIZES.memory, log));
const firstThread = await step('firstThread', () => runFirstThread(SIZES.firstThread));
const decode = await step('decode', () => runDecode(SIZES.decode));
const scaling = await step('scaling', () => runScaling(SCALING_QUICK));
const wallSeconds = (performance.now() - started) / 1000;

// ---------------------------------------------------------------------------------------
// results.json
// ---------------------------------------------------------------------------------------

const ms = (s: Stat) => round(s.median, 1);
const spread = (s: Stat) => ({ median: round(s.median, 1), min: round(s.min, 1), max: round(s.max, 1), runs: s.runs });
const pollCount = (p: PollResult, changed: number) => p.polls.find((x) => x.changed === changed)?.requests ?? Number.NaN;

const results = {
  ...(walk && {
    walk: { raw_ms: ms(walk.raw), library_ms: ms(walk.library), ratio: round(walk.library.median / walk.raw.median, 3), business_sdk_ms: ms(walk.businessSdk), fb_ms: ms(walk.fb) },
  }),
  ...(poll && {
    poll: { changed_0: pollCount(poll, 0), changed_1: pollCount(poll, 1), changed_10: pollCount(poll, 10), changed_100: pollCount(poll, 100), naive: poll.naive },
  }),
  ...(folders && {
    folders: { sequential_ms: ms(folders.sequential), merged_ms: ms(folders.merged), ratio: round(folders.merged.median / folders.sequential.median, 3) },
  }),
  ...(memory && {
    memory: { threads: memory.threads, streaming_heap_mb: round(memory.streamingMb, 1), collecting_heap_mb: round(memory.collectingMb, 1) },
  }),
  ...(firstThread && {
    first_thread: { rtt_ms: ms(firstThread.rtt), library_ms: ms(firstThread.library), ratio: round(firstThread.library.median / firstThread.rtt.median, 3) },
  }),
  ...(decode && {
    decode: {
      json_parse_per_s: Math.round(decode.jsonParse.median),
      decode_per_s: Math.round(decode.decode.median),
      // Cost of decoding relative to JSON.parse of the same bytes (lower is better).
      ratio: round(decode.jsonParse.median / decode.decode.median, 3),
    },
  }),
  ...(scaling && { scaling: scaling.map((row) => ({ workers: row.workers, pages_total: row.pagesTotal, pages_per_worker: row.pagesPerWorker, requests_per_s: row.requestsPerSecond, budget_per_s: row.budgetPerSecond })) }),
  meta: {
    mode: quick ? 'quick' : 'full',
    node: process.version,
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? 'unknown',
    loadavg: loadavg().map((l) => round(l, 2)),
    wall_s: round(wallSeconds, 1),
    date: new Date().toISOString(),
    sizes: Object.fromEntries(Object.entries(SIZES).filter(([name]) => wanted(name as Measurement))),
  },
  spread: {
    ...(walk && {
      walk: {
        raw: spread(walk.raw),
        library: spread(walk.library),
        business_sdk: spread(walk.businessSdk),
        fb: spread(walk.fb),
        client_cpu_ms: { raw: spread(walk.cpu.raw), library: spread(walk.cpu.library), business_sdk: spread(walk.cpu.businessSdk), fb: spread(walk.cpu.fb) },
        client_cpu_ratio: round(walk.cpu.library.median / walk.cpu.raw.median, 3),
      },
    }),
    ...(folders && {
      folders: {
        sequential: spread(folders.sequential),
        merged: spread(folders.merged),
        slowest_folder: spread(folders.slowestFolder),
        merged_over_slowest: round(folders.merged.median / folders.slowestFolder.median, 3),
      },
    }),
    ...(firstThread && { first_thread: { rtt: spread(firstThread.rtt), library: spread(firstThread.library) } }),
    ...(decode && { decode: { json_parse_per_s: spread(decode.jsonParse), decode_per_s: spread(decode.decode) } }),
    ...(memory && { memory: { streaming_retained_mb: round(memory.streamingRetainedMb, 1), streaming_live_mb: round(memory.streamingLiveMb, 1) } }),
    ...(poll && { poll: { first_poll: poll.firstPoll, polls: poll.polls } }),
  },
};
writeFileSync(values.out as string, `${JSON.stringify(results, null, 2)}\n`);

// ---------------------------------------------------------------------------------------
// table
// ---------------------------------------------------------------------------------------

type Row = [measurement: string, what: string, value: string, range: string, target: string, verdict: string];
const rows: Row[] = [];
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const timing = (s: Stat) => [`${fmt(s.median)} ms`, `${fmt(s.min)}-${fmt(s.max)}`] as const;
const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

if (walk) {
  const n = `${fmt(SIZES.walk.threads)} threads, limit ${SIZES.walk.limit}`;
  rows.push(['1. walk', `(a) raw cross-fetch loop [${n}]`, ...timing(walk.raw), 'floor', '']);
  rows.push(['', '(b) conversations$ (decoded)', ...timing(walk.library), '', '']);
  rows.push(['', '(c) facebook-nodejs-business-sdk', ...timing(walk.businessSdk), '', '']);
  rows.push(['', '(d) fb, manual paging', ...timing(walk.fb), '', '']);
  const ratio = walk.library.median / walk.raw.median;
  rows.push(['', '(b)/(a)', fmt(ratio, 2), `${fmt(walk.library.min / walk.raw.max, 2)}-${fmt(walk.library.max / walk.raw.min, 2)}`, '<= 1.10', verdict(ratio <= 1.1)]);
  const c = walk.cpu;
  rows.push(['', 'client CPU per walk (a) (b) (c) (d)', `${fmt(c.raw.median)}, ${fmt(c.library.median)}, ${fmt(c.businessSdk.median)}, ${fmt(c.fb.median)} ms`, `(b)/(a) ${fmt(c.library.median / c.raw.median, 2)}`, '', '']);
  const faster = walk.library.median < walk.businessSdk.median && walk.library.median < walk.fb.median;
  rows.push(['', '(b)/(c), (b)/(d)', `${fmt(walk.library.median / walk.businessSdk.median, 2)}, ${fmt(walk.library.median / walk.fb.median, 2)}`, '', '< 1 (b faster)', verdict(faster)]);
}
if (poll) {
  const targets: Record<number, number> = { 0: 1, 1: 1, 10: 1, 100: 5 };
  for (const p of poll.polls) {
    const target = targets[p.changed] ?? Math.ceil((p.changed + 1) / SIZES.poll.limit);
    rows.push([p.changed === 0 ? '2. poll' : '', `pollDiff, ${p.changed} changed [${fmt(SIZES.poll.threads)} threads, limit ${SIZES.poll.limit}]`, `${p.requests} req`, '', `${target}`, verdict(p.requests <= target)]);
  }
  rows.push(['', 'naive full refetch', `${poll.naive} req`, '', '', '']);
}
if (folders) {
  rows.push(['3. folders', `one after another [4 x ${fmt(SIZES.folders.threadsPerFolder)}, ${SIZES.folders.latencyMs} ms latency]`, ...timing(folders.sequential), '', '']);
  rows.push(['', 'mergeFolders', ...timing(folders.merged), '', '']);
  const ratio = folders.merged.median / folders.sequential.median;
  rows.push(['', 'slowest single folder (the bound)', ...timing(folders.slowestFolder), '', '']);
  rows.push(['', 'merged/sequential', fmt(ratio, 2), `merged/slowest ${fmt(folders.merged.median / folders.slowestFolder.median, 2)}`, '~0.25', verdict(ratio <= 0.3)]);
}
if (memory) {
  rows.push(['4. memory', `streaming, peak heap growth [${fmt(memory.threads)} threads]`, `${fmt(memory.streamingMb, 1)} MB`, `retained ${fmt(memory.streamingRetainedMb, 1)} MB`, '< 30 MB', verdict(memory.streamingMb < 30)]);
  rows.push(['', 'streaming, live heap growth (GC at every tenth)', `${fmt(memory.streamingLiveMb, 1)} MB`, '', '', '']);
  rows.push(['', 'collecting into an array', `${fmt(memory.collectingMb, 1)} MB`, '', '', '']);
}
if (firstThread) {
  rows.push(['5. first thread', `one round trip [${SIZES.firstThread.latencyMs} ms latency]`, ...timing(firstThread.rtt), '', '']);
  rows.push(['', 'conversations$ first thread', ...timing(firstThread.library), '', '']);
  const ratio = firstThread.library.median / firstThread.rtt.median;
  rows.push(['', 'ratio', fmt(ratio, 2), '', '<= 1.2', verdict(ratio <= 1.2)]);
}
if (decode) {
  const perS = (s: Stat) => [`${fmt(s.median)} /s`, `${fmt(s.min)}-${fmt(s.max)}`] as const;
  rows.push(['6. decode', `JSON.parse, threads/s [${fmt(decode.threads)} threads, ${fmt(decode.bytes / 1024)} KiB]`, ...perS(decode.jsonParse), '', '']);
  rows.push(['', 'page decoder, threads/s', ...perS(decode.decode), '', '']);
  rows.push(['', 'decode cost / JSON.parse cost', fmt(decode.jsonParse.median / decode.decode.median, 2), '', 'small', '']);
}

const header: Row = ['measurement', 'what', 'median', 'min-max', 'target', ''];
const widths = header.map((_, i) => Math.max(...[header, ...rows].map((row) => row[i]?.length ?? 0)));
const line = (row: Row) => `| ${row.map((cell, i) => cell.padEnd(widths[i] ?? 0)).join(' | ')} |`;
console.log(line(header));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const row of rows) console.log(line(row));
if (scaling) console.log(`\n${formatScaling(scaling, SCALING_QUICK)}`);
console.log(`\n${quick ? 'quick' : 'full'} run: ${wallSeconds.toFixed(1)} s wall; results in ${values.out}`);
