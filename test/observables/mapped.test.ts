import { Subject } from 'rxjs';
import { mapped } from '../../src/observables/mapped';
import { newScheduler } from '../support/marbles';

const plus = (value: number, context: { readonly add: number }) => value + context.add;

describe('mapped', () => {
  it('emits project(value, context) for each value, then completes, like map', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(mapped(cold('-a-b|', { a: 1, b: 2 }), plus, { add: 10 })).toBe('-a-b|', { a: 11, b: 12 });
    });
  });

  it('passes the input error on', () => {
    const error = new Error('input');
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(mapped(cold('-a#', { a: 1 }, error), plus, { add: 1 })).toBe('-a#', { a: 2 }, error);
    });
  });

  it('turns a throwing project into the error and leaves the input', () => {
    const error = new Error('project');
    const project = (value: number) => {
      if (value === 2) throw error;
      return value;
    };
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c|', { a: 1, b: 2, c: 3 });
      expectObservable(mapped(input, project, undefined)).toBe('-a-#', { a: 1 }, error);
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });

  it('is cold and leaves the input when the subscriber leaves', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const input = cold('-a-b-c|', { a: 1, b: 2, c: 3 });
      const output = mapped(input, plus, { add: 1 });
      expectObservable(output, '^--!').toBe('-a-', { a: 2 });
      expectObservable(output, '--^').toBe('---a-b-c|', { a: 2, b: 3, c: 4 });
      expectSubscriptions(input.subscriptions).toBe(['^--!', '--^-----!']);
    });
  });

  it('works through pipe like any Observable', () => {
    const input = new Subject<number>();
    const seen: number[] = [];
    mapped(input, plus, { add: 1 }).pipe().subscribe((value) => seen.push(value));
    input.next(1);
    input.next(5);
    expect(seen).toEqual([2, 6]);
  });
});
