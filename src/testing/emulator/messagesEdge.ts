/**
 * The messages of one thread as a Graph edge: newest first, cursor paged, fields
 * projected. Serves both `GET /{thread-id}/messages` and the nested
 * `messages.limit(n){...}` of a thread. Pure apart from reading the records.
 */
import { decodeCursor, encodeCursor } from './cursors';
import { invalidCursor, nonexistingField } from './errors';
import type { FieldNode } from './fieldSyntax';
import { buildUrl, pagingObject, windowBounds, type Entries, type LinkContext } from './links';
import { messageAt, messageJson, type MessageData } from './messages';
import { messageCount, type ThreadRecord } from './model';
import { projectObject } from './project';
import type { PageSpec } from './types';

const MESSAGE_FIELDS = new Set(['id', 'created_time', 'message', 'from', 'to', 'attachments', 'sticker', 'tags', 'shares', 'is_unsupported']);
const DEFAULT_MESSAGE_FIELDS: readonly FieldNode[] = [
  { name: 'id', modifiers: {} },
  { name: 'created_time', modifiers: {} },
];

/** Instagram lets an app read only this many of a thread's most recent messages. */
export const INSTAGRAM_READABLE_MESSAGES = 20;

/** Code 100 for a message field that does not exist. */
export function validateMessageFields(fields: readonly FieldNode[] | undefined): void {
  const unknown = fields?.find((field) => !MESSAGE_FIELDS.has(field.name));
  if (unknown !== undefined) throw nonexistingField(unknown.name, 'Message');
}

export interface MessagesRequest {
  readonly limit: number;
  readonly after?: string;
  readonly before?: string;
  readonly fields: readonly FieldNode[] | undefined;
  /** Parameters repeated in paging URLs, besides the token and the cursor. */
  readonly params: Entries;
}

export function messagesPage(
  thread: ThreadRecord,
  page: PageSpec,
  request: MessagesRequest,
  links: LinkContext,
): { data: unknown[]; paging?: Record<string, unknown> } {
  const count = messageCount(thread);
  const positionOf = (text: string): number => {
    const cursor = decodeCursor(text);
    if (cursor?.kind !== 'message' || cursor.threadId !== thread.id || cursor.index >= count) throw invalidCursor();
    return count - 1 - cursor.index;
  };
  const cursor =
    request.after !== undefined
      ? { after: positionOf(request.after) }
      : request.before !== undefined
        ? { before: positionOf(request.before) }
        : undefined;
  const bounds = windowBounds(count, request.limit, cursor);
  const end = bounds.end;
  const items: Array<{ readonly message: MessageData; readonly index: number; readonly position: number }> = [];
  for (let position = bounds.start; position < end; position += 1) {
    const index = count - 1 - position;
    items.push({ message: messageAt(thread, index), index, position });
  }
  const fields = request.fields ?? DEFAULT_MESSAGE_FIELDS;
  // Meta: an Instagram conversation lists every message id, but details only for the 20
  // most recent; older entries come back as their id alone.
  const readable = (position: number) => thread.platform !== 'INSTAGRAM' || position < INSTAGRAM_READABLE_MESSAGES;
  const paging = pagingObject(
    { items, hasNext: end < count, hasPrevious: bounds.start > 0, limit: request.limit },
    ({ index, message }) => ({ cursor: encodeCursor({ kind: 'message', threadId: thread.id, index }), timeMs: message.createdMs }),
    (params) => buildUrl(links, [thread.id, 'messages'], [...request.params, ...params]),
    links.realism,
  );
  return {
    data: items.map(({ message, position }) =>
      readable(position) ? projectObject(messageJson(thread, page, message, links.realism), fields) : { id: message.id },
    ),
    ...(paging === undefined ? {} : { paging }),
  };
}
