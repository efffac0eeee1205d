import { Subject, take } from 'rxjs';
import { pageItems } from '../../src/conversations/pageItems';
import { newScheduler } from '../support/marbles';

interface Page {
  readonly items: readonly string[];
}

describe('pageItems', () => {
  it("emits each page's items in order, like concatMap over the items", () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const pages = cold<Page>('-p--q-r|', { p: { items: ['a', 'b'] }, q: { items: [] }, r: { items: ['c'] } });
      expectObservable(pages.pipe(pageItems())).toBe('-(ab)-c|', { a: 'a', b: 'b', c: 'c' });
    });
  });

  it('passes an error on after the items already emitted', () => {
    const error = new Error('page');
    newScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold<Page>('-p#', { p: { items: ['a'] } }, error).pipe(pageItems())).toBe('-a#', { a: 'a' }, error);
    });
  });

  it('stops reading a page as soon as the consumer leaves', () => {
    const pages = new Subject<Page>();
    const read: string[] = [];
    // Records which items the operator reads.
    const items = new Proxy(['a', 'b', 'c', 'd'], {
      get: (target, property, receiver) => {
        if (typeof property === 'string' && /^\d+$/.test(property)) read.push(property);
        return Reflect.get(target, property, receiver) as unknown;
      },
    });
    const taken: string[] = [];
    pages.pipe(pageItems(), take(2)).subscribe((item) => taken.push(item));
    pages.next({ items });
    expect(taken).toEqual(['a', 'b']);
    expect(read).toEqual(['0', '1']);
    expect(pages.observed).toBe(false);
  });

  it('a page that comes while another is being emitted waits its turn, and so does the end', () => {
    const pages = new Subject<Page>();
    const seen: string[] = [];
    pages.pipe(pageItems()).subscribe({
      next: (item) => {
        seen.push(item);
        // A consumer that makes the walk go on from inside next.
        if (item === 'a1') {
          pages.next({ items: ['b1', 'b2'] });
          pages.complete();
        }
      },
      complete: () => seen.push('done'),
    });
    pages.next({ items: ['a1', 'a2'] });
    expect(seen).toEqual(['a1', 'a2', 'b1', 'b2', 'done']);
  });
});
