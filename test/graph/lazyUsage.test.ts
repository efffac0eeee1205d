// Usage headers cost a JSON.parse each: they are read only when someone wants them.
import { pipe, tap } from 'rxjs';
import { conversations$, type FetchLike, type GraphUsage, type WalkPage } from '../../src/index';
import { settle } from '../support/walk';

const USAGE = '{"call_count":42,"total_time":1,"total_cputime":1}';

/** A one-page Graph whose responses record which headers were read. */
function recordingFetch(read: string[]): FetchLike {
  return async () => ({
    ok: true,
    status: 200,
    headers: {
      get: (name: string) => {
        read.push(name.toLowerCase());
        return name.toLowerCase() === 'x-app-usage' ? USAGE : null;
      },
    },
    text: async () => JSON.stringify({ data: [{ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }] }),
  });
}

const opts = { accessToken: 'EAAB-lazy-usage', graphUrl: 'http://127.0.0.1:9' };

describe('usage headers', () => {
  it('are not read when nobody listens (no onUsage, no policy reading usage)', async () => {
    const read: string[] = [];
    const { values, error } = await settle(conversations$('1001', { ...opts, fetch: recordingFetch(read) }));
    expect(error).toBeUndefined();
    expect(values).toHaveLength(1);
    expect(read).not.toContain('x-app-usage');
  });

  it('are read for onUsage', async () => {
    const read: string[] = [];
    const seen: GraphUsage[] = [];
    await settle(conversations$('1001', { ...opts, fetch: recordingFetch(read), onUsage: (usage) => seen.push(usage) }));
    expect(read).toContain('x-app-usage');
    expect(seen).toEqual([{ app: { call_count: 42, total_time: 1, total_cputime: 1 } }]);
  });

  it('are read when a page policy reads a page’s usage', async () => {
    const read: string[] = [];
    const usages: Array<GraphUsage | undefined> = [];
    const perPage = pipe(tap((page: WalkPage<unknown>) => usages.push(page.usage)));
    await settle(conversations$('1001', { ...opts, fetch: recordingFetch(read), perPage }));
    expect(read).toContain('x-app-usage');
    expect(usages).toEqual([{ app: { call_count: 42, total_time: 1, total_cputime: 1 } }]);
  });
});
