/**
 * The dashboard's view model: a pure reducer from what the library reports (changes,
 * requests, usage, retries, errors) to what the page shows, plus the selectors and
 * formatting the DOM code uses. No DOM, no timers, no RxJS: time is passed in.
 */
import type { Folder, GraphUsage, UsagePeak } from '../../src/index';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export const FOLDER_ORDER: readonly Folder[] = ['inbox', 'other', 'page_done', 'spam'];

export const FOLDER_LABELS: Readonly<Record<Folder, string>> = { inbox: 'Inbox', other: 'Other', page_done: 'Done', spam: 'Spam' };

/** How long a changed row stays highlighted, in ms. */
export const HIGHLIGHT_MS = 6000;

/** How many entries the activity list keeps. */
export const ACTIVITY_SIZE = 8;

/** The part of a thread the page shows (what the library's typed fields give). */
export interface ThreadView {
  readonly id: string;
  readonly folder: Folder;
  readonly updated_time: Date;
  readonly snippet?: string | undefined;
  readonly unread_count?: number | undefined;
  readonly message_count?: number | undefined;
  readonly participants?: { readonly data: ReadonlyArray<{ readonly id: string; readonly name?: string | undefined; readonly username?: string | undefined }> } | undefined;
}

/** What happened to a row, for its highlight and the activity list. */
export type ChangeKind = 'new' | 'message' | 'reply' | 'moved' | 'removed';

export interface Row {
  readonly id: string;
  readonly folder: Folder;
  readonly who: string;
  readonly snippet: string;
  readonly unread: number;
  readonly messages: number;
  readonly updatedAt: number;
  /** When the row last changed live (not in the first load), ms since epoch. */
  readonly changedAt?: number;
  readonly change?: ChangeKind;
}

export interface Activity {
  readonly at: number;
  readonly kind: ChangeKind;
  readonly threadId: string;
  readonly who: string;
  readonly folder: Folder;
  readonly text: string;
}

export type Banner =
  /** A request is being retried: "rate limited, retrying in 4 s". */
  | { readonly type: 'retry'; readonly until: number; readonly kind: string; readonly code?: number | undefined; readonly attempt: number }
  /** A poll failed after its retries; pollDiff tries again at the next interval. */
  | { readonly type: 'poll-error'; readonly at: number; readonly kind: string; readonly message: string; readonly help: string }
  /** The stream ended with an error that is not retryable. */
  | { readonly type: 'fatal'; readonly kind: string; readonly message: string; readonly help: string };

export interface DashboardState {
  readonly pageId: string;
  readonly pageName: string | undefined;
  readonly rows: ReadonlyMap<string, Row>;
  /** Folders whose first poll completed: later changes there are live and highlighted. */
  readonly loaded: ReadonlySet<Folder>;
  /** Threads a full scan reported gone, by id: a later `added` elsewhere is a move. */
  readonly gone: ReadonlyMap<string, Folder>;
  readonly requests: number;
  readonly polls: number;
  readonly lastPollAt: number | undefined;
  readonly usage: GraphUsage | undefined;
  readonly peak: UsagePeak | undefined;
  readonly banner: Banner | undefined;
  readonly activity: readonly Activity[];
}

/** What the page feeds the reducer. `at` is ms since epoch. */
export type DashboardEvent =
  | { readonly type: 'added' | 'updated'; readonly thread: ThreadView; readonly at: number }
  | { readonly type: 'removed'; readonly id: string; readonly folder: Folder; readonly at: number }
  | { readonly type: 'polled'; readonly folder: Folder; readonly at: number }
  | { readonly type: 'request'; readonly at: number }
  | { readonly type: 'response'; readonly status: number; readonly at: number }
  | { readonly type: 'usage'; readonly usage: GraphUsage; readonly peak: UsagePeak; readonly at: number }
  | { readonly type: 'retry'; readonly delayMs: number; readonly attempt: number; readonly kind: string; readonly code?: number | undefined; readonly at: number }
  | { readonly type: 'poll-error'; readonly kind: string; readonly message: string; readonly help: string; readonly at: number }
  | { readonly type: 'fatal'; readonly kind: string; readonly message: string; readonly help: string; readonly at: number };

export function initialState(pageId: string): DashboardState {
  return {
    pageId,
    pageName: undefined,
    rows: new Map(),
    loaded: new Set(),
    gone: new Map(),
    requests: 0,
    polls: 0,
    lastPollAt: undefined,
    usage: undefined,
    peak: undefined,
    banner: undefined,
    activity: [],
  };
}

// -------------------------------------------------------------------------------------
// pure helpers
// -------------------------------------------------------------------------------------

/** The people in a thread other than the Page: names, Instagram usernames or ids. */
export function whoOf(thread: ThreadView, pageId: string): string {
  const others = (thread.participants?.data ?? []).filter((p) => p.id !== pageId);
  const names = others.map((p) => (p.username !== undefined ? `@${p.username}` : (p.name ?? p.id)));
  return names.length > 0 ? names.join(', ') : 'Unknown';
}

/** The Page's own name, as it appears among a thread's participants. */
export function pageNameOf(thread: ThreadView, pageId: string): string | undefined {
  const page = thread.participants?.data.find((p) => p.id === pageId);
  return page?.name ?? (page?.username !== undefined ? `@${page.username}` : undefined);
}

function toRow(thread: ThreadView, pageId: string, live: { at: number; change: ChangeKind } | undefined): Row {
  const row: Row = {
    id: thread.id,
    folder: thread.folder,
    who: whoOf(thread, pageId),
    snippet: thread.snippet ?? '',
    unread: thread.unread_count ?? 0,
    messages: thread.message_count ?? 0,
    updatedAt: thread.updated_time.getTime(),
  };
  return live === undefined ? row : { ...row, changedAt: live.at, change: live.change };
}

/** What kind of change an `updated` thread is, next to the row it replaces. */
export function classify(previous: Row | undefined, next: Row): ChangeKind {
  if (previous === undefined) return 'new';
  if (previous.folder !== next.folder) return 'moved';
  // A message from the person adds to unread_count; a Page reply resets it to 0.
  if (next.unread > previous.unread) return 'message';
  return next.messages > previous.messages ? 'reply' : 'message';
}

function activityText(kind: ChangeKind, row: Row, from?: Folder): string {
  switch (kind) {
    case 'moved':
      return `moved ${from === undefined ? '' : `from ${FOLDER_LABELS[from]} `}to ${FOLDER_LABELS[row.folder]}`;
    case 'removed':
      return 'removed';
    default:
      return row.snippet;
  }
}

function pushActivity(activity: readonly Activity[], entry: Activity): readonly Activity[] {
  return [entry, ...activity].slice(0, ACTIVITY_SIZE);
}

function withRow(rows: ReadonlyMap<string, Row>, row: Row): Map<string, Row> {
  const next = new Map(rows);
  next.set(row.id, row);
  return next;
}

function without<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

// -------------------------------------------------------------------------------------
// reducer
// -------------------------------------------------------------------------------------

function applyThread(state: DashboardState, thread: ThreadView, at: number): DashboardState {
  const previous = state.rows.get(thread.id);
  const movedFrom = previous?.folder ?? state.gone.get(thread.id);
  const plain = toRow(thread, state.pageId, undefined);
  const live = state.loaded.has(thread.folder);
  const kind = movedFrom !== undefined && movedFrom !== thread.folder ? 'moved' : classify(previous, plain);
  const row = live ? toRow(thread, state.pageId, { at, change: kind }) : plain;
  const pageName = state.pageName ?? pageNameOf(thread, state.pageId);
  const activity = live
    ? pushActivity(state.activity, { at, kind, threadId: row.id, who: row.who, folder: row.folder, text: activityText(kind, row, movedFrom) })
    : state.activity;
  return { ...state, pageName, rows: withRow(state.rows, row), gone: without(state.gone, thread.id), activity };
}

function applyRemoved(state: DashboardState, id: string, folder: Folder, at: number): DashboardState {
  const row = state.rows.get(id);
  // The thread already showed up in another folder: the full scan of this one is late news.
  if (row === undefined || row.folder !== folder) return state;
  const gone = new Map(state.gone);
  gone.set(id, folder);
  const activity = pushActivity(state.activity, { at, kind: 'removed', threadId: id, who: row.who, folder, text: 'removed' });
  return { ...state, rows: without(state.rows, id), gone, activity };
}

/** The whole state after one event. */
export function reduce(state: DashboardState, event: DashboardEvent): DashboardState {
  switch (event.type) {
    case 'added':
    case 'updated':
      return applyThread(state, event.thread, event.at);
    case 'removed':
      return applyRemoved(state, event.id, event.folder, event.at);
    case 'polled': {
      const loaded = state.loaded.has(event.folder) ? state.loaded : new Set([...state.loaded, event.folder]);
      // A completed poll means the error it may have shown is over.
      const banner = state.banner?.type === 'poll-error' ? undefined : state.banner;
      return { ...state, loaded, polls: state.polls + 1, lastPollAt: event.at, banner };
    }
    case 'request':
      return { ...state, requests: state.requests + 1 };
    case 'response': {
      // A retry banner goes once its wait is over and a request succeeded again.
      const recovered = event.status < 400 && state.banner?.type === 'retry' && event.at >= state.banner.until;
      return recovered ? { ...state, banner: undefined } : state;
    }
    case 'usage':
      return { ...state, usage: event.usage, peak: event.peak };
    case 'retry':
      if (state.banner?.type === 'fatal') return state;
      return { ...state, banner: { type: 'retry', until: event.at + event.delayMs, kind: event.kind, code: event.code, attempt: event.attempt } };
    case 'poll-error':
      if (state.banner?.type === 'fatal') return state;
      return { ...state, banner: { type: 'poll-error', at: event.at, kind: event.kind, message: event.message, help: event.help } };
    case 'fatal':
      return { ...state, banner: { type: 'fatal', kind: event.kind, message: event.message, help: event.help } };
  }
}

// -------------------------------------------------------------------------------------
// selectors and formatting
// -------------------------------------------------------------------------------------

export interface FolderSummary {
  readonly folder: Folder;
  readonly label: string;
  readonly threads: number;
  readonly unread: number;
  readonly loaded: boolean;
}

export function folderSummaries(state: DashboardState): FolderSummary[] {
  return FOLDER_ORDER.map((folder) => {
    let threads = 0;
    let unread = 0;
    for (const row of state.rows.values()) {
      if (row.folder !== folder) continue;
      threads += 1;
      unread += row.unread;
    }
    return { folder, label: FOLDER_LABELS[folder], threads, unread, loaded: state.loaded.has(folder) };
  });
}

/** Rows newest first, optionally of one folder. */
export function visibleRows(state: DashboardState, folder: Folder | 'all'): Row[] {
  const rows = [...state.rows.values()].filter((row) => folder === 'all' || row.folder === folder);
  return rows.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
}

export function isHighlighted(row: Row, now: number): boolean {
  return row.changedAt !== undefined && now - row.changedAt < HIGHLIGHT_MS;
}
