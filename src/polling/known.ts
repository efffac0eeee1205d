/**
 * What a `pollDiff` loop knows between and during polls: the snapshot's threads in two
 * layers (committed, pending) and the suspects of the last full scan. Pure state, no
 * I/O; `DiffCore` reads and updates it, `snapshot()` turns it into the saved value.
 */
import { makeSnapshot, type PollSnapshot, type SnapshotEntry } from './snapshot';
import type { SnapshotChange } from './store';

/**
 * The snapshot as two layers. `committed` is what the last completed poll left: a quick
 * poll may stop at a thread equal to it, because everything older was checked. `pending`
 * holds changes already emitted by polls that have not completed (null: removed). After
 * a failed poll they stay pending, so the retry does not emit them again (it diffs against
 * both layers) yet does not stop at them either (it stops only against `committed`),
 * and still finds the changes the failed poll never reached. The snapshot keeps the
 * pending ids (`uncommitted`), so a restart from it behaves like that retry.
 *
 * Besides: the ids the last completed full scan did not see (`unconfirmed`). A full walk
 * misses a thread that moves from a page it has not read yet to one it has read (a new
 * message moves it to the front; a move to a folder already walked), so one absence is
 * only a suspicion: one sighting clears it, a second full scan without one confirms it.
 */
export class KnownThreads {
  private readonly committed: Map<string, SnapshotEntry>;
  private readonly pending = new Map<string, SnapshotEntry | null>();
  private readonly suspects: Set<string>;
  /** The suspects a full walk leaves, applied when its poll completes. */
  private nextSuspects: ReadonlySet<string> | undefined;
  private pollsDone: number;
  /** Entries set (or removed: null) since the last save that succeeded: what a store is handed. */
  private readonly unsaved = new Map<string, SnapshotEntry | null>();
  /** Whether the suspects changed since the last save that succeeded. */
  private suspectsUnsaved = false;

  constructor(start: PollSnapshot | undefined) {
    const uncommitted = new Set(start?.uncommitted ?? []);
    const threads = Object.entries(start?.threads ?? {});
    this.committed = new Map(threads.filter(([id]) => !uncommitted.has(id)));
    for (const [id, entry] of threads) if (uncommitted.has(id)) this.pending.set(id, entry);
    this.suspects = new Set(start?.unconfirmed ?? []);
    this.pollsDone = start?.polls ?? 0;
  }

  /** Completed polls: the number of the poll to run next. */
  get polls(): number {
    return this.pollsDone;
  }

  /** The entry as of the last completed poll. */
  committedEntry(id: string): SnapshotEntry | undefined {
    return this.committed.get(id);
  }

  /** The entry including changes already emitted. */
  current(id: string): SnapshotEntry | undefined {
    const pending = this.pending.get(id);
    return pending === undefined ? this.committed.get(id) : (pending ?? undefined);
  }

  set(id: string, entry: SnapshotEntry): void {
    this.pending.set(id, entry);
    this.unsaved.set(id, entry);
  }

  remove(id: string): void {
    this.pending.set(id, null);
    this.unsaved.set(id, null);
  }

  /** A walk delivered the thread: it exists, whether or not its poll completes. */
  sighted(id: string): void {
    if (this.suspects.delete(id)) this.suspectsUnsaved = true;
  }

  /** Whether the last completed full scan missed the thread and no walk has seen it since. */
  isSuspect(id: string): boolean {
    return this.suspects.has(id);
  }

  /** What a full walk leaves unconfirmed; replaces the suspects once its poll completes. */
  suspect(ids: Iterable<string>): void {
    this.nextSuspects = new Set(ids);
  }

  /** Every current entry, emitted changes included. */
  *entries(): IterableIterator<readonly [string, SnapshotEntry]> {
    for (const [id, entry] of this.committed) if (!this.pending.has(id)) yield [id, entry];
    for (const [id, entry] of this.pending) if (entry !== null) yield [id, entry];
  }

  /**
   * A poll completed: its changes become the reference of the next quick poll. A poll
   * that is not `counted` (one a webhook triggered) leaves the poll count, and so the
   * rhythm of full scans, as it was.
   */
  commit(counted = true): void {
    for (const [id, entry] of this.pending) {
      if (entry === null) this.committed.delete(id);
      else this.committed.set(id, entry);
    }
    this.pending.clear();
    if (this.nextSuspects !== undefined) {
      this.suspects.clear();
      for (const id of this.nextSuspects) if (this.committed.has(id)) this.suspects.add(id);
      this.nextSuspects = undefined;
      this.suspectsUnsaved = true;
    }
    if (counted) this.pollsDone += 1;
  }

  /**
   * What changed since the last {@link saved} change: O(changes), so a quiet poll hands a
   * store nothing but its number (and the suspects, only when they changed).
   */
  change(): SnapshotChange {
    const set: Record<string, SnapshotEntry> = {};
    const removed: string[] = [];
    for (const [id, entry] of this.unsaved) {
      if (entry === null) removed.push(id);
      // defineProperty: an id such as `__proto__` must stay a plain key.
      else Object.defineProperty(set, id, { value: entry, enumerable: true, writable: true, configurable: true });
    }
    const uncommitted = [...this.pending].filter(([, entry]) => entry !== null).map(([id]) => id);
    const present = (id: string) => this.current(id) !== undefined;
    return {
      polls: this.pollsDone,
      set,
      removed,
      ...(this.suspectsUnsaved ? { unconfirmed: [...this.suspects].filter(present) } : {}),
      uncommitted,
    };
  }

  /** A store accepted `change`: what it holds need not be handed again (unless set since). */
  saved(change: SnapshotChange): void {
    for (const id of change.removed) if (this.unsaved.get(id) === null) this.unsaved.delete(id);
    for (const [id, entry] of Object.entries(change.set)) if (this.unsaved.get(id) === entry) this.unsaved.delete(id);
    if (change.unconfirmed !== undefined) this.suspectsUnsaved = false;
  }

  snapshot(): PollSnapshot {
    const uncommitted = [...this.pending].filter(([, entry]) => entry !== null).map(([id]) => id);
    const present = (id: string) => this.current(id) !== undefined;
    return makeSnapshot(this.pollsDone, this.entries(), { unconfirmed: [...this.suspects].filter(present), uncommitted });
  }
}
