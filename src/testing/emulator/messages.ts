/**
 * Messages and people of a thread, derived on demand from the thread's seed. Nothing
 * here is stored: the same record always yields the same names, texts, ids and times.
 */
import { ATTACHMENT_NAMES, FIRST_NAMES, LAST_NAMES, PAGE_LINES, USER_LINES } from './corpus';
import { messageCount, type ThreadRecord } from './model';
import { hashString, mix32, mulberry32, pickBy } from './random';
import { instagramId } from './seed';
import { formatGraphTime } from './time';
import type { RealismRules } from './realism';
import type { PageSpec, Participant } from './types';

export interface MessageData {
  readonly id: string;
  readonly createdMs: number;
  readonly text: string;
  readonly fromPage: boolean;
  /** Mixed bits that pick the optional parts (attachment, sticker). */
  readonly bits: number;
}

const ASCII_ONLY = /[^a-z]/g;
// See random.ts: a page of 100 threads derives thousands of messages; avoid global lookups.
const { floor } = Math;

/** Display name (Messenger) or username (Instagram) of the thread's person. */
export function userName(thread: ThreadRecord): string {
  if (thread.userName !== undefined) return thread.userName;
  const h = mix32(thread.seed, 0x5eed);
  const first = pickBy(FIRST_NAMES, h);
  const last = pickBy(LAST_NAMES, h >>> 8);
  if (thread.platform === 'MESSENGER') return `${first} ${last}`;
  const plain = (text: string): string => text.normalize('NFD').toLowerCase().replace(ASCII_ONLY, '');
  return `${plain(first)}.${plain(last)}${(h >>> 20) % 100}`;
}

/** The thread's person, shaped per platform. */
export function userParticipant(thread: ThreadRecord): Participant {
  const name = userName(thread);
  return thread.platform === 'INSTAGRAM'
    ? { username: name, id: thread.userId }
    : { name, email: `${thread.userId}@facebook.com`, id: thread.userId };
}

/** The Page (Messenger) or its Instagram account (Instagram) as a participant. */
export function pageParticipant(thread: ThreadRecord, page: PageSpec): Participant {
  if (thread.platform === 'INSTAGRAM' && page.instagram !== undefined) {
    return { username: page.instagram.username, id: page.instagram.id };
  }
  return { name: page.name, email: `${page.id}@facebook.com`, id: page.id };
}

/** Message number `index` of the thread, counted from the oldest (0). */
export function messageAt(thread: ThreadRecord, index: number): MessageData {
  if (index >= thread.seededCount) {
    const added = thread.added?.[index - thread.seededCount];
    if (added === undefined) throw new RangeError(`message ${index} of ${thread.id} does not exist`);
    return { ...added, bits: mix32(thread.seed, index) };
  }
  const bits = mix32(thread.seed, index);
  const back = thread.seededCount - 1 - index;
  const jitterMs = back === 0 ? 0 : floor((bits % floor(thread.gapMs / 2)) / 1000) * 1000;
  const createdMs = thread.seededNewestMs - back * thread.gapMs - jitterMs;
  // The person opens the thread, and an unread thread ends with their message.
  const fromPage = index > 0 && !(back === 0 && thread.unread > 0) && ((bits >>> 1) & 1) === 1;
  const sticker = isSticker(bits);
  const text = sticker ? '' : fromPage ? pickBy(PAGE_LINES, bits >>> 3) : pickBy(USER_LINES, bits >>> 3);
  const suffix = mix32(bits, 7).toString(16).padStart(8, '0') + (bits & 0xff).toString(16).padStart(2, '0');
  // Graph times have whole seconds but message ids carry milliseconds.
  const id = thread.graphIds ? graphMessageId(thread, index) : `m_mid.${createdMs + (bits % 1000)}:${suffix}`;
  return { id, createdMs, text, fromPage, bits };
}

/**
 * A message id shaped like today's: `m_` + 86 base64url characters (64 bytes) on
 * Messenger, `aWdfZAG...` (154 characters) on Instagram; derived from the thread and the
 * message's index, so the same message always has the same id.
 */
export function graphMessageId(thread: ThreadRecord, index: number): string {
  const random = mulberry32(mix32(mix32(thread.seed, index), hashString(thread.id)));
  if (thread.platform === 'INSTAGRAM') return instagramId(index, random, 110);
  const buffer = Buffer.alloc(64);
  buffer.writeUInt32BE(index >>> 0, 0);
  buffer.writeUInt32BE(hashString(thread.id), 4);
  for (let i = 8; i < 64; i += 1) buffer[i] = floor(random() * 256);
  return `m_${buffer.toString('base64url')}`;
}

/** Text of the newest message: the thread's snippet. */
export function snippetOf(thread: ThreadRecord): string {
  const count = messageCount(thread);
  return count === 0 ? '' : messageAt(thread, count - 1).text;
}

function isSticker(bits: number): boolean {
  return (bits >>> 12) % 41 === 0;
}

function hasAttachment(bits: number): boolean {
  return !isSticker(bits) && (bits >>> 8) % 9 === 0;
}

/** Every field of a message, in Graph's shapes; projection picks from it. With realism's `nulls`, as real captures show them. */
export function messageJson(thread: ThreadRecord, page: PageSpec, message: MessageData, realism?: RealismRules): Record<string, unknown> {
  const nulls = realism?.nulls === true;
  const person = userParticipant(thread);
  const pageSide = pageParticipant(thread, page);
  const json: Record<string, unknown> = {
    id: message.id,
    created_time: formatGraphTime(message.createdMs),
    message: message.text,
    from: message.fromPage ? pageSide : person,
    to: { data: [message.fromPage ? person : pageSide] },
    tags: { data: message.fromPage ? [{ name: 'source:web' }, { name: 'sent' }] : [{ name: 'inbox' }, { name: 'source:chat' }] },
  };
  if (hasAttachment(message.bits)) json['attachments'] = { data: [attachmentJson(message, nulls)] };
  // Real shares have no id, description or picture more often than not: Graph sends null.
  if (nulls && hasShare(message.bits)) {
    json['shares'] = { data: [{ link: `https://www.facebook.com/acme/posts/${message.bits % 100000}`, name: 'A post', description: null, id: null, picture: null }] };
  }
  if (isSticker(message.bits)) json['sticker'] = `https://scontent.xx.fbcdn.net/v/t39.1997-6/${message.bits % 100000}_sticker.png`;
  return json;
}

function hasShare(bits: number): boolean {
  return !isSticker(bits) && !hasAttachment(bits) && (bits >>> 20) % 11 === 0;
}

function attachmentJson(message: MessageData, nulls: boolean): Record<string, unknown> {
  const name = pickBy(ATTACHMENT_NAMES, message.bits >>> 16);
  const id = `${message.createdMs}${(message.bits % 1000).toString().padStart(3, '0')}`;
  const url = `https://scontent.xx.fbcdn.net/v/t1.15752-9/${id}_n`;
  if (name.endsWith('.pdf')) {
    return { id, mime_type: 'application/pdf', name, size: 20_000 + (message.bits % 500_000), file_url: `${url}.pdf` };
  }
  const isPng = name.endsWith('.png');
  return {
    id,
    mime_type: isPng ? 'image/png' : 'image/jpeg',
    name,
    // Graph sends `size: null` for images.
    ...(nulls ? { size: null } : {}),
    image_data: { width: 1080, height: 1350, max_width: 1080, max_height: 1350, url: `${url}.jpg`, preview_url: `${url}_p.jpg`, image_type: 1, render_as_sticker: false },
  };
}
