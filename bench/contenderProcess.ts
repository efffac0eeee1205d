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
import { serveRpc } from './childRpc';
import { contenderWalk, type Contender, type WalkTarget } from './contenders';
import { cpuSince, since } from './stats';

export type ContenderCommand = { readonly op: 'walk' } | { readonly op: 'close' };

/** One walk as the contender's process measured it. */
export interface MeasuredWalk {
  readonly count: number;
  readonly wallMs: number;
  readonly cpuMs: number;
}

const { name, target } = JSON.parse(process.argv[2] ?? '{}') as { name: Contender; target: WalkTarget };
const walk = contenderWalk(name, target);

serveRpc<ContenderCommand>(
  { name },
  async (command) => {
    if (command.op === 'close') return null;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const count = await walk();
    const measured: MeasuredWalk = { count, wallMs: since(t0), cpuMs: cpuSince(c0) };
    return measured;
  },
  (command) => command.op === 'close',
);
