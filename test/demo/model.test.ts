import type { ThreadView } from '../../demo/web/model';
import { absoluteTime, bannerText, quotaLevel, relativeTime, usageDetail, waitingText } from '../../demo/web/format';
import { type DashboardEvent, type DashboardState, HIGHLIGHT_MS, initialState, reduce } from '../../demo/web/model';
import { folderSummaries, isHighlighted, NO_FILTER, unreadTotal, visibleRows, waitingSince } from '../../demo/web/selectors';

const PAGE = '1001';

function thread(id: string, folder: ThreadView['folder'], minute: number, extra: Partial<ThreadView> = {}): ThreadView {
  return {
    id,
    platform: 'MESSENGER',
    folder,
    updated_time: new Date(Date.UTC(2024, 2, 1, 12, minute)),
    snippet: `snippet of ${id}`,
    unread_count: 1,
    message_count: 3,
    participants: { data: [{ id: `u_${id}`, name: `Person ${id}` }, { id: PAGE, name: 'Acme Bikes' }] },
    ...extra,
  };
}

const run = (events: DashboardEvent[], from: DashboardState = initialState(PAGE)) => events.reduce(reduce, from);

/** Two folders loaded with one thread each, at time 1000. */
function loaded(): DashboardState {
  return run([
    { type: 'added', thread: thread('a', 'inbox', 1), at: 1000 },
    { type: 'added', thread: thread('b', 'page_done', 2, { unread_count: 0 }), at: 1000 },
    { type: 'polled', platform: 'MESSENGER', folder: 'inbox', at: 1000 },
    { type: 'polled', platform: 'MESSENGER', folder: 'page_done', at: 1000 },
  ]);
}

describe('the dashboard view model', () => {
  it('shows the first load without highlights, newest first, with the Page name from the participants', () => {
    const state = loaded();
    expect(state.pageName).toBe('Acme Bikes');
    expect(visibleRows(state).map((r) => [r.id, r.who, r.changedAt])).toEqual([
      ['b', 'Person b', undefined],
      ['a', 'Person a', undefined],
    ]);
    expect(state.activity).toEqual([]);
    expect(folderSummaries(state).map((s) => [s.folder, s.threads, s.unread, s.loaded])).toEqual([
      ['inbox', 1, 1, true],
      ['other', 0, 0, false],
      ['page_done', 1, 0, true],
      ['spam', 0, 0, false],
    ]);
  });

  it('highlights a live change for a while and tells a message from a Page reply', () => {
    let state = run([{ type: 'updated', thread: thread('a', 'inbox', 5, { unread_count: 2, message_count: 4, snippet: 'hello?' }), at: 5000 }], loaded());
    const row = state.rows.get('a')!;
    expect([row.change, row.snippet, row.unread]).toEqual(['message', 'hello?', 2]);
    expect(isHighlighted(row, 5000 + HIGHLIGHT_MS - 1)).toBe(true);
    expect(isHighlighted(row, 5000 + HIGHLIGHT_MS)).toBe(false);
    state = run([{ type: 'updated', thread: thread('a', 'inbox', 6, { unread_count: 0, message_count: 5, snippet: 'Yes!' }), at: 6000 }], state);
    expect(state.rows.get('a')?.change).toBe('reply');
    expect(state.activity.map((a) => [a.kind, a.text])).toEqual([
      ['reply', 'Yes!'],
      ['message', 'hello?'],
    ]);
  });

  it('shows a move between folders once, whichever folder reports it first', () => {
    const addedFirst = run(
      [
        { type: 'added', thread: thread('a', 'page_done', 1), at: 7000 },
        { type: 'removed', id: 'a', folder: 'inbox', at: 7100 },
      ],
      loaded(),
    );
    const removedFirst = run(
      [
        { type: 'removed', id: 'a', folder: 'inbox', at: 7000 },
        { type: 'added', thread: thread('a', 'page_done', 1), at: 7100 },
      ],
      loaded(),
    );
    for (const state of [addedFirst, removedFirst]) {
      expect(state.rows.get('a')).toMatchObject({ folder: 'page_done', change: 'moved' });
      // Listed once: no "removed" entry before the move.
      expect(state.activity.map((a) => [a.kind, a.text])).toEqual([['moved', 'moved from Inbox to Done']]);
    }
  });

  it('counts requests and polls, and keeps the latest usage', () => {
    const usage = { app: { call_count: 80 }, page: { call_count: 12 } };
    const state = run([
      { type: 'request', at: 1 },
      { type: 'request', at: 2 },
      { type: 'usage', usage, peak: { percent: 80, regainAccessMs: 0 }, at: 3 },
      { type: 'polled', platform: 'MESSENGER', folder: 'spam', at: 4 },
    ]);
    expect([state.requests, state.polls, state.lastPollAt]).toEqual([2, 1, 4]);
    expect(quotaLevel(state.peak)).toEqual({ percent: 80, level: 'warn' });
    expect(usageDetail(state.usage)).toBe('app 80% · page 12%');
    expect(quotaLevel(undefined)).toEqual({ percent: 0, level: 'ok' });
    expect(quotaLevel({ percent: 130, regainAccessMs: 0 })).toEqual({ percent: 100, level: 'full' });
  });

  it('counts down a rate-limit retry and clears it once a request succeeds after the wait', () => {
    let state = run([{ type: 'retry', delayMs: 4000, attempt: 1, kind: 'rate-limit', code: 613, at: 10_000 }]);
    expect(bannerText(state.banner!, 10_000)).toBe('Rate limited (code 613), retrying in 4 s (attempt 1)');
    expect(bannerText(state.banner!, 13_100)).toBe('Rate limited (code 613), retrying in 1 s (attempt 1)');
    expect(bannerText(state.banner!, 14_000)).toBe('Rate limited (code 613), retrying now (attempt 1)');
    // Other folders keep polling meanwhile: their successes do not end the wait.
    state = run([{ type: 'response', status: 200, at: 12_000 }], state);
    expect(state.banner?.type).toBe('retry');
    state = run([{ type: 'response', status: 200, at: 14_100 }], state);
    expect(state.banner).toBeUndefined();
  });

  it('keeps a fatal error on screen', () => {
    const state = run([
      { type: 'fatal', platform: 'MESSENGER', kind: 'auth', message: 'token expired', help: 'Re-authenticate.', at: 1 },
      { type: 'retry', delayMs: 1000, attempt: 1, kind: 'server', at: 2 },
      { type: 'polled', platform: 'MESSENGER', folder: 'inbox', at: 3 },
    ]);
    expect(bannerText(state.banner!, 3)).toBe('Messenger stopped (auth): token expired. Re-authenticate.');
  });

  it('learns the Instagram account as the participant of more than one thread, and names only the customers', () => {
    const account = { id: '17841400000001001', username: 'acme.bikes' };
    const ig = (id: string, user: string, minute: number, lastFrom: string): ThreadView => ({
      ...thread(id, 'inbox', minute),
      platform: 'INSTAGRAM',
      participants: { data: [{ id: `u_${id}`, username: user }, account] },
      messages: { data: [{ from: { id: lastFrom } }] },
    });
    let state = run([{ type: 'added', thread: ig('i1', 'maria.k', 1, 'u_i1'), at: 1 }]);
    // One thread alone cannot tell the account from the customer.
    expect(state.rows.get('i1')?.who).toBe('@maria.k, @acme.bikes');
    state = run([{ type: 'added', thread: ig('i2', 'tom_b', 2, account.id), at: 2 }], state);
    expect(visibleRows(state).map((r) => [r.who, r.platform])).toEqual([
      ['@tom_b', 'INSTAGRAM'],
      ['@maria.k', 'INSTAGRAM'],
    ]);
    // The customer wrote last in i1 (waiting since its time); the account answered i2.
    expect(waitingSince(state.rows.get('i1')!, state)).toBe(state.rows.get('i1')!.updatedAt);
    expect(waitingSince(state.rows.get('i2')!, state)).toBeUndefined();
  });

  it('narrows the rows by platform, folder, unread and a search on names and snippets', () => {
    const igThread: ThreadView = { ...thread('i', 'inbox', 9, { unread_count: 0, snippet: 'Where is my parcel?' }), platform: 'INSTAGRAM', participants: { data: [{ id: 'u_i', username: 'lea.f' }] } };
    const state = run([{ type: 'added', thread: igThread, at: 1 }], loaded());
    const ids = (filter: Partial<typeof NO_FILTER>) => visibleRows(state, { ...NO_FILTER, ...filter }).map((r) => r.id);
    expect(ids({})).toEqual(['i', 'b', 'a']);
    expect(ids({ platform: 'INSTAGRAM' })).toEqual(['i']);
    expect(ids({ platform: 'MESSENGER', folder: 'inbox' })).toEqual(['a']);
    expect(ids({ unreadOnly: true })).toEqual(['a']);
    expect(ids({ search: '  PARCEL ' })).toEqual(['i']);
    expect(ids({ search: 'person b' })).toEqual(['b']);
    expect(folderSummaries(state, 'INSTAGRAM').map((f) => f.threads)).toEqual([1, 0, 0, 0]);
    // The tab title counts unread messages in the open folders (inbox, other).
    expect(unreadTotal(state)).toBe(1);
  });

  it('says times relative to the server clock, with the full time for the tooltip', () => {
    const now = Date.UTC(2026, 11, 5, 12, 0, 0);
    expect(relativeTime(now - 20_000, now)).toBe('just now');
    expect(relativeTime(now + 1500, now)).toBe('just now');
    expect(relativeTime(now - 5 * 60_000, now)).toBe('5 min ago');
    expect(relativeTime(now - 3 * 3_600_000 - 1, now)).toBe('3 h ago');
    expect(relativeTime(now - 2 * 86_400_000, now)).toBe('2 d ago');
    expect(relativeTime(Date.UTC(2026, 10, 1), now)).toBe('Nov 1');
    expect(relativeTime(Date.UTC(2024, 2, 1), now)).toBe('Mar 1, 2024');
    expect(absoluteTime(Date.UTC(2024, 2, 1, 9, 5, 7))).toBe('2024-03-01 09:05:07 UTC');
    expect(waitingText(now - 12 * 60_000, now)).toBe('waiting 12 min');
  });
});

