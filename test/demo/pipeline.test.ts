import { join } from 'node:path';
import { BehaviorSubject, type Subscription } from 'rxjs';
import { type ConversationEvent, conversationEvents, MESSAGES_PER_PAGE, type MessageView } from '../../demo/web/conversation';
import { type DashboardEvent, type DashboardState, initialState, reduce } from '../../demo/web/model';
import { dashboardSource, type DashboardSource } from '../../demo/web/pipeline';
import { ServerClock } from '../../demo/web/serverClock';
import { type Dashboard, startDashboard } from '../../demo/server';

const root = join(__dirname, '..', '..');
/** A guard against a hang, not a speed bound: polls of a real server on a loaded machine. */
const TIMEOUT = 60_000;

/** The page's pipeline in Node, through the dashboard's proxy, reduced as the page does. */
describe("the dashboard's pipeline against the emulator", () => {
  let dashboard: Dashboard;
  let source: DashboardSource;
  let subscription: Subscription;
  let state: DashboardState;
  const waiters: Array<{ check: (s: DashboardState) => boolean; resolve: () => void }> = [];

  /** Resolves once the reduced state satisfies `check` (checked after every event). */
  const until = (check: (s: DashboardState) => boolean) =>
    new Promise<void>((resolve) => {
      if (check(state)) resolve();
      else waiters.push({ check, resolve });
    });

  beforeAll(async () => {
    dashboard = await startDashboard({ root, simulate: false, pollMs: 50, fullScanEvery: 2 });
    source = dashboardSource(dashboard.config, `${dashboard.url}/graph`, new ServerClock());
    state = initialState(dashboard.config.pageId);
    subscription = source.events.subscribe((event: DashboardEvent) => {
      state = reduce(state, event);
      for (const waiter of waiters.splice(0)) {
        if (waiter.check(state)) waiter.resolve();
        else waiters.push(waiter);
      }
    });
    // Page 1001: 90 Messenger threads, 35 Instagram ones.
    await until((s) => s.rows.size === 125 && s.loaded.size === 6);
  }, TIMEOUT);
  afterAll(async () => {
    subscription?.unsubscribe();
    await dashboard?.close();
  });

  it('polls both inboxes and names Instagram customers by username, without the Page account', () => {
    const instagram = [...state.rows.values()].filter((row) => row.platform === 'INSTAGRAM');
    expect(instagram).toHaveLength(35);
    expect(instagram.every((row) => /^@[\w.]+$/.test(row.who) && row.who !== '@acme.bikes')).toBe(true);
    expect(state.own.has('17841400000001001')).toBe(true);
    expect(dashboard.config.inboxes).toEqual([
      { platform: 'MESSENGER', folders: ['inbox', 'other', 'page_done', 'spam'] },
      { platform: 'INSTAGRAM', folders: ['inbox', 'other'] },
    ]);
  }, TIMEOUT);

  it('lists a move between folders once, as a move, also after later full scans', async () => {
    const emulator = dashboard.emulator!;
    const thread = emulator.threads('1001', { folder: 'inbox', platform: 'MESSENGER' })[4]!;
    emulator.moveThread('1001', thread.id, 'page_done');
    await until((s) => s.rows.get(thread.id)?.folder === 'page_done');
    const polls = state.polls;
    // Four more polls of each inbox: two more full scans of every folder.
    await until((s) => s.polls >= polls + 4 * 6);
    expect(state.activity.filter((a) => a.threadId === thread.id).map((a) => [a.kind, a.text])).toEqual([['moved', 'moved from Inbox to Done']]);
  }, TIMEOUT);

  it('reads a conversation newest first, one page at a time, only when the reader wants more', async () => {
    const emulator = dashboard.emulator!;
    const thread = emulator.threads('1001', { platform: 'MESSENGER' }).find((t) => t.message_count > MESSAGES_PER_PAGE)!;
    const wanted = new BehaviorSubject(false);
    const events: ConversationEvent[] = [];
    let ended!: () => void;
    const end = new Promise<void>((resolve) => (ended = resolve));
    let firstPage!: () => void;
    const first = new Promise<void>((resolve) => (firstPage = resolve));
    const messageRequests = () => emulator.requests.filter((r) => r.path.endsWith('/messages')).length;
    const before = messageRequests();
    const walk = conversationEvents(thread.id, source.connection, wanted).subscribe((event) => {
      events.push(event);
      if (events.filter((e) => e.type === 'message').length === MESSAGES_PER_PAGE) firstPage();
      if (event.type === 'end' || event.type === 'error') ended();
    });
    await first;
    // A round trip through the same server: anything the walk had queued would be sent by now.
    await fetch(`${dashboard.url}/config.json`);
    expect(messageRequests() - before).toBe(1);
    expect(events.filter((e) => e.type === 'page')).toEqual([{ type: 'page', more: true }]);

    wanted.next(true);
    await end;
    walk.unsubscribe();
    const messages = events.flatMap((e) => (e.type === 'message' ? [e.message] : [])) as MessageView[];
    expect(messages).toHaveLength(thread.message_count);
    expect(new Set(messages.map((m) => m.id)).size).toBe(messages.length);
    const times = messages.map((m) => m.created_time.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(messageRequests() - before).toBe(Math.ceil(thread.message_count / MESSAGES_PER_PAGE));
    expect(events.at(-1)).toEqual({ type: 'end' });
  }, TIMEOUT);
});
