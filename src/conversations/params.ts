import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { FOLDERS, Folder, PLATFORMS, Platform } from '../codecs/filters';
import type { MessagesField, ThreadFieldSpec } from '../codecs/fields';
import { MESSAGE_FIELDS, type MessageField } from '../codecs/message';
import { THREAD_FIELDS, type ThreadField } from '../codecs/thread';
import { InvalidInputError } from '../errors/invalidInputError';
import { showInput, showInputs } from '../errors/showInput';
import { callable, wholeNumber } from '../options/check';
import type { PagePolicy } from './page';
import { MAX_RESTARTS_LIMIT } from './paginate';

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
export const DEFAULT_THREAD_FIELDS = [
  'id',
  'updated_time',
  'link',
  'snippet',
  'message_count',
  'unread_count',
  'participants',
  'can_reply',
] as const satisfies readonly ThreadField[];

/**
 * The type of {@link DEFAULT_THREAD_FIELDS}: what threads carry when `fields` is not given.
 *
 * @example
 * ```ts
 * type InboxRow = SelectedThread<DefaultThreadFields>;
 * ```
 */
export type DefaultThreadFields = typeof DEFAULT_THREAD_FIELDS;

/**
 * The message fields requested when `fields` is not given.
 *
 * @example
 * ```ts
 * messages$(threadId, { accessToken, fields: [...DEFAULT_MESSAGE_FIELDS, 'attachments'] });
 * ```
 */
export const DEFAULT_MESSAGE_FIELDS = ['id', 'created_time', 'message', 'from', 'to'] as const satisfies readonly MessageField[];

/**
 * The type of {@link DEFAULT_MESSAGE_FIELDS}.
 *
 * @example
 * ```ts
 * type Line = SelectedMessage<DefaultMessageFields>;
 * ```
 */
export type DefaultMessageFields = typeof DEFAULT_MESSAGE_FIELDS;

/** Rejects ids that would change the request path (`/`, `?`, `..`) or are empty. */
export function validateNodeId(option: string, id: unknown): Either<InvalidInputError, string> {
  if (typeof id !== 'string' || !NODE_ID.test(id) || /^\.+$/.test(id)) {
    return left(new InvalidInputError(option, `expected a Graph id such as '1234567890' (letters, digits, '_', '.', ':', '-'), got ${showInput(id)}`));
  }
  return right(id);
}

export function validateFolder(folder: unknown): Either<InvalidInputError, Folder | undefined> {
  if (folder === undefined || Folder.is(folder)) return right(folder);
  return left(new InvalidInputError('folder', `expected one of ${FOLDERS.join(', ')}, got ${showInput(folder)}`));
}

/** Graph accepts lower-case platforms too; the library sends upper case. */
export function validatePlatform(platform: unknown): Either<InvalidInputError, Platform | undefined> {
  if (platform === undefined) return right(undefined);
  const upper = typeof platform === 'string' ? platform.toUpperCase() : platform;
  if (Platform.is(upper)) return right(upper);
  return left(new InvalidInputError('platform', `expected one of ${PLATFORMS.join(', ')}, got ${showInput(platform)}`));
}

export function validateLimit(limit: unknown): Either<InvalidInputError, number | undefined> {
  return wholeNumber('limit', limit, { min: 1, max: MAX_LIMIT });
}

const KNOWN_THREAD_FIELDS: ReadonlySet<string> = new Set(THREAD_FIELDS);
const KNOWN_MESSAGE_FIELDS: ReadonlySet<string> = new Set(MESSAGE_FIELDS);


/** Checks message field names (the Graph would answer 100 for an unknown one). */
export function validateMessageFields(option: string, fields: unknown): Either<InvalidInputError, readonly MessageField[]> {
  if (!Array.isArray(fields)) return left(new InvalidInputError(option, 'expected an array of message field names'));
  const unknown = fields.filter((f) => typeof f !== 'string' || !KNOWN_MESSAGE_FIELDS.has(f));
  if (unknown.length > 0) return left(new InvalidInputError(option, `unknown message field ${showInputs(unknown)}; known fields: ${MESSAGE_FIELDS.join(', ')}`));
  return right(fields as MessageField[]);
}

function validateMessagesSpec(spec: unknown): Either<InvalidInputError, MessagesField> {
  const candidate = spec as Partial<MessagesField> | null;
  if (typeof spec !== 'object' || candidate === null || candidate.edge !== 'messages') {
    return left(new InvalidInputError('fields', `expected a thread field name or messagesField({ limit, fields }), got ${showInput(spec)}`));
  }
  if (candidate.limit !== undefined && validateLimit(candidate.limit)._tag === 'Left') {
    return left(new InvalidInputError('fields', `messagesField limit: expected a whole number from 1 to ${MAX_LIMIT}, got ${showInput(candidate.limit)}`));
  }
  const fields = validateMessageFields('fields', candidate.fields);
  return fields._tag === 'Left' ? fields : right({ edge: 'messages', limit: candidate.limit, fields: fields.right });
}

/** Checks thread field names and nested selections (the Graph would answer 100 or 2500). */
export function validateThreadFields(fields: unknown): Either<InvalidInputError, readonly ThreadFieldSpec[]> {
  if (!Array.isArray(fields)) return left(new InvalidInputError('fields', 'expected an array of thread field names'));
  const specs: ThreadFieldSpec[] = [];
  for (const field of fields) {
    if (typeof field === 'string') {
      if (!KNOWN_THREAD_FIELDS.has(field)) return left(new InvalidInputError('fields', `unknown thread field ${showInput(field)}; known fields: ${THREAD_FIELDS.join(', ')}`));
      specs.push(field as ThreadField);
      continue;
    }
    const nested = validateMessagesSpec(field);
    if (nested._tag === 'Left') return nested;
    specs.push(nested.right);
  }
  if (specs.filter((s) => typeof s !== 'string' || s === 'messages').length > 1) {
    return left(new InvalidInputError('fields', 'messages may be selected once'));
  }
  return right(specs);
}

/** `maxPages`: a positive safe integer, so that counting pages up to it stays exact. */
export function validateMaxPages(maxPages: unknown): Either<InvalidInputError, number | undefined> {
  return wholeNumber('maxPages', maxPages, { min: 1 });
}

/** How often a walk may start over after a stale cursor: a whole number from 0 to {@link MAX_RESTARTS_LIMIT}. */
export function validateMaxRestarts(maxRestarts: unknown): Either<InvalidInputError, number | undefined> {
  return wholeNumber('maxRestarts', maxRestarts, { min: 0, max: MAX_RESTARTS_LIMIT });
}

/** `prefetch`: 0 (default) or 1, the pages a walk requests ahead. */
export function validatePrefetch(prefetch: unknown): Either<InvalidInputError, 0 | 1 | undefined> {
  return wholeNumber('prefetch', prefetch, { min: 0, max: 1 }) as Either<InvalidInputError, 0 | 1 | undefined>;
}

/** `perPage` (or another option of its type): an operator function (see `PagePolicy`), or nothing. */
export function validatePerPage(value: unknown, option = 'perPage'): Either<InvalidInputError, PagePolicy | undefined> {
  return callable(option, value as PagePolicy | undefined, 'an operator function such as retryOnRateLimit()');
}

/** A callback option (`onDecodeWarning`): a function, or nothing. */
export function validateCallback<F>(option: string, value: unknown): Either<InvalidInputError, F | undefined> {
  return callable(option, value as F | undefined, 'a function');
}
