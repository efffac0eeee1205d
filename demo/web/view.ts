/**
 * The DOM side of the dashboard: renders a {@link DashboardState} into the skeleton of
 * index.html. Rows are keyed by thread id and updated in place, so a highlight is not
 * restarted by unrelated renders.
 */
import type { Folder } from '../../src/index';
import { bannerText, CHANGE_LABELS, formatClock, formatTime, quotaLevel, usageDetail } from './format';
import { type DashboardState, folderSummaries, FOLDER_LABELS, isHighlighted, type Row, visibleRows } from './model';

function byId<E extends HTMLElement>(id: string): E {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`index.html has no #${id}`);
  return element as E;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  if (className !== undefined) element.className = className;
  if (text !== undefined) element.textContent = text;
  return element;
}

function setText(element: HTMLElement, text: string): void {
  if (element.textContent !== text) element.textContent = text;
}

function initials(who: string): string {
  const words = who.replace(/^@/, '').split(/[\s._-]+/).filter((w) => w.length > 0);
  return ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
}

function hue(text: string): number {
  let h = 0;
  for (const c of text) h = (h * 31 + c.charCodeAt(0)) % 360;
  return h;
}

function rowContent(row: Row): HTMLTableCellElement[] {
  const who = el('td', 'who');
  const person = el('div', 'person');
  const avatar = el('span', 'avatar', initials(row.who));
  avatar.style.background = `hsl(${hue(row.who)} 55% 45%)`;
  person.append(avatar, el('span', 'name', row.who));
  if (row.unread > 0) person.append(el('span', 'badge', String(row.unread)));
  who.append(person);
  const folder = el('td', 'folder');
  folder.append(el('span', `chip chip-${row.folder}`, FOLDER_LABELS[row.folder]));
  const snippet = el('td', 'snippet');
  if (row.change !== undefined) snippet.append(el('span', `tag tag-${row.change}`, CHANGE_LABELS[row.change]));
  snippet.append(el('span', 'text', row.snippet));
  return [who, folder, snippet, el('td', 'count', String(row.messages)), el('td', 'time', formatTime(row.updatedAt))];
}

/** Renders the state; call again whenever it or the clock changes. */
export class DashboardView {
  private readonly rendered = new Map<string, { tr: HTMLTableRowElement; row: Row }>();
  private filter: Folder | 'all' = 'all';
  private last: DashboardState | undefined;

  constructor(private readonly subtitle: string) {
    byId('folders').addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-folder]');
      if (button === null) return;
      this.filter = button.dataset.folder as Folder | 'all';
      if (this.last !== undefined) this.render(this.last, Date.now());
    });
  }

  render(state: DashboardState, now: number): void {
    this.last = state;
    this.header(state, now);
    this.banner(state, now);
    this.folders(state);
    this.threads(state, now);
    this.activity(state);
  }

  private header(state: DashboardState, now: number): void {
    setText(byId('page-name'), state.pageName ?? `Page ${state.pageId}`);
    setText(byId('page-sub'), `Page ${state.pageId} · ${this.subtitle}`);
    setText(byId('requests'), String(state.requests));
    setText(byId('polls'), String(state.polls));
    const { percent, level } = quotaLevel(state.peak);
    const fill = byId('quota-fill');
    fill.style.width = `${Math.max(percent, 1)}%`;
    fill.dataset.level = level;
    setText(byId('quota-label'), `${percent}%`);
    setText(byId('usage-detail'), usageDetail(state.usage));
    setText(byId('last-poll'), state.lastPollAt === undefined ? 'loading…' : `${formatClock(state.lastPollAt)}`);
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

  private folders(state: DashboardState): void {
    const nav = byId('folders');
    const summaries = folderSummaries(state);
    const total = summaries.reduce((sum, s) => ({ threads: sum.threads + s.threads, unread: sum.unread + s.unread }), { threads: 0, unread: 0 });
    const buttons = [{ folder: 'all' as const, label: 'All folders', threads: total.threads, unread: total.unread }, ...summaries];
    nav.replaceChildren(
      ...buttons.map((b) => {
        const button = el('button', b.folder === this.filter ? 'folder-tab active' : 'folder-tab');
        button.dataset.folder = b.folder;
        button.append(el('span', 'label', b.label), el('span', 'n', String(b.threads)));
        if (b.unread > 0) button.append(el('span', 'badge', `${b.unread} unread`));
        return button;
      }),
    );
  }

  private threads(state: DashboardState, now: number): void {
    const tbody = byId<HTMLTableSectionElement>('threads');
    const rows = visibleRows(state, this.filter);
    const keep = new Set(rows.map((r) => r.id));
    for (const [id, entry] of this.rendered) {
      if (keep.has(id)) continue;
      entry.tr.remove();
      this.rendered.delete(id);
    }
    rows.forEach((row, index) => {
      let entry = this.rendered.get(row.id);
      if (entry === undefined) {
        const tr = el('tr');
        tr.dataset.threadId = row.id;
        entry = { tr, row: undefined as unknown as Row };
        this.rendered.set(row.id, entry);
      }
      const { tr } = entry;
      if (entry.row !== row) {
        tr.replaceChildren(...rowContent(row));
        tr.dataset.folder = row.folder;
        entry.row = row;
      }
      tr.classList.toggle('is-unread', row.unread > 0);
      tr.classList.toggle('is-changed', isHighlighted(row, now));
      if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] ?? null);
    });
    byId('empty').hidden = rows.length > 0;
  }

  private activity(state: DashboardState): void {
    const list = byId('activity');
    if (state.activity.length === 0) {
      list.replaceChildren(el('li', 'muted', 'Waiting for changes…'));
      return;
    }
    list.replaceChildren(
      ...state.activity.map((a) => {
        const li = el('li', `activity activity-${a.kind}`);
        li.append(
          el('span', 'when', formatClock(a.at)),
          el('span', `tag tag-${a.kind}`, CHANGE_LABELS[a.kind]),
          el('span', 'who', a.who),
          el('span', 'what', a.text),
        );
        return li;
      }),
    );
  }
}
