/**
 * 3. Folders in parallel: four folders of a Page, each with the same number of threads,
 * with a fixed emulator latency per request. `mergeFolders` against walking the folders
 * one after another. Order alternates across runs. The slowest single folder of the
 * sequential runs is the bound a parallel read can reach.
 */
import type { Observable } from 'rxjs';
import { conversations$, FOLDERS, mergeFolders, type Folder } from '../src/index';
import { startRemoteEmulator } from './emulatorClient';
import { since, stat, type Stat } from './stats';

export interface FoldersConfig {
  readonly threadsPerFolder: number;
  readonly latencyMs: number;
  readonly limit: number;
  readonly runs: number;
  readonly warmup: number;
}

export interface FoldersResult {
  readonly sequential: Stat;
  readonly merged: Stat;
  /** The slowest single folder of each sequential run: the bound for a parallel read. */
  readonly slowestFolder: Stat;
}

const PAGE_ID = '1001';

const count = (source: Observable<unknown>): Promise<number> =>
  new Promise((resolve, reject) => {
    let n = 0;
    source.subscribe({ next: () => void (n += 1), error: reject, complete: () => resolve(n) });
  });

export async function runFolders(config: FoldersConfig, log: (line: string) => void): Promise<FoldersResult> {
  const perFolder = Object.fromEntries(FOLDERS.map((folder) => [folder, config.threadsPerFolder])) as Record<Folder, number>;
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: perFolder } }], latencyMs: config.latencyMs });
  try {
    const walk = (folder: Folder) => conversations$(PAGE_ID, { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: config.limit, folder });
    const total = FOLDERS.length * config.threadsPerFolder;
    const times = { sequential: [] as number[], merged: [] as number[], slowestFolder: [] as number[] };
    // One after another, as `concat(...FOLDERS.map(walk))` would, timing each folder too.
    const sequential = async (): Promise<{ ms: number; slowest: number; n: number }> => {
      const start = performance.now();
      let slowest = 0;
      let n = 0;
      for (const folder of FOLDERS) {
        const t0 = performance.now();
        n += await count(walk(folder));
        slowest = Math.max(slowest, since(t0));
      }
      return { ms: since(start), slowest, n };
    };
    const merged = async (): Promise<{ ms: number; n: number }> => {
      const start = performance.now();
      const n = await count(mergeFolders(FOLDERS, walk));
      return { ms: since(start), n };
    };
    for (let round = 0; round < config.warmup + config.runs; round++) {
      const results = round % 2 === 0 ? [await sequential(), await merged()] : [await merged(), await sequential()].reverse();
      const [seq, par] = results as [{ ms: number; slowest: number; n: number }, { ms: number; n: number }];
      for (const [name, n] of [['sequential', seq.n], ['merged', par.n]] as const) {
        if (n !== total) throw new Error(`folders ${name}: got ${n} threads, expected ${total}`);
      }
      if (round >= config.warmup) {
        times.sequential.push(seq.ms);
        times.merged.push(par.ms);
        times.slowestFolder.push(seq.slowest);
      }
      log(`  folders round ${round + 1}/${config.warmup + config.runs}${round < config.warmup ? ' (warm-up)' : ''}`);
    }
    return { sequential: stat(times.sequential), merged: stat(times.merged), slowestFolder: stat(times.slowestFolder) };
  } finally {
    await emulator.close();
  }
}
