// A walk lets go of a page's threads once it has delivered them: kept across the next
// round trip, every page would survive a young-generation collection and be copied into
// the old one (measured in bench/, client CPU per page). Checked with the collector
// itself: a WeakRef to a delivered thread must be cleared while the next page is on its way.
import { conversations$, type FetchLike } from '../../src/index';
import { gc, nextTask, signal } from '../support/collector';

const page = (from: number, next: boolean) =>
  JSON.stringify({
    data: Array.from({ length: 3 }, (_, i) => ({ id: `t_${from + i}`, updated_time: '2024-03-01T12:30:05+0000', snippet: 'x'.repeat(1000) })),
    ...(next ? { paging: { next: `http://127.0.0.1:9/v19.0/1001/conversations?after=${from + 3}` } } : {}),
  });

/** A Graph of two pages whose second page, the first time, waits for `release`; `secondAsked` resolves when it is requested. */
function twoPages() {
  const { fired: secondAsked, fire: asked } = signal();
  const { fired: released, fire: release } = signal();
  const fetch: FetchLike = async (url) => {
    const first = !url.includes('after=');
    if (!first) {
      asked();
      await released;
    }
    return { ok: true, status: 200, headers: { get: () => null }, text: async () => page(first ? 0 : 3, first) };
  };
  return { fetch, secondAsked, release };
}


describe('memory held by a walk', () => {
  it.each([
    ['a plain walk', {}],
    ['a consistent walk', { consistent: true }],
    ['a prefetching walk', { prefetch: 1 as const }],
  ])('%s holds no delivered thread while the next page is on its way', async (_name, extra) => {
    const graph = twoPages();
    const delivered: Array<WeakRef<object>> = [];
    let ids = 0;
    const done = new Promise<void>((resolve, reject) =>
      conversations$('1001', { accessToken: 'EAAB-retention', graphUrl: 'http://127.0.0.1:9', fetch: graph.fetch, ...extra }).subscribe({
        next: (thread) => {
          ids += 1;
          if (delivered.length < 3) delivered.push(new WeakRef(thread));
        },
        error: reject,
        complete: resolve,
      }),
    );
    await graph.secondAsked;
    await nextTask();
    gc();
    expect(delivered).toHaveLength(3);
    expect(delivered.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
    graph.release();
    await done;
    expect(ids).toBe(6);
  });
});
