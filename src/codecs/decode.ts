import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { DecodeError } from '../errors/decodeError';
import type { Redactor } from '../errors/redact';
import { Message } from './message';
import { Participant } from './participant';
import { reportErrors } from './report';
import { salvage, type DecodeWarning } from './salvage';
import { Thread, ThreadPage } from './thread';

/**
 * Where a payload came from, for the error message.
 *
 * @example
 * ```ts
 * decodeThread(JSON.parse('{"id":"t_1"}'), { url: 'https://graph.facebook.com/v19.0/t_1', redact: (s) => s.replaceAll(token, '[redacted]') });
 * // Left(DecodeError: updated_time: expected a Graph timestamp string, missing)
 * ```
 */
export interface DecodeContext {
  /** Removes secrets from values quoted in the report. */
  readonly redact?: Redactor | undefined;
  /** The request URL, kept (without credentials) on the error. */
  readonly url?: string | undefined;
  /** Told about each broken optional part left out of an item (decoders built with `salvage: true`). */
  readonly onWarning?: ((warning: DecodeWarning) => void) | undefined;
}

/**
 * How a decoder built by {@link decoderFor} treats a list payload (`{ data: [...] }`).
 *
 * @example
 * ```ts
 * const decodePage = decoderFor(ThreadPage, 'conversations page', { salvage: true });
 * ```
 */
export interface DecoderOptions {
  /**
   * Keep the items of a list whose optional parts are broken: each broken optional part
   * (the innermost optional field around the problem) is left out of its item and
   * reported to `onWarning`, instead of failing the whole payload. Required fields stay
   * strict: a broken one still fails with a `DecodeError`. Default false.
   */
  readonly salvage?: boolean;
}

/**
 * Decodes an unknown value into `A`, or a `DecodeError` that says where it failed.
 *
 * @example
 * ```ts
 * const decode: Decode<Thread> = decodeThread;
 * const result = decode(JSON.parse('{"id":"t_1","updated_time":"2024-03-01T12:00:00+0000"}')); // Either<DecodeError, Thread>
 * ```
 */
export type Decode<A> = (input: unknown, context?: DecodeContext) => Either<DecodeError, A>;

/**
 * Builds a decoder function from a codec: `Either<DecodeError, A>` instead of io-ts
 * errors, with a readable path report. `what` names the payload in the message.
 *
 * @example
 * ```ts
 * const decodeNames = decoderFor(t.array(t.string), 'names');
 * decodeNames(['a', 1]); // left(DecodeError: names refused: 1: expected string, got 1)
 * ```
 */
export function decoderFor<A>(codec: t.Decoder<unknown, A>, what: string, options: DecoderOptions = {}): Decode<A> {
  return (input, context = {}) => {
    const result = codec.decode(input);
    if (result._tag === 'Right') return right(result.right);
    const saved = options.salvage === true ? salvage(codec, input, result.left) : undefined;
    if (saved === undefined) return left(new DecodeError({ what, report: reportErrors(result.left, context.redact), redact: context.redact, url: context.url }));
    for (const { path, errors } of saved.dropped) {
      context.onWarning?.({ what, path: path.join('.'), problems: reportErrors(errors, context.redact), url: context.url });
    }
    return right(saved.value);
  };
}

/**
 * Decodes one thread.
 *
 * @example
 * ```ts
 * decodeThread({ id: 't_1', updated_time: '2024-03-01T12:30:05+0000' }); // right({ id: 't_1', updated_time: Date })
 * ```
 */
export const decodeThread: Decode<Thread> = decoderFor(Thread, 'thread');

/**
 * Decodes one page of the conversations edge. A thread whose optional part is broken
 * keeps its other fields (the part is left out and reported to `onWarning`); a broken
 * required field fails the page.
 *
 * @example
 * ```ts
 * decodeThreadPage({ data: [], paging: { cursors: {} } }); // right({ data: [], paging: ... })
 * ```
 */
export const decodeThreadPage: Decode<ThreadPage> = decoderFor(ThreadPage, 'conversations page', { salvage: true });

/**
 * Decodes one message.
 *
 * @example
 * ```ts
 * decodeMessage({ id: 'm_1', message: 'hi' }); // right({ id: 'm_1', message: 'hi' })
 * ```
 */
export const decodeMessage: Decode<Message> = decoderFor(Message, 'message');

/**
 * Decodes one participant, Messenger or Instagram shape.
 *
 * @example
 * ```ts
 * decodeParticipant({ id: '1', username: 'ana' }); // right({ id: '1', username: 'ana' })
 * ```
 */
export const decodeParticipant: Decode<Participant> = decoderFor(Participant, 'participant');
