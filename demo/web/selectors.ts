/**
 * What the page reads from the state: the rows a filter shows, folder and platform
 * counts, who is waiting for an answer. Pure.
 */
import type { Folder, Platform } from '../../src/index';
import { type DashboardState, FOLDER_LABELS, FOLDER_ORDER, HIGHLIGHT_MS, inboxKey, type Row } from './model';

/** What the support lead narrowed the list to. */
export interface Filter {
  readonly platform: Platform | 'all';
  readonly folder: Folder | 'all';
  readonly unreadOnly: boolean;
  /** Matched, case-insensitively, against the people's names and the snippet. */
  readonly search: string;
}

export const NO_FILTER: Filter = { platform: 'all', folder: 'all', unreadOnly: false, search: '' };

function matches(row: Row, filter: Filter, needle: string): boolean {
  if (filter.platform !== 'all' && row.platform !== filter.platform) return false;
  if (filter.folder !== 'all' && row.folder !== filter.folder) return false;
  if (filter.unreadOnly && row.unread === 0) return false;
  return needle === '' || row.who.toLowerCase().includes(needle) || row.snippet.toLowerCase().includes(needle);
}

/** Rows newest first, as the filter narrows them. */
export function visibleRows(state: DashboardState, filter: Filter = NO_FILTER): Row[] {
  const needle = filter.search.trim().toLowerCase();
  const rows = [...state.rows.values()].filter((row) => matches(row, filter, needle));
  return rows.sort((a, b) => b.updatedAt - a.updatedAt || (a.id < b.id ? -1 : 1));
}

export interface FolderSummary {
  readonly folder: Folder;
  readonly label: string;
  readonly threads: number;
  readonly unread: number;
  readonly loaded: boolean;
}

/** Threads and unread messages per folder, on the filter's platform. */
export function folderSummaries(state: DashboardState, platform: Platform | 'all' = 'all'): FolderSummary[] {
  return FOLDER_ORDER.map((folder) => {
    let threads = 0;
    let unread = 0;
    for (const row of state.rows.values()) {
      if (row.folder !== folder || (platform !== 'all' && row.platform !== platform)) continue;
      threads += 1;
      unread += row.unread;
    }
    const loaded = [...state.loaded].some((key) => (platform === 'all' ? key.endsWith(`/${folder}`) : key === inboxKey(platform, folder)));
    return { folder, label: FOLDER_LABELS[folder], threads, unread, loaded };
  });
}

/** Threads per platform. */
export function platformCounts(state: DashboardState): Record<Platform, number> {
  const counts: Record<Platform, number> = { MESSENGER: 0, INSTAGRAM: 0 };
  for (const row of state.rows.values()) counts[row.platform] += 1;
  return counts;
}

/** Unread messages in the inbox folders (what the tab title shows). */
export function unreadTotal(state: DashboardState): number {
  let total = 0;
  for (const row of state.rows.values()) if (row.folder === 'inbox' || row.folder === 'other') total += row.unread;
  return total;
}

/** Since when the customer waits for an answer: the newest message of an open thread is theirs. */
export function waitingSince(row: Row, state: DashboardState): number | undefined {
  if (row.folder === 'page_done' || row.folder === 'spam') return undefined;
  return row.lastFrom !== undefined && !state.own.has(row.lastFrom) ? row.updatedAt : undefined;
}

export function isHighlighted(row: Row, now: number): boolean {
  return row.changedAt !== undefined && now - row.changedAt < HIGHLIGHT_MS;
}
