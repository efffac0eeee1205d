import { take } from 'rxjs';
import { StateObservable } from '../../src/observables/stateObservable';

describe('StateObservable', () => {
  it('subscribes by calling subscribeWith(state, subscriber) on every subscription, and runs its teardown', () => {
    const calls: string[] = [];
    const counting = new StateObservable<number, { readonly from: number }>({ from: 5 }, (state, subscriber) => {
      calls.push('subscribe');
      subscriber.next(state.from);
      subscriber.next(state.from + 1);
      return () => calls.push('teardown');
    });
    const seen: number[] = [];
    counting.pipe(take(1)).subscribe((value) => seen.push(value));
    counting.pipe(take(2)).subscribe((value) => seen.push(value));
    expect(seen).toEqual([5, 5, 6]);
    expect(calls).toEqual(['subscribe', 'teardown', 'subscribe', 'teardown']);
  });

  it('turns a throwing subscribe into the stream error, like new Observable', () => {
    const error = new Error('subscribe');
    const failing = new StateObservable<number, undefined>(undefined, () => {
      throw error;
    });
    let caught: unknown;
    failing.subscribe({ error: (e: unknown) => (caught = e) });
    expect(caught).toBe(error);
  });
});
