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
