/**
 * The DOM side of the dashboard: renders a {@link DashboardState} into the skeleton of
 * index.html, on the server's clock, and keeps what the support lead chose (platform,
 * folder, unread only, search, the open conversation).
 */
import type { Folder, Platform } from '../../src/index';
import { ConversationView } from './conversationView';
import { absoluteTime, bannerText, CHANGE_LABELS, quotaLevel, relativeTime, usageDetail } from './format';
import { byId, el, setText, setTitle } from './dom';
import type { DashboardState } from './model';
import type { InboxConfig, PageConnection } from './pipeline';
import { PLATFORM_LABELS } from './platforms';
import { type Filter, folderSummaries, NO_FILTER, platformCounts, unreadTotal, visibleRows } from './selectors';
import { ThreadsView } from './threadsView';

const BASE_TITLE = 'Inbox dashboard';

export class DashboardView {
  private filter: Filter = NO_FILTER;
  private last: DashboardState | undefined;
  private readonly threads: ThreadsView;
  private readonly conversation: ConversationView;

  constructor(
    private readonly subtitle: string,
    private readonly inboxes: readonly InboxConfig[],
    connection: PageConnection,
    private readonly now: () => number,
  ) {
    const rerender = () => {
      if (this.last !== undefined) this.render(this.last);
    };
    this.conversation = new ConversationView(connection, () => this.last?.own ?? new Set(), rerender);
    this.threads = new ThreadsView((id) => {
      const row = this.last?.rows.get(id);
      if (row !== undefined) this.conversation.open(row);
    });
    byId('folders').addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-folder]');
      if (button === null) return;
      this.filter = { ...this.filter, folder: button.dataset.folder as Folder | 'all' };
      rerender();
    });
    byId('platforms').addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-platform]');
      if (button === null) return;
      this.filter = { ...this.filter, platform: button.dataset.platform as Platform | 'all' };
      rerender();
    });
    byId<HTMLInputElement>('search').addEventListener('input', (event) => {
      this.filter = { ...this.filter, search: (event.target as HTMLInputElement).value };
      rerender();
    });
    byId<HTMLInputElement>('unread-only').addEventListener('change', (event) => {
      this.filter = { ...this.filter, unreadOnly: (event.target as HTMLInputElement).checked };
      rerender();
    });
  }

  render(state: DashboardState): void {
    const now = this.now();
    this.last = state;
    this.header(state, now);
    this.banner(state, now);
    this.platforms(state);
    this.folders(state);
    const rows = visibleRows(state, this.filter);
    this.threads.render(rows, state, now, this.conversation.openId);
    byId('empty').hidden = rows.length > 0;
    setText(byId('empty'), state.loaded.size === 0 ? 'Loading threads…' : 'No thread matches.');
    this.activity(state, now);
    this.conversation.tick(now);
  }

  private header(state: DashboardState, now: number): void {
    const name = state.pageName ?? `Page ${state.pageId}`;
    setText(byId('page-name'), name);
    setText(byId('page-sub'), `Page ${state.pageId} · ${this.subtitle}`);
    const unread = unreadTotal(state);
    const title = `${unread > 0 ? `(${unread}) ` : ''}${name} · ${BASE_TITLE}`;
    if (document.title !== title) document.title = title;
    setText(byId('requests'), String(state.requests));
    setText(byId('polls'), String(state.polls));
    const { percent, level } = quotaLevel(state.peak);
    const fill = byId('quota-fill');
    fill.style.width = `${Math.max(percent, 1)}%`;
    fill.dataset.level = level;
    setText(byId('quota-label'), `${percent}%`);
    setText(byId('usage-detail'), usageDetail(state.usage));
    const lastPoll = byId('last-poll');
    setText(lastPoll, state.lastPollAt === undefined ? 'loading…' : relativeTime(state.lastPollAt, now));
    setTitle(lastPoll, state.lastPollAt === undefined ? '' : absoluteTime(state.lastPollAt));
    byId('live').dataset.state = state.banner?.type === 'fatal' ? 'stopped' : state.banner !== undefined ? 'waiting' : now - (state.lastPollAt ?? now) < 60_000 ? 'live' : 'stale';
  }

  private banner(state: DashboardState, now: number): void {
    const banner = byId('banner');
    if (state.banner === undefined) {
      banner.hidden = true;
      return;
    }
    banner.hidden = false;
    banner.dataset.type = state.banner.type;
    setText(banner, bannerText(state.banner, now));
  }

  private platforms(state: DashboardState): void {
    const nav = byId('platforms');
    const counts = platformCounts(state);
    const choices: Array<{ platform: Platform | 'all'; label: string; n: number }> = [
      { platform: 'all', label: 'All', n: counts.MESSENGER + counts.INSTAGRAM },
      ...this.inboxes.map((inbox) => ({ platform: inbox.platform, label: PLATFORM_LABELS[inbox.platform], n: counts[inbox.platform] })),
    ];
    const key = choices.map((c) => `${c.platform}:${c.n}:${c.platform === this.filter.platform}`).join('|');
    if (nav.dataset.key === key) return;
    nav.dataset.key = key;
    nav.replaceChildren(
      ...choices.map((c) => {
        const button = el('button', c.platform === this.filter.platform ? 'active' : undefined);
        button.type = 'button';
        button.dataset.platform = c.platform;
        button.setAttribute('aria-pressed', String(c.platform === this.filter.platform));
        button.append(el('span', 'label', c.label), el('span', 'n', String(c.n)));
        return button;
      }),
    );
  }

  private folders(state: DashboardState): void {
    const nav = byId('folders');
    const summaries = folderSummaries(state, this.filter.platform);
    const total = summaries.reduce((sum, s) => ({ threads: sum.threads + s.threads, unread: sum.unread + s.unread }), { threads: 0, unread: 0 });
    const buttons = [{ folder: 'all' as const, label: 'All folders', threads: total.threads, unread: total.unread }, ...summaries];
    const key = buttons.map((b) => `${b.folder}:${b.threads}:${b.unread}:${b.folder === this.filter.folder}`).join('|');
    if (nav.dataset.key === key) return;
    nav.dataset.key = key;
    nav.replaceChildren(
      ...buttons.map((b) => {
        const button = el('button', b.folder === this.filter.folder ? 'folder-tab active' : 'folder-tab');
        button.type = 'button';
        button.dataset.folder = b.folder;
        button.setAttribute('aria-pressed', String(b.folder === this.filter.folder));
        button.append(el('span', 'label', b.label), el('span', 'n', String(b.threads)));
        if (b.unread > 0) button.append(el('span', 'badge', `${b.unread} unread`));
        return button;
      }),
    );
  }

  private activity(state: DashboardState, now: number): void {
    const list = byId('activity');
    if (state.activity.length === 0) {
      if (list.dataset.key !== 'empty') list.replaceChildren(el('li', 'muted', 'Waiting for changes…'));
      list.dataset.key = 'empty';
      return;
    }
    const key = state.activity.map((a) => `${a.at}:${a.threadId}:${a.kind}`).join('|');
    if (list.dataset.key !== key) {
      list.dataset.key = key;
      list.replaceChildren(
        ...state.activity.map((a) => {
          const li = el('li', `activity activity-${a.kind}`);
          li.dataset.threadId = a.threadId;
          const when = el('time', 'when');
          when.dataset.at = String(a.at);
          when.title = absoluteTime(a.at);
          li.append(when, el('span', `tag tag-${a.kind}`, CHANGE_LABELS[a.kind]), el('span', 'who', a.who), el('span', 'what', a.text));
          return li;
        }),
      );
    }
    list.querySelectorAll<HTMLElement>('time.when').forEach((when) => setText(when, relativeTime(Number(when.dataset.at), now)));
  }
}
