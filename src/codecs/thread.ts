import * as t from 'io-ts';
import { Connection, DataList } from './connection';
import { Message } from './message';
import { optional } from './optional';
import { Participant } from './participant';
import { GraphDateTime } from './time';

// The library always requests these two: ids for dedupe, times for diffs.
const threadRequired = { id: t.string, updated_time: GraphDateTime };
/** The codec of each optional thread field: the one source of field types. */
export const threadOptional = {
  link: t.string,
  message_count: t.number,
  unread_count: t.number,
  snippet: t.string,
  subject: t.string,
  name: t.string,
  can_reply: t.boolean,
  is_subscribed: t.boolean,
  /** Whether this app owns the thread under Conversation Routing (a field of the conversation, not of a participant). */
  is_owner: t.boolean,
  scoped_thread_key: t.string,
  wallpaper: t.string,
  participants: DataList(Participant),
  former_participants: DataList(Participant),
  senders: DataList(Participant),
  messages: Connection(Message),
};

/**
 * A conversation thread (Graph's UnifiedThread). `id` and `updated_time` are always
 * there; the other fields appear when requested, and Graph leaves out counters such as
 * `unread_count` when they are zero. `null` in an optional field means absent (the key
 * is left out). Unknown extra fields are accepted (passed through, untyped).
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/Either';
 * const result = Thread.decode({ id: 't_1', updated_time: '2024-03-01T12:30:05+0000', snippet: 'hi' });
 * if (isRight(result)) console.log(result.right.updated_time.getTime());
 * ```
 */
export const Thread = t.intersection([t.type(threadRequired), optional(threadOptional)], 'Thread');
/** A conversation thread (Graph's UnifiedThread). */
export type Thread = t.TypeOf<typeof Thread>;

/**
 * The field names a thread has, in Graph's names.
 *
 * @example
 * ```ts
 * const fields: readonly ThreadField[] = ['snippet', 'unread_count', 'participants'];
 * ```
 */
export type ThreadField = keyof Thread;
/**
 * Every thread field, in Graph's names.
 *
 * @example
 * ```ts
 * conversations$(pageId, { accessToken, fields: THREAD_FIELDS.filter((f) => f !== 'messages') });
 * ```
 */
export const THREAD_FIELDS = [...Object.keys(threadRequired), ...Object.keys(threadOptional)] as readonly ThreadField[];
/**
 * The fields `conversations$` always requests, whatever `fields` says.
 *
 * @example
 * ```ts
 * REQUIRED_THREAD_FIELDS; // ['id', 'updated_time']
 * ```
 */
export const REQUIRED_THREAD_FIELDS = Object.keys(threadRequired) as readonly ThreadField[];

/**
 * One page of the conversations edge: `{ data: Thread[], paging? }`.
 *
 * @example
 * ```ts
 * const response = await fetch(`https://graph.facebook.com/v19.0/${pageId}/conversations`, { headers: { authorization: `Bearer ${accessToken}` } });
 * ThreadPage.decode(await response.json()); // Either<t.Errors, ThreadPage>
 * ```
 */
export const ThreadPage = Connection(Thread);
/** One page of the conversations edge. */
export type ThreadPage = t.TypeOf<typeof ThreadPage>;
