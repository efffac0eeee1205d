import * as t from 'io-ts';
import { CodecCache } from './codecCache';
import { Connection, type Paging } from './connection';
import { withThreadFastPath } from './fastPath';
import { optional } from './optional';
import { Message, messageOptional, type MessageField } from './message';
import { threadOptional, type ThreadField } from './thread';
import { GraphDateTime } from './time';

// ---------------------------------------------------------------------------------------
// model
// ---------------------------------------------------------------------------------------

/**
 * A nested selection of a thread's `messages` edge, made by {@link messagesField}:
 * renders as Graph's `messages.limit(5){message,from,created_time}`.
 *
 * @example
 * ```ts
 * const latest: MessagesField<readonly ['message', 'from']> = messagesField({ limit: 5, fields: ['message', 'from'] });
 * ```
 */
export interface MessagesField<F extends readonly MessageField[] = readonly MessageField[]> {
  readonly edge: 'messages';
  /** How many messages per thread; Graph's default when absent. */
  readonly limit: number | undefined;
  /** The message fields to read; `id` is always added. */
  readonly fields: F;
}

/**
 * One entry of a thread `fields` list: a field name, or a nested messages selection.
 *
 * @example
 * ```ts
 * const fields: readonly ThreadFieldSpec[] = ['snippet', messagesField({ limit: 1, fields: ['message'] })];
 * ```
 */
export type ThreadFieldSpec = ThreadField | MessagesField;

/** Counters Graph leaves out when they are zero: when requested, they decode to 0 instead. */
type Counter = 'message_count' | 'unread_count';
const COUNTERS: ReadonlySet<string> = new Set<Counter>(['message_count', 'unread_count']);

type OptionalThreadValues = { [K in keyof typeof threadOptional]: t.TypeOf<(typeof threadOptional)[K]> };
type OptionalMessageValues = { [K in keyof typeof messageOptional]: t.TypeOf<(typeof messageOptional)[K]> };

/** Flattens an intersection so editors show one object type. */
type Simplify<T> = { [K in keyof T]: T[K] } & {};

/**
 * The message type for a list of message fields: `id`, plus exactly the fields asked
 * for (each may be absent, as Graph leaves out what a message does not have).
 *
 * @example
 * ```ts
 * type Line = SelectedMessage<readonly ['message', 'created_time']>;
 * // { id: string; message?: string; created_time?: Date }
 * ```
 */
export type SelectedMessage<F extends readonly MessageField[]> = Simplify<
  { id: string } & { [K in Exclude<F[number], 'id'>]?: OptionalMessageValues[K] }
>;

type NamesOf<S extends readonly ThreadFieldSpec[]> = Exclude<Extract<S[number], string>, 'id' | 'updated_time'>;
type NestedMessagesOf<S extends readonly ThreadFieldSpec[]> = Extract<S[number], MessagesField>;

/**
 * The thread type for a `fields` list: `id` and `updated_time` always, the counters
 * asked for as numbers (0 when Graph leaves them out), and exactly the other fields asked
 * for (each may be absent). A nested {@link messagesField} types `messages.data[i]` with
 * its own fields. Reading a field that was not asked for is a compile error.
 *
 * @example
 * ```ts
 * type Row = SelectedThread<readonly ['snippet', 'unread_count']>;
 * // { id: string; updated_time: Date; unread_count: number; snippet?: string }
 * ```
 */
export type SelectedThread<S extends readonly ThreadFieldSpec[]> = Simplify<
  { id: string; updated_time: Date } & { [K in Extract<NamesOf<S>, Counter>]: number } & {
    [K in Exclude<NamesOf<S>, Counter>]?: OptionalThreadValues[K];
  } & ([NestedMessagesOf<S>] extends [never]
      ? unknown
      : { messages?: { data: Array<SelectedMessage<NestedMessagesOf<S>['fields']>>; paging?: Paging } })
>;

// ---------------------------------------------------------------------------------------
// constructors
// ---------------------------------------------------------------------------------------

/**
 * Selects a thread's messages inside a conversations request, typed: renders Graph's
 * field expansion `messages.limit(5){message,from,created_time}`, and types
 * `thread.messages.data[i]` with just those fields.
 *
 * @example
 * ```ts
 * conversations$('1001', { accessToken, fields: ['snippet', messagesField({ limit: 5, fields: ['message', 'from', 'created_time'] })] })
 *   .subscribe((thread) => console.log(thread.messages?.data[0]?.message));
 * ```
 */
export function messagesField<const F extends readonly MessageField[]>(options: { limit?: number; fields: F }): MessagesField<F> {
  return { edge: 'messages', limit: options.limit, fields: options.fields };
}

// ---------------------------------------------------------------------------------------
// rendering and decoding
// ---------------------------------------------------------------------------------------

function unique<A>(items: readonly A[]): A[] {
  return [...new Set(items)];
}

/** Graph field expansion for a list of specs, e.g. `id,updated_time,snippet,messages.limit(5){id,message}`. */
export function renderThreadFields(specs: readonly ThreadFieldSpec[]): string {
  const names = unique(['id', 'updated_time', ...specs.filter((s): s is ThreadField => typeof s === 'string')]);
  const nested = specs.filter((s): s is MessagesField => typeof s !== 'string').map(renderMessagesField);
  return [...names, ...nested].join(',');
}

/** `messages.limit(5){id,message}`: the limit as a modifier, the fields in braces (id always). */
export function renderMessagesField(spec: MessagesField): string {
  const limit = spec.limit === undefined ? '' : `.limit(${spec.limit})`;
  return `messages${limit}{${renderMessageFields(spec.fields)}}`;
}

/** A message field list with `id` (and what else is always needed) first, each once. */
export function renderMessageFields(fields: readonly MessageField[], always: readonly MessageField[] = ['id']): string {
  return unique([...always, ...fields]).join(',');
}

const withDefault = <C extends t.Mixed>(codec: C, fallback: t.TypeOf<C>) =>
  // `null` is Graph's absent too.
  new t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown>(codec.name, codec.is, (u, c) => (u === undefined || u === null ? t.success(fallback) : codec.validate(u, c)), codec.encode);

/**
 * The codec of a message with the given fields: `id` required, the rest optional.
 *
 * @example
 * ```ts
 * messageCodecFor(['message', 'from']).decode({ id: 'm_1', message: 'hi' }); // right(...)
 * ```
 */
export function messageCodecFor<const F extends readonly MessageField[]>(fields: F): t.Decoder<unknown, SelectedMessage<F>> {
  const props: t.Props = {};
  for (const name of fields) if (name !== 'id') props[name] = messageOptional[name];
  return t.intersection([t.type({ id: t.string }), optional(props)], 'Message') as unknown as t.Decoder<unknown, SelectedMessage<F>>;
}

/**
 * The codec of a thread for a `fields` list, built from the same field codecs as its
 * static type ({@link SelectedThread}), so the runtime check and the type agree.
 *
 * @example
 * ```ts
 * const codec = threadCodecFor(['snippet', 'unread_count']);
 * codec.decode({ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }); // right({ ..., unread_count: 0 })
 * ```
 */
export function threadCodecFor<const S extends readonly ThreadFieldSpec[]>(specs: S): t.Decoder<unknown, SelectedThread<S>> {
  return threadCodecs.get(JSON.stringify(specs), () => buildThreadCodec(specs)) as t.Decoder<unknown, SelectedThread<S>>;
}

/** Field lists in use at once: a handful per app (one per kind of view). */
const threadCodecs = new CodecCache<t.Decoder<unknown, unknown>>(32);

function buildThreadCodec(specs: readonly ThreadFieldSpec[]): t.Decoder<unknown, unknown> {
  const required: t.Props = { id: t.string, updated_time: GraphDateTime };
  const props: t.Props = {};
  for (const spec of specs) {
    if (typeof spec !== 'string') props['messages'] = Connection(messageCodecFor(spec.fields) as unknown as t.Mixed);
    else if (COUNTERS.has(spec)) required[spec] = withDefault(t.number, 0);
    else if (spec === 'messages') props['messages'] = Connection(Message);
    else if (spec !== 'id' && spec !== 'updated_time') props[spec] = threadOptional[spec];
  }
  const codec = t.intersection([t.type(required), optional(props)], 'Thread');
  // Same result and errors; valid threads skip io-ts's general path (see fastPath.ts).
  const fast = withThreadFastPath(codec, {
    counters: Object.keys(required).filter((name) => COUNTERS.has(name)),
    checked: Object.entries(props).filter(([name]) => name !== 'messages'),
    transformed: Object.keys(props).filter((name) => name === 'messages'),
  });
  return fast;
}
