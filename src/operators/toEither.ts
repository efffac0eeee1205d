import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { catchError, map, type OperatorFunction, of, throwError } from 'rxjs';
import { GraphError } from '../errors/graphError';

/**
 * Turns a stream into `Either` values: each value as `Right`, and a library error as a
 * last `Left` followed by completion, so a UI can render failures as data and never
 * sees an error notification from Graph. Errors that are not a `GraphError` (bugs, such
 * as a throwing callback) still arrive as error notifications.
 *
 * @example
 * ```ts
 * import { isRight } from 'fp-ts/Either';
 *
 * conversations$('1001', opts)
 *   .pipe(toEither())
 *   .subscribe((result) => (isRight(result) ? console.log(result.right.id) : console.error(result.left.kind)));
 * // t_1 ... auth
 * ```
 *
 * @return an operator from values to `Either<GraphError, A>`.
 */
export function toEither<A>(): OperatorFunction<A, Either<GraphError, A>> {
  return (source) =>
    source.pipe(
      map((value) => right(value) as Either<GraphError, A>),
      catchError((error: unknown) => (error instanceof GraphError ? of(left(error)) : throwError(() => error))),
    );
}
