/**
 * A thread as Graph shows it (a UnifiedThread node) and as the emulator's data API
 * shows it (ThreadState). Pure.
 */
import { nonexistingField } from './errors';
import { serializeFields, type FieldNode } from './fieldSyntax';
import { nestedParams, type LinkContext } from './links';
import { messageAt, pageParticipant, snippetOf, userParticipant } from './messages';
import { messagesPage, validateMessageFields } from './messagesEdge';
import { messageCount, type ThreadRecord } from './model';
import { readLimit } from './params';
import { projectValue } from './project';
import { formatGraphTime } from './time';
import type { PageSpec, ThreadState } from './types';

type Resolver = (thread: ThreadRecord, page: PageSpec, field: FieldNode, links: LinkContext) => unknown;

const always = (value: unknown): Resolver => () => value;

/** Every UnifiedThread field; `undefined` means Graph leaves it out. */
const THREAD_FIELDS: Readonly<Record<string, Resolver>> = {
  id: (thread) => thread.id,
  link: (thread) => threadLink(thread),
  updated_time: (thread) => formatGraphTime(thread.updatedMs),
  message_count: (thread) => messageCount(thread),
  // Graph omits the counter when it is zero; real nodes show `unread_count: 0` now and then.
  unread_count: (thread, _page, _field, links) => (thread.unread !== 0 ? thread.unread : links.realism.zeroCountsSometimes && thread.seed % 3 === 0 ? 0 : undefined),
  snippet: (thread) => snippetOf(thread),
  subject: always(undefined),
  name: always(undefined),
  wallpaper: always(undefined),
  can_reply: always(true),
  is_subscribed: always(true),
  // Conversation Routing: the emulated app owns every thread.
  is_owner: always(true),
  scoped_thread_key: (thread) => `t_${thread.userId}`,
  participants: (thread, page) => ({ data: [userParticipant(thread), pageParticipant(thread, page)] }),
  former_participants: always({ data: [] }),
  senders: (thread, page) => ({ data: senders(thread, page) }),
  messages: (thread, page, field, links) => {
    const limit = readLimit(field.modifiers['limit']);
    const after = field.modifiers['after'];
    const before = field.modifiers['before'];
    return messagesPage(
      thread,
      page,
      {
        limit,
        ...(after === undefined ? {} : { after }),
        ...(before === undefined ? {} : { before }),
        fields: field.children,
        params: nestedParams(links, field.children === undefined ? undefined : serializeFields(field.children), limit),
      },
      links,
    );
  },
};

const DEFAULT_THREAD_FIELDS: readonly FieldNode[] = ['id', 'updated_time', 'link'].map((name) => ({ name, modifiers: {} }));

/** Code 100 for an unknown thread field or message field, before any data is read. */
export function validateThreadFields(fields: readonly FieldNode[] | undefined): void {
  for (const field of fields ?? []) {
    if (!(field.name in THREAD_FIELDS)) throw nonexistingField(field.name, 'UnifiedThread');
    if (field.name === 'messages') {
      validateMessageFields(field.children);
      readLimit(field.modifiers['limit']);
    }
  }
}

export function threadLink(thread: ThreadRecord): string {
  const platform = thread.platform === 'INSTAGRAM' ? '&platform=instagram' : '';
  return `/${thread.pageId}/inbox/${thread.userId}/?section=messages${platform}`;
}

/** The thread node with the selected fields (default: id, updated_time, link). */
export function renderThread(
  thread: ThreadRecord,
  page: PageSpec,
  fields: readonly FieldNode[] | undefined,
  links: LinkContext,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields ?? DEFAULT_THREAD_FIELDS) {
    const resolve = THREAD_FIELDS[field.name];
    if (resolve === undefined || field.name in out) continue;
    const value = resolve(thread, page, field, links);
    if (value === undefined) continue;
    out[field.name] = field.name === 'messages' ? value : projectValue(value, field.children);
  }
  if (out['id'] === undefined) out['id'] = thread.id;
  return out;
}

export function toThreadState(thread: ThreadRecord, page: PageSpec): ThreadState {
  const user = userParticipant(thread);
  return {
    id: thread.id,
    pageId: thread.pageId,
    platform: thread.platform,
    folder: thread.folder,
    updated_time: formatGraphTime(thread.updatedMs),
    link: threadLink(thread),
    snippet: snippetOf(thread),
    message_count: messageCount(thread),
    unread_count: thread.unread,
    user,
    participants: [user, pageParticipant(thread, page)],
  };
}

function senders(thread: ThreadRecord, page: PageSpec): unknown[] {
  const count = messageCount(thread);
  for (let index = 0; index < count; index += 1) {
    if (messageAt(thread, index).fromPage) return [userParticipant(thread), pageParticipant(thread, page)];
  }
  return [userParticipant(thread)];
}
