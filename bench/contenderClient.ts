/**
 * Starts {@link ./contenderProcess.ts} (bundled by bench/build.mjs into
 * `bench/.contender.mjs`) for one contender and asks it for walks.
 */
import { fileURLToPath } from 'node:url';
import { startChild } from './childRpc';
import type { Contender, WalkTarget } from './contenders';
import type { ContenderCommand, MeasuredWalk } from './contenderProcess';

/** A contender in its own process. */
export interface RemoteContender {
  readonly name: Contender;
  /** One walk, measured in the contender's process. */
  walk(): Promise<MeasuredWalk>;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./.contender.mjs', import.meta.url));

export async function startContender(name: Contender, target: WalkTarget): Promise<RemoteContender> {
  // BENCH_CONTENDER_ARGS adds node flags to every contender process, e.g. '--cpu-prof'.
  const execArgv = process.env['BENCH_CONTENDER_ARGS']?.split(' ').filter(Boolean) ?? [];
  const child = await startChild<{ name: Contender }, ContenderCommand>(SCRIPT, [JSON.stringify({ name, target })], execArgv, { op: 'close' });
  return { name, walk: async () => (await child.call({ op: 'walk' })) as MeasuredWalk, close: () => child.close() };
}
