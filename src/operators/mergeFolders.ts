import { left, right } from 'fp-ts/lib/Either.js';
import { Observable, type Subscriber, throwError } from 'rxjs';
import { Folder, FOLDERS } from '../codecs/filters';
import { offeringDemand, type PageDemand, withdrawDemand } from '../conversations/demand';
import { InvalidInputError } from '../errors/invalidInputError';
import { showInputs } from '../errors/showInput';
import { type Checked, rejected, rejectedValue } from '../options/check';
import { KeySet } from '../conversations/keySet';

/**
 * What `mergeFolders` needs of a thread: an `id` to dedupe by, an `updated_time` to order by.
 *
 * @example
 * ```ts
 * const thread: MergeableThread = { id: 't_1', updated_time: new Date('2024-03-01T12:30:05Z') };
 * ```
 */
export interface MergeableThread {
  readonly id: string;
  readonly updated_time: Date;
}

/**
 * A thread tagged with the folder it was read from.
 *
 * @example
 * ```ts
 * const label = (t: InFolder<Thread>) => `${t.folder}: ${t.snippet ?? ''}`;
 * ```
 */
export type InFolder<T> = T & { readonly folder: Folder };

function checkFolders(folders: unknown, factory: unknown): Checked<unknown> {
  if (!Array.isArray(folders) || folders.length === 0) return rejectedValue('folders', `a non-empty array of ${FOLDERS.join(', ')}`, folders);
  const unknown = folders.filter((f) => !Folder.is(f));
  if (unknown.length > 0) return rejected('folders', FOLDERS.join(', '), `unknown folder ${showInputs(unknown)}`);
  if (new Set(folders).size !== folders.length) return left(new InvalidInputError('folders', 'each folder may be given once'));
  return typeof factory === 'function' ? right(factory) : rejectedValue('factory', 'a function (folder) => the walk of that folder', factory);
}

/** One folder's walk as the merge sees it: what it delivered and nobody took yet. */
class Lane<T> {
  private items: T[] = [];
  private start = 0;
  done = false;
  private wanted: Subscriber<unknown> | undefined;

  constructor(readonly folder: Folder) {}

  get size(): number {
    return this.items.length - this.start;
  }

  head(): T | undefined {
    return this.items[this.start];
  }

  push(item: T): void {
    this.items.push(item);
    this.arrived += 1;
  }

  /** Threads delivered since the walk was last let go on: about one page. */
  private arrived = 0;

  /**
   * Whether the walk may request its next page: once half of what its last page brought
   * was taken. Why half and not empty: the next page is then on its way while the other
   * half is merged, so a full walk over several folders waits for their pages side by
   * side, not one after another. Why not at once: `take(1)` and a quiet poll take a
   * thread or two, far less than half a page, and must stay one request per folder.
   */
  private low(): boolean {
    return this.size <= this.arrived / 2;
  }

  private release(wanted: Subscriber<unknown>): void {
    this.arrived = 0;
    wanted.next(true);
    wanted.complete();
  }

  shift(): T | undefined {
    const item = this.items[this.start];
    this.start += 1;
    // The taken part goes once it is half the buffer (a copy of at most the other half,
    // so O(1) a thread), not only when the lane runs empty: a lane whose next page comes
    // while it still holds threads may never run empty, and would keep every thread it
    // ever passed on.
    if (this.start * 2 >= this.items.length) {
      this.items = this.items.slice(this.start);
      this.start = 0;
    }
    return item;
  }

  /** The walk asks before each later page; it gets it once this lane runs low (see `low`). */
  readonly demand: PageDemand = {
    ready: () =>
      new Observable<unknown>((subscriber) => {
        if (this.low()) {
          this.release(subscriber);
          return undefined;
        }
        this.wanted = subscriber;
        return () => {
          if (this.wanted === subscriber) this.wanted = undefined;
        };
      }),
  };

  /** Lets a waiting walk request its next page, when this lane runs low. */
  releaseIfLow(): void {
    const wanted = this.wanted;
    if (wanted === undefined || !this.low()) return;
    this.wanted = undefined;
    this.release(wanted);
  }
}

/**
 * One stream of threads from several folders, newest first across all of them (a k-way
 * merge by `updated_time`), each tagged with its `folder` and emitted once (by `id`).
 * Since the result is in the same order as one folder's walk, `pollDiff` can read it: a
 * quick poll stops at the first known thread whatever its folder, and a thread found in
 * another folder than the snapshot says is one `updated` change (a move).
 *
 * Every folder's first page is requested at once, in parallel. A thread is emitted when
 * every folder still walking has a thread ready (or is done), the newest of them first
 * (ties: the folder listed first). A folder's next page is requested once half of its
 * current page was taken, so the pages of a full walk are on their way side by side while
 * the rest is merged; `take(1)` costs one request per folder, and a quiet `pollDiff` poll
 * one request per folder (a consumer that takes more than half a page from a folder and
 * then stops may leave one page of it requested for nothing). This pull works for walks of `conversations$` subscribed
 * by the factory's Observable when it is subscribed (through any chain of ordinary
 * operators, `map` included); a walk subscribed later (after a `delay`, or again by a
 * retry on the stream) reads ahead and its threads wait in memory: the same output, more
 * requests. The order is as good as each folder's: a folder that is not newest first
 * makes the merge not newest first either (`pollDiff` notices and walks everything).
 *
 * Memory: the threads of each folder's current page not emitted yet, and a 53-bit hash of
 * the id of every thread emitted so far (for the dedupe: a thread that moves between
 * folders while they are walked can be seen in both; its first sighting is emitted), at
 * most 16 bytes a thread for one subscription, freed when it ends. Two ids with the same
 * hash (about n²/2⁵⁴ for n threads: 6·10⁻⁵ for a million) would hold back the second.
 *
 * An error in one folder ends the whole stream and stops the other walks; unsubscribing
 * stops them all. Bad `folders` error on subscribe with an `InvalidInputError`.
 *
 * @example
 * ```ts
 * const throttle = createUsageThrottle();
 * const perPage = pipe(throttleByUsage({ throttle }), retryOnRateLimit());
 * mergeFolders(FOLDERS, (folder) => conversations$('1001', { accessToken, folder, perPage }))
 *   .pipe(pollDiff({ intervalMs: 30_000 }))
 *   .subscribe((change) => console.log(change.type, change.thread.folder, change.thread.id));
 * // updated inbox t_1 ... and a move: updated page_done t_7 (change.previous.folder: 'inbox')
 * ```
 *
 * @param folders - the folders to read, each once.
 * @param factory - the walk of one folder, newest first.
 * @return the threads of all folders, newest first, each tagged with its folder.
 */
export function mergeFolders<T extends MergeableThread>(folders: readonly Folder[], factory: (folder: Folder) => Observable<T>): Observable<InFolder<T>> {
  const checked = checkFolders(folders, factory);
  if (checked._tag === 'Left') return throwError(() => checked.left);
  return new Observable<InFolder<T>>((subscriber) => {
    const lanes = folders.map((folder) => new Lane<T>(folder));
    // Hashes of the ids, not the ids: at most 16 bytes a thread (see KeySet).
    const emitted = new KeySet();
    let draining = false;
    let again = false;

    /** The lane whose head goes next; 'wait' while a walking lane has nothing ready; undefined when all are done. */
    const pick = (): Lane<T> | 'wait' | undefined => {
      let best: Lane<T> | undefined;
      let bestTime = Number.NEGATIVE_INFINITY;
      for (const lane of lanes) {
        const head = lane.head();
        if (head === undefined) {
          if (!lane.done) return 'wait';
          continue;
        }
        const time = head.updated_time.getTime();
        if (best === undefined || time > bestTime) {
          best = lane;
          bestTime = time;
        }
      }
      return best;
    };

    // A lane's walk may deliver synchronously while we emit (a release, a sync source):
    // it then only marks `again`, and the loop running already picks its threads up.
    const drain = (): void => {
      if (draining) {
        again = true;
        return;
      }
      draining = true;
      try {
        do {
          again = false;
          for (;;) {
            if (subscriber.closed) return;
            const lane = pick();
            if (lane === 'wait') break;
            if (lane === undefined) {
              subscriber.complete();
              return;
            }
            const thread = lane.shift();
            if (thread === undefined || !emitted.add(thread.id)) continue;
            subscriber.next({ ...thread, folder: lane.folder });
          }
          for (const lane of lanes) lane.releaseIfLow();
        } while (again);
      } finally {
        draining = false;
      }
    };

    for (const lane of lanes) {
      if (subscriber.closed) break;
      try {
        const subscription = offeringDemand(lane.demand, () =>
          factory(lane.folder).subscribe({
            next: (thread) => {
              withdrawDemand(lane.demand);
              lane.push(thread);
              drain();
            },
            error: (error: unknown) => {
              withdrawDemand(lane.demand);
              subscriber.error(error);
            },
            complete: () => {
              withdrawDemand(lane.demand);
              lane.done = true;
              drain();
            },
          }),
        );
        subscriber.add(subscription);
      } catch (error) {
        subscriber.error(error);
      }
    }
    return undefined;
  });
}
