// `npm start`: starts the Graph emulator and streams a Page's inbox to the terminal with
// the library, folder by folder, then keeps the emulator up for you to explore.
import { parseArgs } from 'node:util';
import { concat, map, tap } from 'rxjs';
import { conversations$, FOLDERS, GraphError, type Thread } from '../src/index';
import { startEmulator } from '../src/testing/index';

const { values } = parseArgs({
  options: {
    page: { type: 'string', default: '1001' },
    port: { type: 'string', default: '0' },
    limit: { type: 'string', default: '25' },
    once: { type: 'boolean', default: false },
  },
});

function line(folder: string, thread: Thread, pageIdShown: string): string {
  const who = thread.participants?.data.filter((p) => p.id !== pageIdShown).map((p) => ('username' in p ? `@${p.username}` : (p.name ?? p.id))).join(', ') ?? '';
  const unread = thread.unread_count === undefined ? '  ' : `(${thread.unread_count})`;
  return `${folder.padEnd(9)} ${thread.updated_time.toISOString().slice(0, 16)} ${unread} ${who.slice(0, 32).padEnd(32)} ${thread.snippet ?? ''}`;
}

async function main(): Promise<void> {
  const emulator = await startEmulator({ port: Number(values.port) });
  const pageId = values.page ?? '1001';
  const opts = { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: Number(values.limit) };
  console.log(`Graph emulator on ${emulator.url} (token: the emulator's test token; pages ${emulator.pageIds.join(', ')})`);
  console.log(`Streaming every folder of Page ${pageId} with conversations$...\n`);

  let count = 0;
  const walk = concat(...FOLDERS.map((folder) => conversations$(pageId, { ...opts, folder }).pipe(map((thread) => line(folder, thread, pageId)))));
  walk.pipe(tap(() => (count += 1))).subscribe({
    next: (text) => console.log(text),
    error: async (error: unknown) => {
      console.error(error instanceof GraphError ? `${error.kind}: ${error.message}` : error);
      await emulator.close();
      process.exitCode = 1;
    },
    complete: async () => {
      const requests = emulator.requests.length;
      console.log(`\n${count} threads in ${requests} requests.`);
      if (values.once) {
        await emulator.close();
        return;
      }
      console.log(`The emulator stays up: try  curl -H 'Authorization: Bearer ${emulator.accessToken}' '${emulator.url}/v19.0/${pageId}/conversations?fields=snippet,participants&limit=2'`);
      console.log('Ctrl-C to stop.');
    },
  });
  process.once('SIGINT', () => void emulator.close().then(() => process.exit(0)));
}

void main();
