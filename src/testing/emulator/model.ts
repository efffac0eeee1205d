/**
 * The emulator's internal records. Kept deliberately small: a seeded thread stores a
 * seed and a few numbers, and its messages are derived from them on demand, so 100k
 * threads fit in a few tens of megabytes.
 */
import type { Folder, PageSpec, Platform } from './types';

/** A message added through the mutation API (seeded messages are never stored). */
export interface AddedMessage {
  readonly id: string;
  readonly createdMs: number;
  readonly text: string;
  readonly fromPage: boolean;
}

export interface ThreadRecord {
  readonly id: string;
  readonly pageId: string;
  readonly platform: Platform;
  folder: Folder;
  /** Time of the newest message; lists are sorted on it, newest first. */
  updatedMs: number;
  unread: number;
  /** Drives every derived value (name, message texts and ids, attachments). */
  readonly seed: number;
  /** Seeded messages: `seededCount` of them, the newest at `seededNewestMs`, about `gapMs` apart. */
  readonly seededCount: number;
  readonly seededNewestMs: number;
  readonly gapMs: number;
  readonly userId: string;
  /** Set only when the test chose the name (`addThread({ from })`); else derived from the seed. */
  readonly userName: string | undefined;
  added: AddedMessage[] | undefined;
  /** Message ids shaped like today's Graph ids (realism `graph`). */
  readonly graphIds: boolean;
}

export interface PageRecord {
  readonly spec: PageSpec;
  /** One list per platform and folder, newest first. */
  readonly lists: Map<string, ThreadRecord[]>;
  /** Page-scoped user id -> that person's thread (every person has exactly one); built lazily. */
  byUser: Map<string, ThreadRecord> | undefined;
}

export const FOLDERS: readonly Folder[] = ['inbox', 'other', 'page_done', 'spam'];
export const PLATFORMS: readonly Platform[] = ['MESSENGER', 'INSTAGRAM'];

export function listKey(platform: Platform, folder: Folder): string {
  return `${platform}/${folder}`;
}

export function messageCount(thread: ThreadRecord): number {
  return thread.seededCount + (thread.added?.length ?? 0);
}
