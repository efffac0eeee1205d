/**
 * One walk contender in a process of its own (see contenderClient.ts), so that no
 * contender pays for another's garbage or runs on the JIT state another left: in one
 * process, a contender's major GCs (a raw loop that made an AbortController per request
 * caused 3 in 12 walks; the library's walks none) and the concurrent marking behind them
 * landed on whichever contender ran next, and `process.cpuUsage()` counts the GC's helper
 * threads too. A user's app runs one client, not eight.
 *
 * Bundled like the package (bench/build.mjs), not run through tsx (see build.mjs). The
 * contender and its target arrive as one JSON argv; each `walk` command runs one walk and
 * answers with the threads counted, its wall time and this process's CPU (user + system,
 * GC threads included), both measured here, so the IPC round trip is in neither.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { serveRpc } from './childRpc';
import { contenderWalk, type Contender, type WalkTarget } from './contenders';
import { cpuSince, since } from './stats';

export type ContenderCommand = { readonly op: 'walk' } | { readonly op: 'close' };

/** One walk as the contender's process measured it. */
export interface MeasuredWalk {
  readonly count: number;
  readonly wallMs: number;
  readonly cpuMs: number;
  /**
   * Major collections (mark-compact) this process finished during the walk: their
   * concurrent marking runs on helper threads, in `cpuMs` but in no profile of the main
   * thread. Counted as the observer hears of them, so one that ends in the walk's last
   * turn may count for the next walk.
   */
  readonly majorGcs: number;
}

let majorGcs = 0;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) if ((entry as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) majorGcs += 1;
}).observe({ entryTypes: ['gc'] });

const { name, target } = JSON.parse(process.argv[2] ?? '{}') as { name: Contender; target: WalkTarget };
const walk = contenderWalk(name, target);

serveRpc<ContenderCommand>(
  { name },
  async (command) => {
    if (command.op === 'close') return null;
    const majors0 = majorGcs;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await walk();
    const measured: MeasuredWalk = { count, wallMs: since(t0), cpuMs: cpuSince(c0), majorGcs: majorGcs - majors0 };
    return measured;
  },
  (command) => command.op === 'close',
);
