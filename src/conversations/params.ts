import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { FOLDERS, Folder, PLATFORMS, Platform } from '../codecs/filters';
import { REQUIRED_THREAD_FIELDS, THREAD_FIELDS, type ThreadField } from '../codecs/thread';
import { InvalidInputError } from '../errors/invalidInputError';

/** Graph node ids: digits for Pages and people, `t_mid.1460972298060:1e3b...` for threads, `me`. */
const NODE_ID = /^[A-Za-z0-9_.:-]{1,256}$/;
export const MAX_LIMIT = 100;

/**
 * The fields requested when `fields` is not given: enough to list an inbox.
 *
 * @example
 * ```ts
 * conversations$(pageId, { accessToken, fields: [...DEFAULT_THREAD_FIELDS, 'senders'] });
 * ```
 */
export const DEFAULT_THREAD_FIELDS: readonly ThreadField[] = [
  'id',
  'updated_time',
  'link',
  'snippet',
  'message_count',
  'unread_count',
  'participants',
  'can_reply',
];

/** Rejects ids that would change the request path (`/`, `?`, `..`) or are empty. */
export function validateNodeId(option: string, id: unknown): Either<InvalidInputError, string> {
  if (typeof id !== 'string' || !NODE_ID.test(id) || /^\.+$/.test(id)) {
    return left(new InvalidInputError(option, `expected a Graph id such as '1234567890' (letters, digits, '_', '.', ':', '-'), got ${JSON.stringify(id) ?? String(id)}`));
  }
  return right(id);
}

export function validateFolder(folder: unknown): Either<InvalidInputError, Folder | undefined> {
  if (folder === undefined || Folder.is(folder)) return right(folder);
  return left(new InvalidInputError('folder', `expected one of ${FOLDERS.join(', ')}, got ${JSON.stringify(folder) ?? String(folder)}`));
}

/** Graph accepts lower-case platforms too; the library sends upper case. */
export function validatePlatform(platform: unknown): Either<InvalidInputError, Platform | undefined> {
  if (platform === undefined) return right(undefined);
  const upper = typeof platform === 'string' ? platform.toUpperCase() : platform;
  if (Platform.is(upper)) return right(upper);
  return left(new InvalidInputError('platform', `expected one of ${PLATFORMS.join(', ')}, got ${JSON.stringify(platform) ?? String(platform)}`));
}

export function validateLimit(limit: unknown): Either<InvalidInputError, number | undefined> {
  if (limit === undefined) return right(undefined);
  if (typeof limit === 'number' && Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT) return right(limit);
  return left(new InvalidInputError('limit', `expected a whole number from 1 to ${MAX_LIMIT}, got ${String(limit)}`));
}

const KNOWN_THREAD_FIELDS: ReadonlySet<string> = new Set(THREAD_FIELDS);

/** Checks the field names and adds the ones the library always needs, in a stable order. */
export function validateThreadFields(fields: unknown): Either<InvalidInputError, readonly ThreadField[]> {
  if (fields === undefined) return right(DEFAULT_THREAD_FIELDS);
  if (!Array.isArray(fields)) return left(new InvalidInputError('fields', 'expected an array of thread field names'));
  const unknown = fields.filter((f) => typeof f !== 'string' || !KNOWN_THREAD_FIELDS.has(f));
  if (unknown.length > 0) {
    return left(new InvalidInputError('fields', `unknown thread field ${unknown.map((f) => JSON.stringify(f)).join(', ')}; known fields: ${THREAD_FIELDS.join(', ')}`));
  }
  return right([...new Set<ThreadField>([...REQUIRED_THREAD_FIELDS, ...(fields as ThreadField[])])]);
}
