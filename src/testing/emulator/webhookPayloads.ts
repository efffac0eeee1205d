/**
 * The webhook bodies Meta would post for the emulator's mutations: a person's message, the
 * echo of a Page reply, a read. Pure: built from the store's records.
 */
import type { AddedMessage, PageRecord, ThreadRecord } from './model';

/**
 * The kinds of webhook the emulator posts: `message` (a person wrote; new threads too),
 * `echo` (the Page replied), `read`.
 *
 * @example
 * ```ts
 * const kind: WebhookMutation = 'echo';
 * ```
 */
export type WebhookMutation = 'message' | 'echo' | 'read';

/** The event's body, and what the emulator's log keeps about it. */
export interface WebhookPayload {
  readonly kind: WebhookMutation;
  readonly pageId: string;
  readonly threadId: string;
  readonly body: string;
}

function lastMessage(thread: ThreadRecord): AddedMessage | undefined {
  return thread.added?.[thread.added.length - 1];
}

/** The body of the event `kind` for `thread`, as Meta shapes it (`object`, `entry[].messaging[]`). */
export function webhookPayload(kind: WebhookMutation, thread: ThreadRecord, page: PageRecord, timeMs: number): WebhookPayload {
  const instagram = thread.platform === 'INSTAGRAM' ? page.spec.instagram : undefined;
  const account = instagram?.id ?? thread.pageId;
  const person = { id: thread.userId };
  const self = { id: account };
  const message = lastMessage(thread);
  const item =
    kind === 'read' || message === undefined
      ? { sender: person, recipient: self, timestamp: timeMs, read: { watermark: thread.updatedMs } }
      : kind === 'echo'
        ? { sender: self, recipient: person, timestamp: message.createdMs, message: { mid: message.id, text: message.text, is_echo: true, app_id: 1517 } }
        : { sender: person, recipient: self, timestamp: message.createdMs, message: { mid: message.id, text: message.text } };
  const body = JSON.stringify({ object: instagram === undefined ? 'page' : 'instagram', entry: [{ id: account, time: timeMs, messaging: [item] }] });
  return { kind: message === undefined ? 'read' : kind, pageId: thread.pageId, threadId: thread.id, body };
}
