/**
 * `GET /{page-id}/conversations`: one page of a folder's threads, newest first.
 */
import { decodeCursor, encodeCursor } from './cursors';
import { GraphFailure, invalidCursor, invalidParameter } from './errors';
import { buildUrl, continuationParams, pagingObject, windowBounds, type LinkContext } from './links';
import type { PageRecord, ThreadRecord } from './model';
import { readCursors, readFields, readFolder, readLimit, readPlatform, readUserId, type Query } from './params';
import type { ThreadStore } from './store';
import { renderThread, validateThreadFields } from './threadView';

export function serveConversations(
  store: ThreadStore,
  page: PageRecord,
  query: Query,
  links: LinkContext,
  /** The id the request named the Page by (`me`, the Page id, the Instagram account id), repeated in paging links. */
  pathId: string = page.spec.id,
  instagramLogin = false,
): { data: unknown[]; paging?: Record<string, unknown> } {
  const platform = instagramLogin ? readInstagramLoginPlatform(query) : readPlatform(query);
  if (platform === 'INSTAGRAM' && page.spec.instagram === undefined) {
    throw new GraphFailure(100, {
      message: `(#100) Page ${page.spec.id} is not linked to an Instagram professional account: platform INSTAGRAM is not available`,
    });
  }
  const folder = readFolder(query);
  const limit = readLimit(query['limit']);
  const userId = readUserId(query);
  const cursors = readCursors(query);
  const fields = readFields(query);
  validateThreadFields(fields);

  // With user_id the list is that person's thread (or nothing); else the whole folder.
  const filtered =
    userId === undefined
      ? undefined
      : [store.threadOfUser(page.spec.id, userId)].filter(
          (thread): thread is ThreadRecord => thread !== undefined && thread.platform === platform && thread.folder === folder,
        );
  const all = filtered ?? store.list(page.spec.id, platform, folder);
  // Instagram Login: Requests-folder threads inactive for 30 days are not returned.
  const list = instagramLogin && folder === 'other' ? all.filter((thread) => thread.updatedMs >= store.nowMs - REQUESTS_KEPT_MS) : all;
  const positionOf = (cursor: string): number => {
    const decoded = decodeCursor(cursor);
    const thread = decoded?.kind === 'thread' ? store.thread(decoded.threadId) : undefined;
    // A deleted thread, or one now in another folder, makes the cursor invalid.
    const position =
      thread === undefined ? -1 : filtered === undefined ? positionInFolder(store, thread, page, platform, folder) : filtered.indexOf(thread);
    if (position < 0) throw invalidCursor();
    return position;
  };
  const bounds = windowBounds(
    list.length,
    limit,
    cursors.after !== undefined
      ? { after: positionOf(cursors.after) }
      : cursors.before !== undefined
        ? { before: positionOf(cursors.before) }
        : undefined,
  );
  const items = list.slice(bounds.start, bounds.end);
  const paging = pagingObject(
    { items, hasNext: bounds.end < list.length, hasPrevious: bounds.start > 0, limit },
    (thread) => ({ cursor: encodeCursor({ kind: 'thread', threadId: thread.id }), timeMs: thread.updatedMs }),
    (params) => buildUrl(links, [pathId, 'conversations'], [...continuationParams(links, limit), ...params]),
    links.realism,
  );
  return { data: items.map((thread) => renderThread(thread, page.spec, fields, links)), ...(paging === undefined ? {} : { paging }) };
}

const REQUESTS_KEPT_MS = 30 * 24 * 3600 * 1000;

/** graph.instagram.com serves Instagram conversations only: `platform=instagram` (or none). */
function readInstagramLoginPlatform(query: Query): 'INSTAGRAM' {
  const platform = readPlatform({ ...query, platform: query['platform'] ?? 'instagram' });
  if (platform !== 'INSTAGRAM') throw invalidParameter('platform', 'instagram with Instagram Login', query['platform'] ?? '');
  return platform;
}

function positionInFolder(store: ThreadStore, thread: ThreadRecord, page: PageRecord, platform: string, folder: string): number {
  const inList = thread.pageId === page.spec.id && thread.platform === platform && thread.folder === folder;
  return inList ? store.positionOf(thread) : -1;
}
