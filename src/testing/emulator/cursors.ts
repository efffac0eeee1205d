/**
 * Opaque paging cursors. They look like Graph's (`QVFI...`, base64url) and carry the
 * boundary item: a thread id, or a thread id and a message index counted from the
 * oldest message (stable while new messages arrive). Pure.
 */

/** 'AQH' is three bytes, so every cursor starts with its base64 form 'QVFI'. */
const MAGIC = 'AQH';
const BASE64URL = /^[A-Za-z0-9_-]+$/;

export type Cursor =
  | { readonly kind: 'thread'; readonly threadId: string }
  | { readonly kind: 'message'; readonly threadId: string; readonly index: number };

export function encodeCursor(cursor: Cursor): string {
  const payload = cursor.kind === 'thread' ? `t|${cursor.threadId}` : `m|${cursor.index}|${cursor.threadId}`;
  return Buffer.from(`${MAGIC}${payload}`, 'utf8').toString('base64url');
}

/** The cursor's content, or undefined when it is not one of ours. */
export function decodeCursor(text: string): Cursor | undefined {
  if (!BASE64URL.test(text)) return undefined;
  const raw = Buffer.from(text, 'base64url').toString('utf8');
  // Node decodes leniently; a faithful round trip proves the text was really ours.
  if (!raw.startsWith(MAGIC) || Buffer.from(raw, 'utf8').toString('base64url') !== text) return undefined;
  const payload = raw.slice(MAGIC.length);
  if (payload.startsWith('t|')) return { kind: 'thread', threadId: payload.slice(2) };
  const message = /^m\|(\d+)\|(.+)$/.exec(payload);
  if (message?.[1] === undefined || message[2] === undefined) return undefined;
  return { kind: 'message', threadId: message[2], index: Number(message[1]) };
}
