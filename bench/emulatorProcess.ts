/**
 * The Graph emulator in its own process, so that its CPU and heap stay out of the
 * measurements of the client (on 2 cores: one core serves, one core is the client).
 *
 * Started by {@link ./emulatorClient.ts} with `child_process.fork` and `--import tsx`;
 * its options (pages, latency) arrive as one JSON argv. It answers on the fork's IPC
 * channel: first `{ ready: { url, accessToken, pageIds } }`, then one reply per command
 * (`{ id, result }` or `{ id, error }`). The commands are the few the benchmarks need
 * from the emulator's own API: latency, the request log, mutations, thread ids.
 * The HTTP server binds 127.0.0.1 only.
 */
import { startEmulator } from '../src/testing/index';
import type { EmulatorOptions, Folder } from '../src/testing/index';
import { serveRpc } from './childRpc';

export type Command =
  | { readonly op: 'setLatency'; readonly ms: number }
  | { readonly op: 'clearRequests' }
  /** How many requests hit `/conversations` since the last clear. */
  | { readonly op: 'requestCount' }
  /** Ids of a folder's threads, newest first. */
  | { readonly op: 'threadIds'; readonly pageId: string; readonly folder: Folder }
  /** One new message in each thread, in order (each moves to the front). */
  | { readonly op: 'addMessages'; readonly pageId: string; readonly threadIds: readonly string[] }
  | { readonly op: 'close' };

export interface Ready {
  readonly url: string;
  readonly accessToken: string;
  readonly pageIds: readonly string[];
}

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as EmulatorOptions;
  const emulator = await startEmulator({ ...options, host: '127.0.0.1' });
  const run = async (command: Command): Promise<unknown> => {
    switch (command.op) {
      case 'setLatency':
        emulator.setLatency(command.ms);
        return null;
      case 'clearRequests':
        emulator.clearRequests();
        return null;
      case 'requestCount':
        return emulator.requests.filter((r) => r.path.endsWith('/conversations')).length;
      case 'threadIds':
        return emulator.threads(command.pageId, { folder: command.folder, platform: 'MESSENGER' }).map((t) => t.id);
      case 'addMessages':
        for (const id of command.threadIds) emulator.addMessage(command.pageId, id);
        return null;
      case 'close':
        await emulator.close();
        return null;
    }
  };

  const ready: Ready = { url: emulator.url, accessToken: emulator.accessToken, pageIds: emulator.pageIds };
  serveRpc<Command>(ready, run, (command) => command.op === 'close');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
