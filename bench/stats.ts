/** Median, min and max over repeated runs, after warm-up runs that are thrown away. */

export interface Stat {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  readonly runs: number;
}

export function stat(values: readonly number[]): Stat {
  if (values.length === 0) throw new Error('stat: no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 === 1 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  return { median, min: sorted[0] as number, max: sorted[sorted.length - 1] as number, runs: values.length };
}

/** Milliseconds since `start` (a `performance.now()` value). */
export const since = (start: number): number => performance.now() - start;

/** Runs `once` `warmup` times (discarded), then `runs` times; returns the timings. */
export async function measure(runs: number, warmup: number, once: () => Promise<number>): Promise<Stat> {
  for (let i = 0; i < warmup; i++) await once();
  const values: number[] = [];
  for (let i = 0; i < runs; i++) values.push(await once());
  return stat(values);
}

/** Calls `global.gc` when the process was started with `--expose-gc`. */
export function gc(): void {
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect === undefined) throw new Error('run with node --expose-gc (npm run bench does)');
  collect();
  collect();
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};

/** A ratio over paired rounds: the median of the per-round ratios, with its interquartile range. */
export interface PairedRatio {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly rounds: number;
}

/** The p-quantile (0..1) of sorted values, linear between neighbours. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * p;
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return (sorted[lo] as number) + ((sorted[hi] as number) - (sorted[lo] as number)) * (at - lo);
}

/** Per-round ratios a[i] / b[i] (same round, same machine state), summarised. */
export function pairedRatio(a: readonly number[], b: readonly number[]): PairedRatio {
  if (a.length !== b.length || a.length === 0) throw new Error('pairedRatio: rounds differ');
  const ratios = a.map((x, i) => x / (b[i] as number)).sort((x, y) => x - y);
  return { median: quantile(ratios, 0.5), q1: quantile(ratios, 0.25), q3: quantile(ratios, 0.75), rounds: ratios.length };
}

/**
 * How busy the machine is, from the client's side: a fixed CPU-bound loop, timed by the
 * wall clock and by this process's CPU clock. On an idle core both agree (stretch 1.0);
 * when other processes take the core, the wall time stretches. Cheap (~20 ms of CPU).
 */
export function spinStretch(spinMs = 20): number {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let x = 0;
  for (;;) {
    for (let i = 0; i < 20_000; i++) x = (x * 1_103_515_245 + 12_345) % 2_147_483_648;
    const used = process.cpuUsage(cpu0);
    if ((used.user + used.system) / 1000 >= spinMs) break;
  }
  if (x === -1) console.log(x); // keeps the loop from being optimised away
  const cpu = process.cpuUsage(cpu0);
  return since(t0) / ((cpu.user + cpu.system) / 1000);
}

/** Samples of {@link spinStretch} taken between rounds, and the verdict. */
export class NoiseMeter {
  private readonly samples: number[] = [];
  /** A median stretch above this means other processes took a noticeable share of the core. */
  static readonly BUSY_STRETCH = 1.1;

  sample(): void {
    this.samples.push(spinStretch());
  }

  summary(): { readonly median_stretch: number; readonly max_stretch: number; readonly samples: number; readonly busy: boolean } {
    const sorted = [...this.samples].sort((a, b) => a - b);
    if (sorted.length === 0) this.sample();
    if (sorted.length === 0) return this.summary();
    const median = quantile(sorted, 0.5);
    return { median_stretch: round(median, 3), max_stretch: round(sorted[sorted.length - 1] ?? Number.NaN, 3), samples: sorted.length, busy: !(median <= NoiseMeter.BUSY_STRETCH) };
  }
}

/** Client CPU (user + system) in ms since `start` (a `process.cpuUsage()` value). */
export const cpuSince = (start: NodeJS.CpuUsage): number => {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
};

/** A run's own measurement, taken where it ran (another process): used instead of this process's clocks. */
export interface Measured {
  readonly wallMs: number;
  readonly cpuMs: number;
}

/**
 * Runs contenders in rotating order for `warmup + rounds` rounds (a b c, b c a, c a b,
 * ...), recording wall and client CPU of each (as this process measured them, or as the
 * run reports them: {@link Measured}); warm-up rounds are left out of `wall` and `cpu`,
 * but kept apart, in order (`warmupRounds`: what fresh and still-compiling processes
 * cost). Samples the machine's noise before every round.
 */
export async function interleave<K extends string>(
  contenders: ReadonlyArray<readonly [K, () => Promise<Measured | void>]>,
  options: {
    readonly rounds: number;
    readonly warmup: number;
    /** Where the rotation starts (the rounds run before, when one series of rounds is split over several calls), so every order comes up as often. */
    readonly firstOrder?: number | undefined;
    readonly noise: NoiseMeter;
    readonly log: (line: string) => void;
    readonly label: string;
  },
): Promise<{ wall: Record<K, number[]>; cpu: Record<K, number[]>; warmupRounds: { wall: Record<K, number[]>; cpu: Record<K, number[]> } }> {
  const perContender = () => Object.fromEntries(contenders.map(([k]) => [k, [] as number[]])) as Record<K, number[]>;
  const wall = perContender();
  const cpu = perContender();
  const warmupRounds = { wall: perContender(), cpu: perContender() };
  const total = options.warmup + options.rounds;
  for (let r = 0; r < total; r++) {
    options.noise.sample();
    // The warm-up rounds take the orders just before the measured ones, so the measured rounds of consecutive calls rotate on.
    const shift = (options.firstOrder ?? 0) + r - options.warmup + total * contenders.length;
    const order = contenders.map((_, i) => contenders[(i + shift) % contenders.length] as (typeof contenders)[number]);
    for (const [name, run] of order) {
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const own = await run();
      const ms = own?.wallMs ?? since(t0);
      const cpuMs = own?.cpuMs ?? cpuSince(c0);
      if (r >= options.warmup) {
        wall[name].push(ms);
        cpu[name].push(cpuMs);
      } else {
        warmupRounds.wall[name].push(ms);
        warmupRounds.cpu[name].push(cpuMs);
      }
    }
    options.log(`  ${options.label} round ${r + 1}/${total}${r < options.warmup ? ' (warm-up)' : ''}`);
  }
  return { wall, cpu, warmupRounds };
}
