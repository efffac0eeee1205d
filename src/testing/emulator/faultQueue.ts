/**
 * Injected faults, applied deterministically: each fault skips its first `after`
 * matching requests, then takes the next `times` matching ones. When several faults
 * could take a request, the one injected first wins; every matching fault still counts
 * the request towards its own `after`.
 */
import type { Fault, FaultHandle } from './faultTypes';

/**
 * Which requests an injected fault applies to (see `Emulator.inject`).
 *
 * @example
 * ```ts
 * const when: FaultWhen = { after: 2, times: Infinity, path: '/messages' };
 * emulator.inject({ kind: 'reset' }, when);
 * ```
 */
export interface FaultWhen {
  /** Matching requests to let through first; default 0. */
  readonly after?: number;
  /** Matching requests to apply the fault to after that; default 1, `Infinity` allowed. */
  readonly times?: number;
  /** A string matches decoded paths containing it; a RegExp is tested against the decoded path. Default: every request. */
  readonly path?: string | RegExp;
}

interface Entry {
  readonly fault: Fault;
  readonly path: string | RegExp | undefined;
  skip: number;
  remaining: number;
}

export class FaultQueue {
  private entries: Entry[] = [];

  inject(fault: Fault, when: FaultWhen = {}): FaultHandle {
    const after = when.after ?? 0;
    const times = when.times ?? 1;
    if (!Number.isInteger(after) || after < 0) throw new Error(`emulator.inject: after must be a whole number >= 0, got ${after}`);
    if (!(times === Infinity || (Number.isInteger(times) && times >= 0))) {
      throw new Error(`emulator.inject: times must be a whole number >= 0 or Infinity, got ${times}`);
    }
    checkFault(fault, 'emulator.inject');
    const entry: Entry = { fault, path: when.path, skip: after, remaining: times };
    if (times > 0) this.entries.push(entry);
    return {
      remaining: () => entry.remaining,
      cancel: () => {
        entry.remaining = 0;
        this.entries = this.entries.filter((other) => other !== entry);
      },
    };
  }

  /** The fault to apply to a request on `path`, if any (consuming one use of it). */
  take(path: string): Fault | undefined {
    let chosen: Entry | undefined;
    for (const entry of this.entries) {
      if (!matches(entry.path, path)) continue;
      if (entry.skip > 0) entry.skip -= 1;
      else if (chosen === undefined) chosen = entry;
    }
    if (chosen === undefined) return undefined;
    chosen.remaining -= 1;
    if (chosen.remaining <= 0) this.entries = this.entries.filter((entry) => entry !== chosen);
    return chosen.fault;
  }

  clear(): void {
    for (const entry of this.entries) entry.remaining = 0;
    this.entries = [];
  }
}

/** Throws on a fault whose numbers make no sense (negative delays, fractional sizes). */
export function checkFault(fault: Fault, where: string): void {
  if (fault.kind === 'latency' && !(fault.ms >= 0)) throw new Error(`${where}: latency ms must be >= 0, got ${fault.ms}`);
  if (fault.kind === 'trickle' && fault.intervalMs !== undefined && !(fault.intervalMs >= 1 && Number.isFinite(fault.intervalMs))) {
    throw new Error(`${where}: trickle intervalMs must be a finite number >= 1, got ${fault.intervalMs}`);
  }
  if (fault.kind === 'huge' && fault.bytes !== undefined && !(Number.isSafeInteger(fault.bytes) && fault.bytes >= 11)) {
    throw new Error(`${where}: huge bytes must be a whole number >= 11, got ${fault.bytes}`);
  }
}

function matches(pattern: string | RegExp | undefined, path: string): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern === 'string') return path.includes(pattern);
  pattern.lastIndex = 0; // a global/sticky RegExp would otherwise remember its last match
  return pattern.test(path);
}
