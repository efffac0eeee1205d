import { defer, distinct, from, map, mergeMap, type Observable, throwError } from 'rxjs';
import { Folder, FOLDERS } from '../codecs/filters';
import { applyWalkPolicy, WalkObservable } from '../conversations/walkObservable';
import { InvalidInputError } from '../errors/invalidInputError';

/**
 * Settings of {@link mergeFolders}.
 *
 * @example
 * ```ts
 * const config: MergeFoldersConfig = { concurrency: 2 };
 * ```
 */
export interface MergeFoldersConfig {
  /** How many folders are walked at once. Default: all. */
  concurrency?: number;
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

function checkFolders(folders: unknown): InvalidInputError | undefined {
  if (!Array.isArray(folders) || folders.length === 0) return new InvalidInputError('folders', `expected a non-empty array of ${FOLDERS.join(', ')}`);
  const unknown = folders.filter((f) => !Folder.is(f));
  if (unknown.length > 0) return new InvalidInputError('folders', `unknown folder ${unknown.map((f) => JSON.stringify(f)).join(', ')}; expected ${FOLDERS.join(', ')}`);
  if (new Set(folders).size !== folders.length) return new InvalidInputError('folders', 'each folder may be given once');
  return undefined;
}

/**
 * One stream of threads from several folders, each tagged with its `folder`. The
 * folders are walked in parallel, up to `concurrency` at once (default all), so a full
 * read takes about as long as the slowest folder rather than the sum.
 *
 * Each thread is emitted once: a thread that moves between folders while they are
 * walked can be seen in both, and only its first sighting is emitted (a later
 * `pollDiff` full scan reports the move). An error in one folder ends the whole stream
 * and stops the other walks; unsubscribing stops them all.
 *
 * The result is a walk: `retryOnRateLimit` and `throttleByUsage` applied to it act on
 * every folder's page requests (a retry re-sends one folder's failing page).
 *
 * @example
 * ```ts
 * mergeFolders(['inbox', 'other', 'page_done', 'spam'], (folder) => conversations$('1001', { ...opts, folder }))
 *   .pipe(retryOnRateLimit())
 *   .subscribe((thread) => console.log(thread.folder, thread.id));
 * // inbox t_1, spam t_7, other t_3, inbox t_2 ...
 * ```
 *
 * @param folders - the folders to read, each once.
 * @param factory - the walk of one folder.
 * @param config - how many folders to walk at once.
 * @return the threads of all folders, each tagged with its folder.
 */
export function mergeFolders<T extends { readonly id: string }>(
  folders: readonly Folder[],
  factory: (folder: Folder) => Observable<T>,
  config: MergeFoldersConfig = {},
): WalkObservable<InFolder<T>> {
  const concurrency = config.concurrency ?? Infinity;
  const invalid =
    checkFolders(folders) ??
    (concurrency === Infinity || (Number.isInteger(concurrency) && concurrency >= 1) ? undefined : new InvalidInputError('concurrency', 'expected a whole number >= 1'));
  return new WalkObservable((policy) => {
    if (invalid !== undefined) return throwError(() => invalid);
    return defer(() =>
      from(folders).pipe(
        mergeMap((folder) => applyWalkPolicy(factory(folder), policy).pipe(map((thread): InFolder<T> => ({ ...thread, folder }))), concurrency),
        distinct((thread) => thread.id),
      ),
    );
  });
}
