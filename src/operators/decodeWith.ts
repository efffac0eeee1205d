import type { Either } from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { map, type OperatorFunction } from 'rxjs';
import { decoderFor } from '../codecs/decode';
import type { DecodeError } from '../errors/decodeError';

/**
 * Decodes each value of a stream with an io-ts codec, to `Either<DecodeError, A>`: a
 * value that does not match becomes a `Left` with a path report, and the stream goes on.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/Either';
 *
 * const bodies$ = of({ id: 't_1', updated_time: '2024-03-01T12:00:00+0000' }, { id: 't_2' });
 * bodies$.pipe(decodeWith(Thread)).subscribe((result) =>
 *   isRight(result) ? console.log(result.right.id) : console.warn(result.left.report),
 * );
 * // t_1
 * // [ 'updated_time: expected a Graph timestamp string, missing' ]
 * ```
 *
 * @param codec - the io-ts codec to decode with.
 * @return an operator from unknown values to `Either<DecodeError, A>`.
 */
export function decodeWith<A>(codec: t.Decoder<unknown, A>): OperatorFunction<unknown, Either<DecodeError, A>> {
  const decode = decoderFor(codec, codec.name);
  return (source) => source.pipe(map((value) => decode(value)));
}
