// The judge behind every walk: what it emits of a page is exactly the page's first
// occurrences of keys new to the walk, whatever the pages repeat, so a walk emits each
// key once; and a page counts as progress exactly when it brings such a key.
import fc from 'fast-check';
import { distinctJudge, STALE_PAGE_ALLOWANCE } from '../../src/conversations/progress';

const pages = fc.array(fc.array(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), { maxLength: 6 }), { maxLength: 30 });
const same = (item: string) => item;

describe('distinctJudge', () => {
  it('emits each key once, at its first occurrence, and calls a page progress exactly when it brings a new key', () => {
    fc.assert(
      fc.property(pages, (walk) => {
        const judge = distinctJudge(same, new Set<number>());
        const delivered = new Set<string>();
        for (const items of walk) {
          const expected = items.filter((item, i) => !delivered.has(item) && items.indexOf(item) === i);
          const { verdict, fresh } = judge.page(items);
          if (verdict === 'loop') return;
          expect(fresh).toEqual(expected);
          expect(verdict).toBe(expected.length > 0 ? 'progress' : 'stale');
          for (const item of fresh) delivered.add(item);
        }
      }),
    );
  });

  it('a page of keys all new is passed on as it is, not copied', () => {
    const items = ['a', 'b'];
    expect(distinctJudge(same, new Set<number>()).page(items).fresh).toBe(items);
  });

  it('a run of stale pages past the allowance is a loop; a restart starts the run anew, the allowance earned is kept', () => {
    const judge = distinctJudge(same, new Set<number>());
    judge.page(['a']);
    judge.page(['b']);
    const allowed = STALE_PAGE_ALLOWANCE + 2 * 2;
    for (let i = 0; i < allowed; i += 1) expect(judge.page(['a']).verdict).toBe('stale');
    judge.newPass();
    for (let i = 0; i < allowed; i += 1) expect(judge.page(['b']).verdict).toBe('stale');
    expect(judge.page(['a']).verdict).toBe('loop');
  });
});
