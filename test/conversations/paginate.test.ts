import { filter, take, tap, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { paginate, type PageOf } from '../../src/conversations/paginate';
import { GraphApiError } from '../../src/errors/graphApiError';

// Pages as cold marbles: by default each page arrives 2 frames after it is requested.
function pagedSource(helpers: { cold: TestScheduler['createColdObservable'] }, pages: Record<string, PageOf<string>>, latency = '--(p|)') {
  const requested: string[] = [];
  const fetchPage = (url: string): Observable<PageOf<string>> => {
    requested.push(url);
    const page = pages[url];
    if (page === undefined) throw new Error(`no page ${url}`);
    return helpers.cold(latency, { p: page });
  };
  return { fetchPage, requested };
}

const same = (item: string) => item;
const newScheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('paginate', () => {
  it('requests each page after the previous one and emits items in order', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a', 'b'], next: 'p2', usage: undefined },
        p2: { items: ['d'], next: 'p3', usage: undefined },
        p3: { items: ['c'], next: undefined, usage: undefined },
      }, '----(p|)');
      requested = source.requested;
      // p1 arrives at 4; p2 is asked for then and arrives at 8; p3 at 12.
      expectObservable(paginate('p1', source.fetchPage, same)).toBe('----(ab)d---(c|)');
    });
    expect(requested).toEqual(['p1', 'p2', 'p3']);
  });

  it('continues past an empty page that has next, and stops only without next', () => {
    const scheduler = newScheduler();
    let requested: string[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: [], next: 'p2', usage: undefined },
        p2: { items: [], next: 'p3', usage: undefined },
        p3: { items: ['z'], next: undefined, usage: undefined },
      });
      requested = source.requested;
      expectObservable(paginate('p1', source.fetchPage, same)).toBe('------(z|)');
    });
    expect(requested).toEqual(['p1', 'p2', 'p3']);
  });

  it('take(1) requests only the first page and unsubscribes at once', () => {
    const scheduler = newScheduler();
    let requested: string[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a', 'b'], next: 'p2', usage: undefined },
        p2: { items: ['c'], next: undefined, usage: undefined },
      });
      requested = source.requested;
      expectObservable(paginate('p1', source.fetchPage, same).pipe(take(1))).toBe('--(a|)');
    });
    expect(requested).toEqual(['p1']);
  });

  it('stops requesting when the subscriber leaves mid-walk', () => {
    const scheduler = newScheduler();
    let requested: string[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a'], next: 'p2', usage: undefined },
        p2: { items: ['b'], next: 'p3', usage: undefined },
        p3: { items: ['c'], next: undefined, usage: undefined },
      });
      requested = source.requested;
      expectObservable(paginate('p1', source.fetchPage, same), '^---!').toBe('--a-');
    });
    expect(requested).toEqual(['p1', 'p2']);
  });

  it('ends with a paging-loop error once a run of pages brings nothing new, and emits nothing twice', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a'], next: 'p2', usage: undefined },
        p2: { items: ['b'], next: 'p1', usage: undefined },
      });
      requested = source.requested;
      // Two pages brought something new, so a run of up to 5 + 2 × 2 pages that bring
      // nothing is allowed (replays after threads moved to the front); the 10th ends the walk.
      expectObservable(paginate('p1', source.fetchPage, same)).toBe('--a-b' + '-'.repeat(19) + '#', { a: 'a', b: 'b' }, expect.objectContaining({ kind: 'paging-loop' }));
    });
    expect(requested).toEqual(Array<string[]>(6).fill(['p1', 'p2']).flat());
  });

  it('follows a next already visited, through pages read before, until it gets past the change', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      // After p3, the thread its cursor points at got a message: 'after it' starts over
      // (p4, then p2 again as before), and p3 now gives something new. The pages read
      // again bring nothing new: their items are not emitted twice.
      const answers: Record<string, PageOf<string>[]> = {
        p1: [{ items: ['a'], next: 'p2', usage: undefined }],
        p2: [
          { items: ['b'], next: 'p3', usage: undefined },
          { items: ['b'], next: 'p3', usage: undefined },
        ],
        p3: [
          { items: ['c'], next: 'p4', usage: undefined },
          { items: ['d'], next: undefined, usage: undefined },
        ],
        p4: [{ items: ['a'], next: 'p2', usage: undefined }],
      };
      const fetchPage = (url: string): Observable<PageOf<string>> => {
        requested.push(url);
        const page = answers[url]?.shift();
        if (page === undefined) throw new Error(`no more answers for ${url}`);
        return cold('--(p|)', { p: page });
      };
      expectObservable(paginate('p1', fetchPage, same)).toBe('--a-b-c-----(d|)');
    });
    expect(requested).toEqual(['p1', 'p2', 'p3', 'p4', 'p2', 'p3']);
  });

  it('a page with something new emits only its new items, not those already delivered', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a', 'b'], next: 'p2', usage: undefined },
        p2: { items: ['b', 'c', 'c'], next: undefined, usage: undefined },
      }, '----(p|)');
      expectObservable(paginate('p1', source.fetchPage, same)).toBe('----(ab)(c|)');
    });
  });

  it('a replay from the top after the cursor’s thread moved: neither the moved thread nor the known tail of the first page past the change comes again', () => {
    // After p2 the thread its cursor points at (d) got a message: 'after it' starts over
    // from the top (p3 = d a, p4 = b c), and the first page past the change (p5) holds
    // the tail read before (c) and a thread never read (e).
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a', 'b'], next: 'p2', usage: undefined },
        p2: { items: ['c', 'd'], next: 'p3', usage: undefined },
        p3: { items: ['d', 'a'], next: 'p4', usage: undefined },
        p4: { items: ['b', 'c'], next: 'p5', usage: undefined },
        p5: { items: ['c', 'e'], next: undefined, usage: undefined },
      }, '----(p|)');
      requested = source.requested;
      expectObservable(paginate('p1', source.fetchPage, same)).toBe('----(ab)(cd)--------(e|)');
    });
    expect(requested).toEqual(['p1', 'p2', 'p3', 'p4', 'p5']);
  });

  it('two replays from the top in a row (the cursor’s thread moved twice before the walk got past): the walk goes on', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      // Six pages, then 'after' starts over from the top twice: the six pages again, twice
      // (12 pages in a row that bring nothing new), then a thread never read.
      const items = ['a', 'b', 'c', 'd', 'e', 'f', 'a', 'b', 'c', 'd', 'e', 'f', 'a', 'b', 'c', 'd', 'e', 'f', 'g'];
      const pages = Object.fromEntries(items.map((item, i) => [`u${i + 1}`, { items: [item], next: i + 1 < items.length ? `u${i + 2}` : undefined, usage: undefined }]));
      const source = pagedSource({ cold }, pages, '-(p|)');
      expectObservable(paginate('u1', source.fetchPage, same)).toBe('-abcdef' + '-'.repeat(12) + '(g|)');
    });
  });

  it('stale cursors three times in a row: each restart re-reads the pages read so far as a pass of its own, and the walk ends where the server does', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      // Six pages, then a stale cursor three times: each restart reads the same six pages
      // again (18 pages in a row that bring nothing new, past the 5 + 2 × 6 allowance of
      // one run), and the fourth pass gets past.
      const pages = ['a', 'b', 'c', 'd', 'e', 'f'];
      const answers: Record<string, Array<PageOf<string> | 'stale'>> = Object.fromEntries(pages.map((item, i) => [`p${i + 1}`, Array<PageOf<string>>(4).fill({ items: [item], next: `p${i + 2}`, usage: undefined })]));
      answers['p7'] = ['stale', 'stale', 'stale', { items: ['g'], next: undefined, usage: undefined }];
      const fetchPage = (url: string): Observable<PageOf<string>> => {
        requested.push(url);
        const answer = answers[url]?.shift();
        if (answer === undefined) throw new Error(`no more answers for ${url}`);
        return answer === 'stale' ? cold('-#', undefined, new GraphApiError({ status: 400, code: 2642, message: 'cursor' })) : cold('-(p|)', { p: answer });
      };
      expectObservable(paginate('p1', fetchPage, same)).toBe('-abcdef' + '-'.repeat(21) + '(g|)');
    });
    const pass = ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'];
    expect(requested).toEqual([...pass, ...pass, ...pass, ...pass]);
  });

  it('maxPages: ends with a paging-loop error instead of requesting one page more', () => {
    let requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, {
        p1: { items: ['a'], next: 'p2', usage: undefined },
        p2: { items: ['b'], next: 'p3', usage: undefined },
        p3: { items: ['c'], next: undefined, usage: undefined },
      });
      requested = source.requested;
      expectObservable(paginate('p1', source.fetchPage, same, { maxPages: 2 })).toBe('--a-(b#)', undefined, expect.objectContaining({ kind: 'paging-loop' }));
    });
    expect(requested).toEqual(['p1', 'p2']);
  });

  it('passes a page error through and requests nothing after it', () => {
    const scheduler = newScheduler();
    const requested: string[] = [];
    scheduler.run(({ cold, expectObservable }) => {
      const fetchPage = (url: string) => {
        requested.push(url);
        return url === 'p1' ? cold('-(p|)', { p: { items: ['a'], next: 'p2', usage: undefined } }) : cold<PageOf<string>>('-#', undefined, new Error('boom'));
      };
      expectObservable(paginate('p1', fetchPage, same)).toBe('-a#', undefined, new Error('boom'));
    });
    expect(requested).toEqual(['p1', 'p2']);
  });
});

describe('paginate with prefetch: 1', () => {
  it('a page requested ahead whose body names the next page before the walk reaches it: the next one is requested as soon as the walk reaches it', () => {
    // Each page's body arrives 2 frames after its request (and names the next page: the
    // 'early' callback), and the page is emitted 3 frames later (parsed, decoded).
    const requested: Array<readonly [string, number]> = [];
    const scheduler = newScheduler();
    scheduler.run(({ cold, expectObservable }) => {
      const pages: Record<string, PageOf<string>> = {
        p1: { items: ['a'], next: 'p2', usage: undefined },
        p2: { items: ['b'], next: 'p3', usage: undefined },
        p3: { items: ['c'], next: 'p4', usage: undefined },
        p4: { items: ['d'], next: undefined, usage: undefined },
      };
      const fetchPage = (url: string, early?: (next: string) => void): Observable<PageOf<string>> => {
        requested.push([url, scheduler.now()]);
        const page = pages[url] as PageOf<string>;
        return cold('--e--(p|)', { e: undefined, p: page }).pipe(
          tap((value) => {
            if (value === undefined && page.next !== undefined) early?.(page.next);
          }),
          filter((value): value is PageOf<string> => value !== undefined),
        );
      };
      // p2 is requested once p1 is emitted (5); its body names p3, requested at once (7);
      // p3's body names p4 (9) before the walk reaches p3 (when p2 is emitted, 10): p4 is
      // requested then, not once p3 is emitted (12).
      expectObservable(paginate('p1', fetchPage, same, { prefetch: 1 })).toBe('-----a----b-c--(d|)');
    });
    expect(requested).toEqual([['p1', 0], ['p2', 5], ['p3', 7], ['p4', 10]]);
  });
});

describe('paginate refusals', () => {
  it('emits the refused page’s items, then errors without another request', () => {
    const scheduler = newScheduler();
    let requested: string[] = [];
    const refusal = new Error('next refused');
    scheduler.run(({ cold, expectObservable }) => {
      const source = pagedSource({ cold }, { p1: { items: ['a'], next: undefined, refusal, usage: undefined } });
      requested = source.requested;
      expectObservable(paginate('p1', source.fetchPage, same)).toBe('--(a#)', undefined, refusal);
    });
    expect(requested).toEqual(['p1']);
  });
});
