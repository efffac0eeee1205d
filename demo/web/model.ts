/**
 * The dashboard's view model: a pure reducer from what the library reports (changes,
 * requests, usage, retries, errors) to what the page shows. No DOM, no timers, no RxJS:
 * time is passed in, on the server's clock. Selectors are in selectors.ts.
 */
import type { Folder, GraphUsage, Platform, UsagePeak } from '../../src/index';
import { learnOwn, pageNameOf, type Person, whoOf } from './people';

export type { Person } from './people';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

export const FOLDER_ORDER: readonly Folder[] = ['inbox', 'other', 'page_done', 'spam'];

export const FOLDER_LABELS: Readonly<Record<Folder, string>> = { inbox: 'Inbox', other: 'Other', page_done: 'Done', spam: 'Spam' };

/** How long a changed row stays highlighted, in ms. */
export const HIGHLIGHT_MS = 6000;

/** How many entries the activity list keeps. */
export const ACTIVITY_SIZE = 8;

/** The part of a thread the page shows (what the library's typed fields give), with its inbox. */
export interface ThreadView {
  readonly id: string;
  readonly platform: Platform;
  readonly folder: Folder;
  readonly updated_time: Date;
  readonly snippet?: string | undefined;
  readonly unread_count?: number | undefined;
  readonly message_count?: number | undefined;
  readonly participants?: { readonly data: readonly Person[] } | undefined;
  /** The newest message, for its sender (`messages.limit(1){from}`). */
  readonly messages?: { readonly data: ReadonlyArray<{ readonly from?: Person | undefined }> } | undefined;
}

/** What happened to a row, for its highlight and the activity list. */
export type ChangeKind = 'new' | 'message' | 'reply' | 'moved' | 'removed';

export interface Row {
  readonly id: string;
  readonly platform: Platform;
  readonly folder: Folder;
  readonly people: readonly Person[];
  /** The people other than the Page's own accounts. */
  readonly who: string;
  readonly snippet: string;
  readonly unread: number;
  readonly messages: number;
  readonly updatedAt: number;
  /** Who sent the newest message, when known. */
  readonly lastFrom?: string | undefined;
  /** When the row last changed live (not in the first load), ms since epoch. */
  readonly changedAt?: number;
  readonly change?: ChangeKind;
}

export interface Activity {
  readonly at: number;
  readonly kind: ChangeKind;
  readonly threadId: string;
  readonly who: string;
  readonly platform: Platform;
  readonly folder: Folder;
  readonly text: string;
}

export type Banner =
  /** A request is being retried: "rate limited, retrying in 4 s". */
  | { readonly type: 'retry'; readonly until: number; readonly kind: string; readonly code?: number | undefined; readonly attempt: number }
  /** A poll failed after its retries; pollDiff tries again at the next interval. */
  | { readonly type: 'poll-error'; readonly at: number; readonly platform: Platform; readonly kind: string; readonly message: string; readonly help: string }
  /** An inbox's stream ended with an error that is not retryable. */
  | { readonly type: 'fatal'; readonly platform: Platform; readonly kind: string; readonly message: string; readonly help: string };

export interface DashboardState {
  readonly pageId: string;
  readonly pageName: string | undefined;
  readonly rows: ReadonlyMap<string, Row>;
  /**
   * The Page's own ids: the Page, and its Instagram account, found as the participant
   * that shows up in more than one thread (a person has one thread per Page).
   */
  readonly own: ReadonlySet<string>;
  /** Participant id -> the first thread it was seen in, to find the Page's other accounts. */
  readonly seenIn: ReadonlyMap<string, string>;
  /** Inboxes (`platform/folder`) whose first poll completed: later changes there are live. */
  readonly loaded: ReadonlySet<string>;
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

/** What the page feeds the reducer. `at` is ms since epoch on the server's clock. */
export type DashboardEvent =
  | { readonly type: 'added' | 'updated'; readonly thread: ThreadView; readonly at: number }
  | { readonly type: 'removed'; readonly id: string; readonly folder: Folder; readonly at: number }
  | { readonly type: 'polled'; readonly platform: Platform; readonly folder: Folder; readonly at: number }
  | { readonly type: 'request'; readonly at: number }
  | { readonly type: 'response'; readonly status: number; readonly at: number }
  | { readonly type: 'usage'; readonly usage: GraphUsage; readonly peak: UsagePeak; readonly at: number }
  | { readonly type: 'retry'; readonly delayMs: number; readonly attempt: number; readonly kind: string; readonly code?: number | undefined; readonly at: number }
  | { readonly type: 'poll-error'; readonly platform: Platform; readonly kind: string; readonly message: string; readonly help: string; readonly at: number }
  | { readonly type: 'fatal'; readonly platform: Platform; readonly kind: string; readonly message: string; readonly help: string; readonly at: number };

export function initialState(pageId: string): DashboardState {
  return {
    pageId,
    pageName: undefined,
    rows: new Map(),
    own: new Set([pageId]),
    seenIn: new Map(),
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

/** The key of an inbox in {@link DashboardState.loaded}. */
export const inboxKey = (platform: Platform, folder: Folder): string => `${platform}/${folder}`;

// -------------------------------------------------------------------------------------
// pure helpers
// -------------------------------------------------------------------------------------

function toRow(thread: ThreadView, own: ReadonlySet<string>, live: { at: number; change: ChangeKind } | undefined): Row {
  const people = thread.participants?.data ?? [];
  const row: Row = {
    id: thread.id,
    platform: thread.platform,
    folder: thread.folder,
    people,
    who: whoOf(people, own),
    snippet: thread.snippet ?? '',
    unread: thread.unread_count ?? 0,
    messages: thread.message_count ?? 0,
    updatedAt: thread.updated_time.getTime(),
    lastFrom: thread.messages?.data[0]?.from?.id,
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

function without<K, V>(map: ReadonlyMap<K, V>, key: K): Map<K, V> {
  const next = new Map(map);
  next.delete(key);
  return next;
}

// -------------------------------------------------------------------------------------
// reducer
// -------------------------------------------------------------------------------------

/** The Page's accounts after this thread; when one is new, every row's `who` is worked out again without it. */
function withOwnFrom(state: DashboardState, thread: ThreadView): Pick<DashboardState, 'own' | 'seenIn' | 'rows'> {
  const { own, seenIn } = learnOwn(state.own, state.seenIn, thread.id, thread.participants?.data ?? []);
  if (own === state.own) return { own, seenIn, rows: state.rows };
  const rows = new Map([...state.rows].map(([id, row]) => [id, { ...row, who: whoOf(row.people, own) }]));
  return { own, seenIn, rows };
}

function applyThread(state: DashboardState, thread: ThreadView, at: number): DashboardState {
  const learned = withOwnFrom(state, thread);
  const previous = learned.rows.get(thread.id);
  const goneFrom = state.gone.get(thread.id);
  const movedFrom = previous?.folder ?? goneFrom;
  const plain = toRow(thread, learned.own, undefined);
  const live = state.loaded.has(inboxKey(thread.platform, thread.folder));
  const kind = movedFrom !== undefined && movedFrom !== thread.folder ? 'moved' : classify(previous, plain);
  const row = live ? toRow(thread, learned.own, { at, change: kind }) : plain;
  const pageName = state.pageName ?? pageNameOf(plain.people, state.pageId);
  // A move reported as gone here, then found there, is one move: its "removed" entry goes.
  const earlier = goneFrom === undefined ? state.activity : state.activity.filter((a) => !(a.kind === 'removed' && a.threadId === thread.id));
  const activity = live
    ? pushActivity(earlier, { at, kind, threadId: row.id, who: row.who, platform: row.platform, folder: row.folder, text: activityText(kind, row, movedFrom) })
    : earlier;
  const rows = new Map(learned.rows).set(row.id, row);
  return { ...state, ...learned, pageName, rows, gone: without(state.gone, thread.id), activity };
}

function applyRemoved(state: DashboardState, id: string, folder: Folder, at: number): DashboardState {
  const row = state.rows.get(id);
  // The thread already showed up in another folder: the full scan of this one is late news.
  if (row === undefined || row.folder !== folder) return state;
  const gone = new Map(state.gone).set(id, folder);
  const activity = pushActivity(state.activity, { at, kind: 'removed', threadId: id, who: row.who, platform: row.platform, folder, text: 'removed' });
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
      const key = inboxKey(event.platform, event.folder);
      const loaded = state.loaded.has(key) ? state.loaded : new Set([...state.loaded, key]);
      // A completed poll of that inbox means the error it showed is over.
      const banner = state.banner?.type === 'poll-error' && state.banner.platform === event.platform ? undefined : state.banner;
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
      return { ...state, banner: { type: 'poll-error', at: event.at, platform: event.platform, kind: event.kind, message: event.message, help: event.help } };
    case 'fatal':
      return { ...state, banner: { type: 'fatal', platform: event.platform, kind: event.kind, message: event.message, help: event.help } };
  }
}
