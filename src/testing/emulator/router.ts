/**
 * Which object a path names, and the GET routes over it:
 * `/{v}/{page-id}/conversations`, `/{v}/{thread-id}`, `/{v}/{thread-id}/messages`
 * (and a minimal Page node). The version segment is optional; segments are decoded.
 */
import { serveConversations } from './conversationsRoute';
import { nonexistingField, unsupportedRequest } from './errors';
import { continuationParams, type LinkContext } from './links';
import { messagesPage, validateMessageFields } from './messagesEdge';
import type { PageRecord, ThreadRecord } from './model';
import { readCursors, readFields, readLimit, type Query } from './params';
import { projectObject } from './project';
import type { ThreadStore } from './store';
import { renderThread, validateThreadFields } from './threadView';

const VERSION = /^v\d+\.\d+$/;

/**
 * Who `me` is: with a Page token the first Page; with Instagram Login
 * (graph.instagram.com) the Instagram professional account of `instagramLogin`'s Page,
 * also reachable by that account's id, while Page ids are not nodes there.
 */
export interface Identity {
  /** The Page `me` names. */
  readonly me: string | undefined;
  /** Set when the server plays graph.instagram.com for this Page's Instagram account. */
  readonly instagramLogin: string | undefined;
}

export interface ResolvedPath {
  readonly version: string | undefined;
  /** Decoded segments after the version. */
  readonly segments: readonly string[];
  readonly page: PageRecord | undefined;
  readonly thread: ThreadRecord | undefined;
  /** The Page the request is about: the named Page, or the named thread's Page. */
  readonly pageId: string | undefined;
  /** The request came through Instagram Login (graph.instagram.com): an Instagram account's inbox. */
  readonly instagramLogin: boolean;
}

/** Splits and decodes a path (`%3A` -> `:`); a segment that fails to decode stays raw. */
export function splitPath(pathname: string): string[] {
  return pathname
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

export function resolvePath(store: ThreadStore, pathname: string, identity: Identity = { me: undefined, instagramLogin: undefined }): ResolvedPath {
  const all = splitPath(pathname);
  const version = all[0] !== undefined && VERSION.test(all[0]) ? all[0] : undefined;
  const segments = version === undefined ? all : all.slice(1);
  const id = segments[0] ?? '';
  const page = pageNamed(store, id, identity);
  const thread = page === undefined ? store.thread(id) : undefined;
  const instagramLogin = identity.instagramLogin !== undefined;
  return { version, segments, page, thread, pageId: page?.spec.id ?? thread?.pageId, instagramLogin };
}

function pageNamed(store: ThreadStore, id: string, identity: Identity): PageRecord | undefined {
  if (identity.instagramLogin !== undefined) {
    const page = store.page(identity.instagramLogin);
    return id === 'me' || id === page?.spec.instagram?.id ? page : undefined;
  }
  return store.page(id === 'me' ? (identity.me ?? '') : id);
}

/** Serves an authorised request; throws GraphFailure for Graph errors. */
export function route(store: ThreadStore, method: string, target: ResolvedPath, query: Query, links: LinkContext): unknown {
  const [id = '', edge, ...rest] = target.segments;
  if (method !== 'GET' || rest.length > 0) throw unsupportedRequest(method, id);
  if (target.page !== undefined) {
    if (edge === undefined) return pageNode(target.page, query);
    if (edge === 'conversations') return serveConversations(store, target.page, query, links, id, target.instagramLogin);
    throw nonexistingField(edge, 'Page');
  }
  const thread = target.thread;
  const page = thread === undefined ? undefined : store.page(thread.pageId)?.spec;
  if (thread === undefined || page === undefined) throw unsupportedRequest(method, id);
  if (edge === undefined) {
    const fields = readFields(query);
    validateThreadFields(fields);
    return renderThread(thread, page, fields, links);
  }
  if (edge !== 'messages') throw nonexistingField(edge, 'UnifiedThread');
  const fields = readFields(query);
  validateMessageFields(fields);
  const limit = readLimit(query['limit']);
  return messagesPage(thread, page, { limit, ...readCursors(query), fields, params: continuationParams(links, limit) }, links);
}

function pageNode(page: PageRecord, query: Query): unknown {
  const fields = readFields(query);
  const known = new Set(['id', 'name', 'instagram_business_account']);
  const unknown = fields?.find((field) => !known.has(field.name));
  if (unknown !== undefined) throw nonexistingField(unknown.name, 'Page');
  const node: Record<string, unknown> = { name: page.spec.name, id: page.spec.id };
  if (page.spec.instagram !== undefined) node['instagram_business_account'] = { id: page.spec.instagram.id };
  return fields === undefined ? { name: page.spec.name, id: page.spec.id } : projectObject(node, fields);
}
