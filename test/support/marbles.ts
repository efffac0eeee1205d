import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { GraphApiError, type GraphApiErrorInit } from '../../src/index';

/** A TestScheduler that compares with jest's deep equality. */
export const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** A Graph error as the client would raise it. */
export const graphError = (code: number, extra: Partial<GraphApiErrorInit> = {}) =>
  new GraphApiError({ status: 400, code, message: `(#${code}) test`, ...extra });

/** A cold stream that behaves differently on each subscription: the n-th subscription gets the n-th stream. */
export function bySubscription<T>(streams: ReadonlyArray<Observable<T>>): { source: Observable<T>; subscriptions: () => number } {
  let count = 0;
  const source = defer(() => {
    const stream = streams[Math.min(count, streams.length - 1)];
    count += 1;
    if (stream === undefined) throw new Error('bySubscription needs at least one stream');
    return stream;
  });
  return { source, subscriptions: () => count };
}
