// Stores receive what changed, never the whole snapshot: a quiet poll hands over its
// number and nothing else, whatever the number of threads.
import { defer, of } from 'rxjs';
import { applySnapshotChange, memorySnapshotStore, pollDiff, type PollSnapshot, type SnapshotChange, type SnapshotStore } from '../../src/index';

const entry = (seconds: number) => ({ updated_time: new Date(Date.UTC(2024, 2, 1, 0, 0, seconds)).toISOString() });
const thread = (id: string, seconds: number) => ({ id, updated_time: new Date(Date.UTC(2024, 2, 1, 0, 0, seconds)) });

/** A store that keeps every change handed to it and resolves once it has `count`. */
function recording(start: PollSnapshot | undefined, count: number): { store: SnapshotStore; changes: SnapshotChange[]; done: Promise<void> } {
  const changes: SnapshotChange[] = [];
  let finish = () => undefined as void;
  const done = new Promise<void>((resolve) => (finish = resolve));
  return {
    changes,
    done,
    store: {
      load: () => start,
      save: (change) => {
        changes.push(change);
        if (changes.length === count) finish();
      },
    },
  };
}

describe('pollDiff and its snapshot store', () => {
  it('a quiet poll hands the store no snapshot: only its number, no threads, no marks', async () => {
    const threads = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`t_${i}`, entry(50_000 - i)]));
    const { store, changes, done } = recording({ version: 1, polls: 3, threads }, 3);
    // The newest thread, unchanged: every poll stops there.
    const subscription = defer(() => of(thread('t_0', 50_000))).pipe(pollDiff({ intervalMs: 1, fullScanEvery: 1000, store })).subscribe();
    await done;
    subscription.unsubscribe();
    expect(changes).toEqual([
      { polls: 4, set: {}, removed: [], uncommitted: [] },
      { polls: 5, set: {}, removed: [], uncommitted: [] },
      { polls: 6, set: {}, removed: [], uncommitted: [] },
    ]);
  });

  it('a change hands over the changed entry only, and applied in turn the changes rebuild the snapshot', async () => {
    const start: PollSnapshot = { version: 1, polls: 1, threads: { a: entry(10), b: entry(9), c: entry(8) } };
    const { store, changes, done } = recording(start, 2);
    let poll = 0;
    const source = defer(() => {
      poll += 1;
      // Poll 1: b got a message (now first); poll 2: quiet.
      return of(thread('b', 20), thread('a', 10));
    });
    const subscription = source.pipe(pollDiff({ intervalMs: 1, fullScanEvery: 1000, store })).subscribe();
    await done;
    subscription.unsubscribe();
    expect(poll).toBe(2);
    expect(changes[0]).toEqual({ polls: 2, set: { b: entry(20) }, removed: [], uncommitted: [] });
    expect(changes[1]).toEqual({ polls: 3, set: {}, removed: [], uncommitted: [] });
    const rebuilt = changes.reduce<PollSnapshot>((snapshot, change) => applySnapshotChange(snapshot, change), start);
    expect(rebuilt).toEqual({ version: 1, polls: 3, threads: { a: entry(10), b: entry(20), c: entry(8) } });
  });

  it('memorySnapshotStore applies changes: what it holds equals what applySnapshotChange gives', () => {
    const start: PollSnapshot = { version: 1, polls: 2, threads: { a: entry(1), b: entry(2) }, unconfirmed: ['b'] };
    const store = memorySnapshotStore(start);
    const change: SnapshotChange = { polls: 3, set: { c: entry(3) }, removed: ['b'], uncommitted: ['c'] };
    void store.save(change);
    expect(store.current).toEqual(applySnapshotChange(start, change));
    expect(store.current).toEqual({ version: 1, polls: 3, threads: { a: entry(1), c: entry(3) }, uncommitted: ['c'] });
  });

  it('a save that failed is handed again with what came after', async () => {
    const start: PollSnapshot = { version: 1, polls: 1, threads: { a: entry(10) } };
    const changes: SnapshotChange[] = [];
    let finish = () => undefined as void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    let poll = 0;
    const store: SnapshotStore = {
      load: () => start,
      save: (change) => {
        changes.push(change);
        if (changes.length === 1) throw Object.assign(new Error('store busy'), { retryable: true });
        finish();
      },
    };
    const source = defer(() => {
      poll += 1;
      return poll === 1 ? of(thread('b', 20), thread('a', 10)) : of(thread('c', 30), thread('b', 20));
    });
    const subscription = source.pipe(pollDiff({ intervalMs: 1, fullScanEvery: 1000, store, onPollError: () => undefined })).subscribe();
    await done;
    subscription.unsubscribe();
    expect(changes[0]?.set).toEqual({ b: entry(20) });
    expect(changes[1]?.set).toEqual({ b: entry(20), c: entry(30) });
  });
});
