/**
 * The thread table: rows keyed by thread id and updated in place, so a highlight is not
 * restarted by unrelated renders; times are re-said on every render (they age).
 */
import { absoluteTime, CHANGE_LABELS, relativeTime, waitingText } from './format';
import { avatar, byId, el, setText, setTitle } from './dom';
import { type DashboardState, FOLDER_LABELS, type Row } from './model';
import { PLATFORM_LABELS } from './platforms';
import { isHighlighted, waitingSince } from './selectors';

interface Rendered {
  readonly tr: HTMLTableRowElement;
  row: Row | undefined;
  time: HTMLTimeElement;
  waiting: HTMLSpanElement;
}

function cells(row: Row, entry: Rendered): HTMLTableCellElement[] {
  const who = el('td', 'who');
  const person = el('div', 'person');
  person.append(avatar(row.who), el('span', 'name', row.who));
  if (row.unread > 0) person.append(el('span', 'badge', String(row.unread)));
  who.append(person);
  const where = el('td', 'where');
  where.append(el('span', `chip platform platform-${row.platform.toLowerCase()}`, PLATFORM_LABELS[row.platform]), el('span', `chip chip-${row.folder}`, FOLDER_LABELS[row.folder]));
  const snippet = el('td', 'snippet');
  const line = el('div', 'line');
  if (row.change !== undefined) line.append(el('span', `tag tag-${row.change}`, CHANGE_LABELS[row.change]));
  line.append(el('span', 'text', row.snippet));
  snippet.append(line, entry.waiting);
  const time = el('td', 'time');
  time.append(entry.time);
  return [who, where, snippet, el('td', 'count', String(row.messages)), time];
}

export class ThreadsView {
  private readonly rendered = new Map<string, Rendered>();

  constructor(onOpen: (threadId: string) => void) {
    const tbody = byId('threads');
    const open = (target: EventTarget | null) => {
      const tr = (target as HTMLElement | null)?.closest<HTMLTableRowElement>('tr[data-thread-id]');
      if (tr?.dataset.threadId !== undefined) onOpen(tr.dataset.threadId);
    };
    tbody.addEventListener('click', (event) => open(event.target));
    tbody.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        open(event.target);
      }
    });
  }

  render(rows: readonly Row[], state: DashboardState, now: number, openId: string | undefined): void {
    const tbody = byId<HTMLTableSectionElement>('threads');
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
        tr.tabIndex = 0;
        entry = { tr, row: undefined, time: el('time'), waiting: el('span', 'waiting') };
        this.rendered.set(row.id, entry);
      }
      const { tr } = entry;
      if (entry.row !== row) {
        tr.replaceChildren(...cells(row, entry));
        tr.dataset.platform = row.platform;
        tr.dataset.folder = row.folder;
        entry.row = row;
      }
      setText(entry.time, relativeTime(row.updatedAt, now));
      setTitle(entry.time, absoluteTime(row.updatedAt));
      entry.time.dateTime = new Date(row.updatedAt).toISOString();
      const since = waitingSince(row, state);
      entry.waiting.hidden = since === undefined;
      if (since !== undefined) {
        setText(entry.waiting, waitingText(since, now));
        setTitle(entry.waiting, `The customer wrote last, at ${absoluteTime(since)}`);
      }
      tr.classList.toggle('is-unread', row.unread > 0);
      tr.classList.toggle('is-changed', isHighlighted(row, now));
      tr.classList.toggle('is-open', row.id === openId);
      if (tbody.children[index] !== tr) tbody.insertBefore(tr, tbody.children[index] ?? null);
    });
  }
}
