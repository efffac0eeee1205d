/**
 * `npm run bench:compare -- <rev>`: the library at a git revision against the working
 * tree, in one process, for changes too small for the full bench to show. On this kind of
 * machine the same walk varies by 10-20% from run to run and between processes, which
 * hides a 5% change; two builds walked alternately in one process see the same machine
 * state, so the median of the per-round ratios shows it (with its IQR).
 *
 * The launcher (`compare.mjs`) extracts the revision's `src/` and bundles this module with
 * both copies of the library (esbuild, like the package); this module runs the walks:
 * `before` and `after` alternate in rotating order, each round after a busy check, on the
 * static server (client cost only) or the emulator.
 */
import { startRemoteEmulator } from './emulatorClient';
import { recordPages, startStaticServers } from './staticServer';
import { interleave, NoiseMeter, pairedRatio, quantile, type PairedRatio } from './stats';
import { libraryWalk, PAGE_ID, walkFirstUrl, type WalkSource } from './contenders';

export interface CompareOptions {
  readonly rev: string;
  readonly rounds: number;
  readonly warmup: number;
  readonly threads: number;
  readonly limit: number;
  readonly server: 'static' | 'emulator';
  /** Walk with `prefetch: 1`. */
  readonly prefetch: boolean;
}

const show = (r: PairedRatio) => `${r.median.toFixed(3)} (IQR ${r.q1.toFixed(3)}-${r.q3.toFixed(3)}, ${r.rounds} rounds)`;

/** Walks `before` and `after` alternately and prints the paired ratios after / before. */
export async function compare(before: WalkSource, after: WalkSource, options: CompareOptions): Promise<void> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: options.threads } } }], latencyMs: 0 });
  const firstUrl = walkFirstUrl(emulator.url, options.limit);
  const servers = options.server === 'static' ? await startStaticServers(await recordPages(firstUrl, emulator.url, emulator.accessToken)) : undefined;
  try {
    const origin = servers?.http ?? emulator.url;
    const noise = new NoiseMeter();
    const walk = (source: WalkSource, name: string) => async () => {
      const count = await libraryWalk(origin, emulator.accessToken, PAGE_ID, options.limit, options.prefetch ? { prefetch: 1 } : {}, source);
      if (count !== options.threads) throw new Error(`${name}: got ${count} threads, expected ${options.threads}`);
    };
    const { cpu, wall } = await interleave(
      [
        ['before', walk(before, 'before')],
        ['after', walk(after, 'after')],
      ],
      { rounds: options.rounds, warmup: options.warmup, noise, log: () => undefined, label: 'compare' },
    );
    const median = (values: number[]) => quantile([...values].sort((a, b) => a - b), 0.5);
    const verdict = noise.summary();
    console.log(`${options.server} server, ${options.threads} threads, limit ${options.limit}${options.prefetch ? ', prefetch: 1' : ''}; before = ${options.rev}, after = working tree`);
    console.log(`  median client CPU per walk: before ${median(cpu.before).toFixed(0)} ms, after ${median(cpu.after).toFixed(0)} ms`);
    console.log(`  after / before, client CPU: ${show(pairedRatio(cpu.after, cpu.before))}`);
    console.log(`  after / before, wall:       ${show(pairedRatio(wall.after, wall.before))}`);
    console.log(`  machine: spin stretch median ${verdict.median_stretch} (max ${verdict.max_stretch})${verdict.busy ? ' BUSY: not to be trusted' : ''}`);
  } finally {
    await servers?.close();
    await emulator.close();
  }
}
