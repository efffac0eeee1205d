/**
 * Starts {@link ./emulatorProcess.ts} in a child process and talks to it over IPC.
 */
import { fileURLToPath } from 'node:url';
import type { EmulatorOptions, Folder } from '../src/testing/index';
import type { Command, Ready } from './emulatorProcess';
import { startChild } from './childRpc';

export interface RemoteEmulator extends Ready {
  setLatency(ms: number): Promise<void>;
  clearRequests(): Promise<void>;
  requestCount(): Promise<number>;
  threadIds(pageId: string, folder: Folder): Promise<string[]>;
  addMessages(pageId: string, threadIds: readonly string[]): Promise<void>;
  close(): Promise<void>;
}

const SCRIPT = fileURLToPath(new URL('./emulatorProcess.ts', import.meta.url));

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/**
 * The access token every bench server takes, shaped like a Page token: `EAA` and base62,
 * 200 characters in all. Why not the emulator's default (`emulator-page-token`): the
 * library looks for its token in every body it parses (Graph echoes it in each paging
 * URL), and a short token of common letters is the worst case of that search, measured
 * 6x slower (~12 µs against ~2 µs a 38 KiB page), a cost no client of the real Graph pays.
 */
export const BENCH_TOKEN = `EAA${Array.from({ length: 197 }, (_, i) => BASE62[(i * 7919 + 13) % BASE62.length]).join('')}`;

/**
 * The emulator in a child process. Unless `options` says otherwise, its token is
 * {@link BENCH_TOKEN} and it writes JSON as Graph does (`json: 'graph'`: `\/`, `\u00e9`, `%`
 * as `\u0025`): pure ASCII bodies, which V8 holds as one-byte strings (plain JSON with an
 * accent or an emoji is a two-byte string, slower to decode and to parse), and the escapes
 * the library's token search must step through.
 */
export async function startRemoteEmulator(options: EmulatorOptions): Promise<RemoteEmulator> {
  // BENCH_EMULATOR_ARGS adds node flags to the emulator process, e.g. '--cpu-prof'.
  const execArgv = ['--import', 'tsx', ...(process.env['BENCH_EMULATOR_ARGS']?.split(' ').filter(Boolean) ?? [])];
  const child = await startChild<Ready, Command>(SCRIPT, [JSON.stringify({ accessToken: BENCH_TOKEN, json: 'graph', ...options })], execArgv, { op: 'close' });
  const { call } = child;
  return {
    ...child.ready,
    setLatency: async (ms) => void (await call({ op: 'setLatency', ms })),
    clearRequests: async () => void (await call({ op: 'clearRequests' })),
    requestCount: async () => (await call({ op: 'requestCount' })) as number,
    threadIds: async (pageId, folder) => (await call({ op: 'threadIds', pageId, folder })) as string[],
    addMessages: async (pageId, threadIds) => void (await call({ op: 'addMessages', pageId, threadIds })),
    close: () => child.close(),
  };
}
