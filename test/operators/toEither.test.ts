import { left, right } from 'fp-ts/Either';
import * as t from 'io-ts';
import { decodeWith, DecodeError, toEither } from '../../src/index';
import { Thread } from '../../src/codecs/index';
import { graphError, newScheduler } from '../support/marbles';

describe('toEither', () => {
  it('wraps values in Right and turns a library error into a last Left, then completes', () => {
    const error = graphError(190);
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a-b-#', { a: 1, b: 2 }, error).pipe(toEither())).toBe('-a-b-(e|)', { a: right(1), b: right(2), e: left(error) });
    });
  });

  it('passes other errors through as error notifications', () => {
    const bug = new TypeError('bug');
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-a#', { a: 1 }, bug).pipe(toEither())).toBe('-a#', { a: right(1) }, bug);
    });
  });

  it('unsubscribes from the source when the subscriber leaves', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('-a-b-c|', { a: 1, b: 2, c: 3 });
      expectObservable(source.pipe(toEither()), '^--!').toBe('-a-', { a: right(1) });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });
});

describe('decodeWith', () => {
  it('decodes each value to Right, or Left with a path report, and goes on', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('-a-b-c|', { a: { n: 1 }, b: { n: 'x' }, c: { n: 3 } });
      const values = { a: right({ n: 1 }), b: expect.objectContaining({ _tag: 'Left', left: expect.any(DecodeError) }), c: right({ n: 3 }) };
      expectObservable(source.pipe(decodeWith(t.type({ n: t.number })))).toBe('-a-b-c|', values);
    });
  });

  it('reports where a thread failed', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = cold('a|', { a: { id: 't_1' } });
      expectObservable(source.pipe(decodeWith(Thread))).toBe('a|', {
        a: expect.objectContaining({ left: expect.objectContaining({ report: ['updated_time: expected a Graph timestamp string, missing'] }) }),
      });
    });
  });
});
