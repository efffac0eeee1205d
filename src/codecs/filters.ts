import * as t from 'io-ts';

/**
 * A conversations folder: `inbox` (the default), `other`, `page_done` (archived) or `spam`.
 *
 * @example
 * ```ts
 * Folder.is('page_done'); // true
 * ```
 */
export const Folder = t.keyof({ inbox: null, other: null, page_done: null, spam: null }, 'Folder');
/** A conversations folder. */
export type Folder = t.TypeOf<typeof Folder>;
/**
 * Every folder, inbox first.
 *
 * @example
 * ```ts
 * const walks = FOLDERS.map((folder) => conversations$(pageId, { accessToken, folder }));
 * ```
 */
export const FOLDERS = Object.keys(Folder.keys) as readonly Folder[];

/**
 * The inbox a thread belongs to: `MESSENGER` (the default) or `INSTAGRAM`.
 *
 * @example
 * ```ts
 * Platform.is('INSTAGRAM'); // true
 * ```
 */
export const Platform = t.keyof({ MESSENGER: null, INSTAGRAM: null }, 'Platform');
/** The inbox a thread belongs to. */
export type Platform = t.TypeOf<typeof Platform>;
/**
 * Both platforms.
 *
 * @example
 * ```ts
 * PLATFORMS; // ['MESSENGER', 'INSTAGRAM']
 * ```
 */
export const PLATFORMS = Object.keys(Platform.keys) as readonly Platform[];
