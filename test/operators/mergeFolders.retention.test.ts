// mergeFolders asks a folder for its next page once half of the current one was taken,
// so a lane that waits on the other folders may never run empty. It must still let go of
// every thread it has passed on: checked with the collector itself, WeakRefs to the first
// page's threads must be cleared while the last page is on its way.
import { tap } from 'rxjs';
import { conversations$, mergeFolders, type FetchLike, type Folder } from '../../src/index';
import { gc, nextTask, signal } from '../support/collector';

const PAGES = 6;
const PER_PAGE = 4;
const BASE = Date.parse('2024-03-01T12:00:00Z');
const graphTime = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '+0000');

/** Two folders whose threads alternate in time; the inbox's last page waits for `release`. */
function twoFolders() {
  const { fired: lastAsked, fire: asked } = signal();
  const { fired: released, fire: release } = signal();
  const fetch: FetchLike = async (url) => {
    const query = new URL(url).searchParams;
    const folder = query.get('folder') ?? 'inbox';
    const at = Number(query.get('after') ?? 0);
    const offset = folder === 'inbox' ? 0 : 1;
    if (folder === 'inbox' && at === PAGES - 1) {
      asked();
      await released;
    }
    // The inbox answers later than the other folder: the inbox lane runs dry first, so the
    // other lane gets its next page while it still holds threads, and never runs empty.
    if (folder === 'inbox') for (let i = 0; i < 3; i++) await nextTask();
    const data = Array.from({ length: PER_PAGE }, (_, i) => {
      const n = at * PER_PAGE + i;
      return { id: `t_${folder}_${n}`, updated_time: graphTime(BASE - (2 * n + offset) * 1000), snippet: 'x'.repeat(1000) };
    });
    const next = at + 1 < PAGES ? { paging: { next: `http://127.0.0.1:9/v19.0/1001/conversations?folder=${folder}&after=${at + 1}` } } : {};
    const body = JSON.stringify({ data, ...next });
    return { ok: true, status: 200, headers: { get: () => null }, text: async () => body };
  };
  return { fetch, lastAsked, release };
}


it('mergeFolders holds no thread it has passed on while a later page is on its way', async () => {
  const graph = twoFolders();
  const firstPage: Array<WeakRef<object>> = [];
  let emitted = 0;
  const walk = (folder: Folder) =>
    conversations$('1001', { accessToken: 'EAAB-retention', graphUrl: 'http://127.0.0.1:9', fetch: graph.fetch, folder }).pipe(
      tap((thread) => {
        if (Number(thread.id.split('_')[2]) < PER_PAGE) firstPage.push(new WeakRef(thread));
      }),
    );
  const done = new Promise<void>((resolve, reject) =>
    mergeFolders(['inbox', 'other'], walk).subscribe({ next: () => void (emitted += 1), error: reject, complete: resolve }),
  );
  await graph.lastAsked;
  await nextTask();
  gc();
  expect(firstPage).toHaveLength(2 * PER_PAGE);
  expect(emitted).toBeGreaterThan(2 * PER_PAGE);
  expect(firstPage.filter((ref) => ref.deref() !== undefined).map((ref) => (ref.deref() as { id: string }).id)).toEqual([]);
  graph.release();
  await done;
  expect(emitted).toBe(2 * PAGES * PER_PAGE);
});
