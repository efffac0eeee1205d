/**
 * The emulator's state: Pages, their per-folder thread lists (newest first) and the
 * mutation API. Lists stay sorted by `updated_time`, so a thread's position is found by
 * binary search in O(log N): a page of results costs O(limit), whatever N is.
 */
import { PAGE_LINES, USER_LINES } from './corpus';
import { graphMessageId } from './messages';
import { FOLDERS, listKey, messageCount, PLATFORMS, type PageRecord, type ThreadRecord } from './model';
import { hashString, hexDigits, mix32, mulberry32, pickBy, type Random } from './random';
import { IdMint, seedList } from './seed';
import { LogicalClock } from './time';
import type { Folder, PageSpec, Platform } from './types';

const EMPTY: readonly ThreadRecord[] = [];

export interface NewThread {
  readonly folder?: Folder;
  readonly platform?: Platform;
  readonly from?: string;
  readonly text?: string;
}

export class ThreadStore {
  private readonly pages = new Map<string, PageRecord>();
  private readonly byId = new Map<string, ThreadRecord>();
  private readonly mint = new IdMint();
  private readonly clock: LogicalClock;
  /** Ids of threads and messages created by mutations. */
  private readonly random: Random;

  constructor(
    specs: readonly PageSpec[],
    seed: number,
    baseMs: number,
    /** Ids shaped like today's Graph ids (realism `graph`). */
    private readonly graphIds = false,
  ) {
    this.clock = new LogicalClock(baseMs);
    this.random = mulberry32(mix32(seed, 0x6d757461));
    for (const spec of specs) this.seedPage(spec, seed, baseMs);
  }

  /** The emulator's current time: its clock's latest tick, or the base. */
  get nowMs(): number {
    return this.clock.now;
  }

  get pageIds(): readonly string[] {
    return [...this.pages.keys()];
  }

  page(pageId: string): PageRecord | undefined {
    return this.pages.get(pageId);
  }

  thread(threadId: string): ThreadRecord | undefined {
    return this.byId.get(threadId);
  }

  list(pageId: string, platform: Platform, folder: Folder): readonly ThreadRecord[] {
    return this.pages.get(pageId)?.lists.get(listKey(platform, folder)) ?? EMPTY;
  }

  /** The thread of one person on a Page (each seeded or added person has exactly one). */
  threadOfUser(pageId: string, userId: string): ThreadRecord | undefined {
    const page = this.pages.get(pageId);
    if (page === undefined) return undefined;
    // Built on first use only: most runs never filter by user, and seeding stays lean.
    page.byUser ??= new Map([...page.lists.values()].flatMap((list) => list.map((thread) => [thread.userId, thread] as const)));
    return page.byUser.get(userId);
  }

  /** Index of the thread in its list, or -1. */
  positionOf(thread: ThreadRecord): number {
    return positionIn(this.list(thread.pageId, thread.platform, thread.folder), thread);
  }

  // --- mutations: each takes a clock tick, so updated_time strictly increases ---

  addThread(pageId: string, init: NewThread = {}): ThreadRecord {
    const page = this.requirePage(pageId, 'addThread');
    const platform = init.platform ?? 'MESSENGER';
    if (platform === 'INSTAGRAM' && page.spec.instagram === undefined) {
      throw new Error(`emulator.addThread: page '${pageId}' has no instagram account, so it cannot host INSTAGRAM threads`);
    }
    const time = this.clock.tick();
    const thread: ThreadRecord = {
      id: this.mint.threadId(this.random, time, { graphIds: this.graphIds, platform }),
      pageId,
      platform,
      folder: init.folder ?? 'inbox',
      updatedMs: time,
      unread: 1,
      seed: Math.floor(this.random() * 0x100000000),
      seededCount: 0,
      seededNewestMs: time,
      gapMs: 0,
      userId: this.mint.userId(this.random, platform),
      userName: init.from,
      added: undefined,
      graphIds: this.graphIds,
    };
    thread.added = [this.newMessage(thread, time, init.text, false)];
    this.byId.set(thread.id, thread);
    page.byUser?.set(thread.userId, thread);
    this.mutableList(page, platform, thread.folder).unshift(thread);
    return thread;
  }

  /** Appends a message: the thread gets the newest time and moves to the front. */
  addMessage(pageId: string, threadId: string, init: { readonly text?: string; readonly fromPage?: boolean } = {}): ThreadRecord {
    const thread = this.requireThread(pageId, threadId, 'addMessage');
    const time = this.clock.tick();
    const fromPage = init.fromPage ?? false;
    const list = this.detach(thread);
    (thread.added ??= []).push(this.newMessage(thread, time, init.text, fromPage));
    thread.updatedMs = time;
    // A Page reply means the Page has read the thread.
    thread.unread = fromPage ? 0 : thread.unread + 1;
    list.unshift(thread);
    return thread;
  }

  /** Changes folder without touching updated_time (the thread keeps its place in time). */
  moveThread(pageId: string, threadId: string, folder: Folder): ThreadRecord {
    const thread = this.requireThread(pageId, threadId, 'moveThread');
    this.clock.tick();
    this.detach(thread);
    thread.folder = folder;
    const list = this.mutableList(this.requirePage(pageId, 'moveThread'), thread.platform, folder);
    list.splice(insertionPoint(list, thread.updatedMs), 0, thread);
    return thread;
  }

  deleteThread(pageId: string, threadId: string): void {
    const thread = this.requireThread(pageId, threadId, 'deleteThread');
    this.clock.tick();
    this.detach(thread);
    this.byId.delete(thread.id);
    this.requirePage(pageId, 'deleteThread').byUser?.delete(thread.userId);
  }

  markRead(pageId: string, threadId: string): ThreadRecord {
    const thread = this.requireThread(pageId, threadId, 'markRead');
    this.clock.tick();
    thread.unread = 0;
    return thread;
  }

  // --- internals ---

  private seedPage(spec: PageSpec, seed: number, baseMs: number): void {
    if (this.pages.has(spec.id)) throw new Error(`startEmulator: page '${spec.id}' is listed twice`);
    const page: PageRecord = { spec, lists: new Map(), byUser: undefined };
    this.pages.set(spec.id, page);
    PLATFORMS.forEach((platform, p) => {
      FOLDERS.forEach((folder, f) => {
        const count = spec.threads[platform]?.[folder] ?? 0;
        if (!Number.isInteger(count) || count < 0) {
          throw new Error(`startEmulator: page '${spec.id}' ${platform} ${folder} count must be a whole number >= 0, got ${count}`);
        }
        if (count > 0 && platform === 'INSTAGRAM' && spec.instagram === undefined) {
          throw new Error(`startEmulator: page '${spec.id}' has INSTAGRAM threads but no instagram account: add instagram: { id, username }`);
        }
        // One generator per list, so changing one count keeps the others' names and times.
        const random = mulberry32(mix32(mix32(seed, hashString(spec.id)), p * 8 + f));
        const threads = seedList({ pageId: spec.id, platform, folder, count, baseMs, graphIds: this.graphIds }, random, this.mint, (thread) => {
          this.byId.set(thread.id, thread);
        });
        page.lists.set(listKey(platform, folder), threads);
      });
    });
  }

  private newMessage(thread: ThreadRecord, time: number, text: string | undefined, fromPage: boolean) {
    const lines = fromPage ? PAGE_LINES : USER_LINES;
    return {
      id: this.graphIds ? graphMessageId(thread, messageCount(thread)) : `m_mid.${time + Math.floor(this.random() * 1000)}:${hexDigits(this.random, 10)}`,
      createdMs: time,
      text: text ?? pickBy(lines, mix32(thread.seed, messageCount(thread))),
      fromPage,
    };
  }

  /** Removes the thread from its list and returns that list. */
  private detach(thread: ThreadRecord): ThreadRecord[] {
    const list = this.mutableList(this.requirePage(thread.pageId, 'detach'), thread.platform, thread.folder);
    const position = positionIn(list, thread);
    if (position >= 0) list.splice(position, 1);
    return list;
  }

  private mutableList(page: PageRecord, platform: Platform, folder: Folder): ThreadRecord[] {
    const key = listKey(platform, folder);
    let list = page.lists.get(key);
    if (list === undefined) {
      list = [];
      page.lists.set(key, list);
    }
    return list;
  }

  private requirePage(pageId: string, operation: string): PageRecord {
    const page = this.pages.get(pageId);
    if (page === undefined) throw new Error(`emulator.${operation}: no page '${pageId}' (pages: ${this.pageIds.join(', ')})`);
    return page;
  }

  private requireThread(pageId: string, threadId: string, operation: string): ThreadRecord {
    this.requirePage(pageId, operation);
    const thread = this.byId.get(threadId);
    if (thread === undefined || thread.pageId !== pageId) {
      throw new Error(`emulator.${operation}: no thread '${threadId}' on page '${pageId}'`);
    }
    return thread;
  }
}

/** First index whose time is <= `time` (lists are sorted newest first). */
function firstAtOrBefore(list: readonly ThreadRecord[], time: number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((list[middle]?.updatedMs ?? -Infinity) > time) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Where to insert a thread of `time`: after every thread at least as new. */
function insertionPoint(list: readonly ThreadRecord[], time: number): number {
  let index = firstAtOrBefore(list, time);
  while (list[index]?.updatedMs === time) index += 1;
  return index;
}

function positionIn(list: readonly ThreadRecord[], thread: ThreadRecord): number {
  for (let index = firstAtOrBefore(list, thread.updatedMs); index < list.length; index += 1) {
    const candidate = list[index];
    if (candidate === thread) return index;
    if (candidate === undefined || candidate.updatedMs !== thread.updatedMs) return -1;
  }
  return -1;
}
