import type { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { consistentWalk } from '../../src/conversations/consistentWalk';
import type { PageOf } from '../../src/conversations/paginate';
import { GraphApiError } from '../../src/errors/graphApiError';

interface Item {
  readonly id: string;
  readonly t: number;
}
const item = (id: string, t: number): Item => ({ id, t });
const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

/** Each URL answers from its own queue of pages, 4 frames after it is asked. */
function scripted(cold: TestScheduler['createColdObservable'], answers: Record<string, PageOf<Item>[]>) {
  const requested: string[] = [];
  const fetchPage = (url: string): Observable<PageOf<Item>> => {
    requested.push(url);
    const page = answers[url]?.shift();
    if (page === undefined) throw new Error(`no more answers for ${url}`);
    return cold('----(p|)', { p: page });
  };
  return { fetchPage, requested };
}

const walk = (fetchPage: (url: string) => Observable<PageOf<Item>>) => consistentWalk('p1', fetchPage, (i: Item) => i.id, (i: Item) => i.t);

describe('consistentWalk', () => {
  it('re-reads from the top until the first item older than the first page’s newest, emitting only what was missed', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = scripted(cold, {
        // The walk: c moved to the front after p1 was read, so p2 no longer holds it.
        p1: [
          { items: [item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
          { items: [item('c', 11), item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
        ],
        p2: [{ items: [item('d', 7)], next: undefined, usage: undefined }],
      });
      requested = source.requested;
      // a b, d, then the re-read: c is new, a is at the mark (10), b is older: stop there.
      expectObservable(walk(source.fetchPage)).toBe('----(ab)d---(c|)', { a: item('a', 10), b: item('b', 9), c: item('c', 11), d: item('d', 7) });
    });
    expect(requested).toEqual(['p1', 'p2', 'p1']);
  });

  it('reads the whole list again when the re-read finds the newest-first order broken', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = scripted(cold, {
        p1: [
          { items: [item('a', 10)], next: 'p2', usage: undefined },
          { items: [item('a', 10), item('x', 12)], next: 'p2', usage: undefined },
        ],
        p2: [
          { items: [item('b', 9)], next: undefined, usage: undefined },
          { items: [item('b', 9)], next: undefined, usage: undefined },
        ],
      });
      requested = source.requested;
      expectObservable(walk(source.fetchPage)).toBe('----a---b---x---|', { a: item('a', 10), b: item('b', 9), x: item('x', 12) });
    });
    expect(requested).toEqual(['p1', 'p2', 'p1', 'p2']);
  });

  it('without a mark (an empty first page) reads the whole list again', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = scripted(cold, {
        p1: [
          { items: [], next: 'p2', usage: undefined },
          { items: [item('n', 20)], next: 'p2', usage: undefined },
        ],
        p2: [
          { items: [item('b', 9)], next: undefined, usage: undefined },
          { items: [item('b', 9)], next: undefined, usage: undefined },
        ],
      });
      requested = source.requested;
      expectObservable(walk(source.fetchPage)).toBe('--------b---n---|', { b: item('b', 9), n: item('n', 20) });
    });
    expect(requested).toEqual(['p1', 'p2', 'p1', 'p2']);
  });

  it('unsubscribing during the re-read stops it', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = scripted(cold, {
        p1: [
          { items: [item('a', 10)], next: undefined, usage: undefined },
          { items: [item('a', 10)], next: undefined, usage: undefined },
        ],
      });
      requested = source.requested;
      expectObservable(walk(source.fetchPage), '^-----!').toBe('----a-', { a: item('a', 10) });
    });
    expect(requested).toEqual(['p1', 'p1']);
  });

  it('emits a thread once when a later page of the walk brings it again with new ones', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = scripted(cold, {
        p1: [
          { items: [item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
          { items: [item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
        ],
        // a moved down between requests: p2 brings it again, beside the new c.
        p2: [{ items: [item('a', 10), item('c', 8)], next: undefined, usage: undefined }],
      });
      expectObservable(walk(source.fetchPage)).toBe('----(ab)c---|', { a: item('a', 10), b: item('b', 9), c: item('c', 8) });
    });
  });

  it('after a stale cursor, reads from the top again and emits only what it had not', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const stale = { code: 2642 };
      const answers: Record<string, Array<PageOf<Item> | typeof stale>> = {
        p1: [
          { items: [item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
          { items: [item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
          { items: [item('a', 10), item('b', 9)], next: 'p2', usage: undefined },
        ],
        p2: [stale, { items: [item('c', 8)], next: undefined, usage: undefined }],
      };
      const fetchPage = (url: string): Observable<PageOf<Item>> => {
        requested.push(url);
        const answer = answers[url]?.shift();
        if (answer === undefined) throw new Error(`no more answers for ${url}`);
        return 'code' in answer ? cold('----#', undefined, new GraphApiError({ status: 400, code: 2642, message: 'cursor' })) : cold('----(p|)', { p: answer });
      };
      expectObservable(walk(fetchPage)).toBe('----(ab)--------c---|', { a: item('a', 10), b: item('b', 9), c: item('c', 8) });
    });
    expect(requested).toEqual(['p1', 'p2', 'p1', 'p2', 'p1']);
  });
});
