/**
 * The removal confirmation port of `pollDiff`: asks the caller's function which of a full
 * scan's removal candidates really no longer exist, and reads its answer.
 */
import { catchError, defaultIfEmpty, map, type Observable, of, throwError } from 'rxjs';
import { InvalidInputError } from '../errors/invalidInputError';
import { fromAnswer, isRetryable } from './answer';
import type { Confirm } from './pollChanges';

/**
 * Given the ids two full scans in a row missed, answers with those that really no longer
 * exist (now, with a Promise, or with an Observable's first value). `confirmRemovedThreads`
 * builds one that asks Graph.
 *
 * @example
 * ```ts
 * const deleted = new Set<string>(); // e.g. filled from your webhook's deletion events
 * const confirmRemoved: ConfirmRemoved = (ids) => ids.filter((id) => deleted.has(id));
 * ```
 */
export type ConfirmRemoved = (ids: readonly string[]) => readonly string[] | PromiseLike<readonly string[]> | Observable<readonly string[]>;

const NO_ANSWER = Symbol('no answer');

function readAnswer(answer: unknown): ReadonlySet<string> {
  if (!Array.isArray(answer) || !answer.every((id): id is string => typeof id === 'string')) {
    const got = answer === NO_ANSWER ? 'nothing (an Observable that completed without a value)' : typeof answer;
    throw new InvalidInputError('confirmRemoved', `expected its answer to be a list of the thread ids that are gone, got ${got}`);
  }
  return new Set(answer);
}

/**
 * The port as the poll uses it: a retryable failure is reported (`onRetryableError`) and
 * becomes `unknown`, so the poll completes with its candidates still suspected; any other
 * failure, and an answer that is not a list of ids, is an error of the poll.
 */
export function confirmation(port: ConfirmRemoved, onRetryableError: (error: unknown) => void): Confirm {
  return (candidates) =>
    fromAnswer<unknown>(() => port(Object.freeze([...candidates]))).pipe(
      defaultIfEmpty(NO_ANSWER),
      map((answer) => ({ gone: readAnswer(answer) })),
      catchError((error: unknown) => {
        if (!isRetryable(error)) return throwError(() => error);
        onRetryableError(error);
        return of('unknown' as const);
      }),
    );
}
