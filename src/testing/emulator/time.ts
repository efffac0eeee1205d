/**
 * Graph time format and the emulator's logical clock. Graph writes times as
 * `2024-03-01T12:30:05+0000` (seconds, `+0000`, no `Z`).
 */

/** Formats epoch milliseconds the way Graph does. */
export function formatGraphTime(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19)}+0000`;
}

/** Parses an ISO time (`+0000`, `+00:00` or `Z`); throws on garbage so bad options fail fast. */
export function parseGraphTime(text: string): number {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new Error(`startEmulator: invalid time ${JSON.stringify(text)}, expected e.g. '2024-03-01T12:00:00+0000'`);
  // Graph times have one-second resolution; keep the clock on whole seconds.
  return Math.floor(ms / 1000) * 1000;
}

/**
 * Time for mutations: each tick is at least one second after the previous one and never
 * before the base, so every change gets a strictly newer `updated_time` than anything
 * seeded (seeded data lies before the base).
 */
export class LogicalClock {
  private last: number;

  constructor(private readonly baseMs: number) {
    this.last = baseMs - 1000;
  }

  tick(): number {
    this.last = Math.max(this.last + 1000, this.baseMs);
    return this.last;
  }

  /** The latest time handed out, or the base before any tick. */
  get now(): number {
    return Math.max(this.last, this.baseMs);
  }

  get base(): number {
    return this.baseMs;
  }
}
