/**
 * What one change looks like in the change stream: the fields a poll writes with `XADD`,
 * the stable id consumers dedupe by, and the codec that reads an entry back. Pure: no
 * I/O, no RxJS.
 */
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { reportErrors } from '../codecs/report';
import { DecodeError } from '../errors/decodeError';
import type { ThreadChange } from '../polling/diff';
import type { PollableThread } from '../polling/snapshot';

// -------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------

/** One change as a poll hands it to the commit: its stable id and its JSON. */
export interface ChangeEntry {
  readonly id: string;
  readonly json: string;
}

const IsoDate = new t.Type<Date, string, unknown>(
  'IsoDate',
  (u): u is Date => u instanceof Date && !Number.isNaN(u.getTime()),
  (u, c) => {
    if (typeof u !== 'string') return t.failure(u, c, 'expected an ISO-8601 time string');
    const date = new Date(u);
    return Number.isNaN(date.getTime()) ? t.failure(u, c, 'expected an ISO-8601 time like 2024-03-01T12:30:05.000Z') : t.success(date);
  },
  (date) => date.toISOString(),
);

const StreamedThreadCodec = t.intersection([t.type({ id: t.string, updated_time: IsoDate }), t.partial({ folder: t.string })]);
const PreviousCodec = t.intersection([t.type({ updated_time: t.string }), t.partial({ folder: t.string })]);
const ChangeCodec = t.union([
  t.type({ type: t.literal('added'), thread: StreamedThreadCodec }),
  t.type({ type: t.union([t.literal('updated'), t.literal('removed')]), thread: StreamedThreadCodec, previous: PreviousCodec }),
]);

/**
 * A thread as the change stream carries it: the JSON of what the workers' `source`
 * emitted (every field it had), with `updated_time` read back as a `Date`.
 *
 * @example
 * ```ts
 * const line = (thread: StreamedThread) => `${thread.id} at ${thread.updated_time.toISOString()}`;
 * ```
 */
export type StreamedThread = t.TypeOf<typeof StreamedThreadCodec> & { readonly [field: string]: unknown };

/**
 * One change read from the change stream.
 *
 * @example
 * ```ts
 * const seen = new Set<string>();
 * const isNew = (delivered: DeliveredChange) => !seen.has(delivered.id) && seen.add(delivered.id) !== undefined;
 * ```
 */
export interface DeliveredChange {
  /**
   * The change's stable id: Page, thread, `updated_time`, type (and folder, when the
   * stream is tagged). A change delivered again (at-least-once) has the same id: drop it.
   */
  readonly id: string;
  /** The stream entry's id (`1712345678901-0`): entries are ordered by it. */
  readonly entryId: string;
  readonly pageId: string;
  /** The Page's snapshot version the change was committed with. */
  readonly version: number;
  /** What changed, as `pollDiff` reports it. */
  readonly change: ThreadChange<StreamedThread>;
}

// -------------------------------------------------------------------------------------
// writing
// -------------------------------------------------------------------------------------

/**
 * The stable id of a change: the same thread state reported by two polls (a poll
 * retried after its reply was lost, a stalled job run twice) gets the same id, and two
 * different changes never do. The folder is part of it because a move keeps the time.
 */
export function changeId(pageId: string, change: ThreadChange<PollableThread>): string {
  const { thread } = change;
  const folder = thread.folder === undefined ? '' : `:${thread.folder}`;
  return `${pageId}:${thread.id}:${thread.updated_time.toISOString()}:${change.type}${folder}`;
}

/** A change ready for the commit script. */
export function toEntry(pageId: string, change: ThreadChange<PollableThread>): ChangeEntry {
  return { id: changeId(pageId, change), json: JSON.stringify(change) };
}

// -------------------------------------------------------------------------------------
// reading
// -------------------------------------------------------------------------------------

/** The fields of a stream entry, as Redis answers them: `[name, value, name, value, ...]`. */
export type EntryFields = readonly string[];

const field = (fields: EntryFields, name: string): string | undefined => {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
};

/**
 * Reads a stream entry back. An entry that is not one the workers wrote (another
 * writer, a damaged value) is a `DecodeError` naming the entry, never a silent drop.
 */
export function fromEntry(entryId: string, fields: EntryFields): Either<DecodeError, DeliveredChange> {
  const fail = (report: string[]) => left(new DecodeError({ what: `change stream entry ${entryId}`, report }));
  const id = field(fields, 'id');
  const pageId = field(fields, 'page');
  const version = Number(field(fields, 'version'));
  const json = field(fields, 'change');
  if (id === undefined || pageId === undefined || json === undefined || !Number.isSafeInteger(version)) {
    return fail(['expected the fields id, page, version (a whole number) and change']);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return fail(['change: expected JSON']);
  }
  const decoded = ChangeCodec.decode(parsed);
  if (decoded._tag === 'Left') return fail(reportErrors(decoded.left).map((line) => `change.${line}`));
  // The codec checked the envelope; the thread keeps every other field the source gave it.
  const raw = parsed as { readonly thread: Readonly<Record<string, unknown>> };
  const thread: StreamedThread = { ...raw.thread, ...decoded.right.thread };
  const change = decoded.right.type === 'added' ? { type: 'added' as const, thread } : { type: decoded.right.type, thread, previous: decoded.right.previous };
  return right({ id, entryId, pageId, version, change });
}
