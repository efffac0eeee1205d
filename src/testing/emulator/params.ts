/**
 * Validation of query parameters shared by the routes. Each function reads one
 * parameter and either returns its value or throws the GraphFailure Graph would send.
 */
import { GraphFailure, invalidParameter } from './errors';
import { parseFields, type FieldNode } from './fieldSyntax';
import { cursorOfToken } from './links';
import { FOLDERS } from './model';
import type { Folder, Platform } from './types';

export const DEFAULT_LIMIT = 25;
export const MAX_LIMIT = 100;

export type Query = Readonly<Record<string, string>>;

export function readFolder(query: Query): Folder {
  const raw = query['folder'];
  if (raw === undefined) return 'inbox';
  const folder = FOLDERS.find((candidate) => candidate === raw.toLowerCase());
  if (folder === undefined) throw invalidParameter('folder', 'one of {inbox, other, page_done, spam}', raw);
  return folder;
}

export function readPlatform(query: Query): Platform {
  const raw = query['platform'];
  if (raw === undefined) return 'MESSENGER';
  const upper = raw.toUpperCase();
  if (upper !== 'MESSENGER' && upper !== 'INSTAGRAM') throw invalidParameter('platform', 'one of {MESSENGER, INSTAGRAM}', raw);
  return upper;
}

/** Page size: default 25, silently capped at 100, a positive integer or code 100. */
export function readLimit(raw: string | undefined, name = 'limit'): number {
  if (raw === undefined) return DEFAULT_LIMIT;
  if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw invalidParameter(name, 'a positive integer', raw);
  return Math.min(Number(raw), MAX_LIMIT);
}

export function readUserId(query: Query): string | undefined {
  const raw = query['user_id'];
  if (raw === undefined) return undefined;
  if (raw.trim() === '') throw invalidParameter('user_id', 'a non-empty id', raw);
  return raw;
}

export interface CursorParams {
  readonly after?: string;
  readonly before?: string;
}

/** `after`/`before`, or a `__paging_token` (with `__previous=1` it pages backwards). */
export function readCursors(query: Query): CursorParams {
  const token = query['__paging_token'];
  const backwards = query['__previous'] === '1';
  const after = query['after'] ?? (token !== undefined && !backwards ? cursorOfToken(token) : undefined);
  const before = query['before'] ?? (token !== undefined && backwards ? cursorOfToken(token) : undefined);
  if (after !== undefined && before !== undefined) {
    throw new GraphFailure(100, { message: '(#100) Only one of the parameters after and before can be given' });
  }
  return { ...(after === undefined ? {} : { after }), ...(before === undefined ? {} : { before }) };
}

/** The parsed `fields` selection; undefined when absent or empty (default fields). */
export function readFields(query: Query): readonly FieldNode[] | undefined {
  const raw = query['fields'];
  if (raw === undefined || raw.trim() === '') return undefined;
  const parsed = parseFields(raw);
  if (!parsed.ok) throw new GraphFailure(2500, { message: parsed.message });
  return parsed.fields;
}
