import { defer, map, mergeMap, type Observable, take } from 'rxjs';
import { claimDemand } from '../../src/conversations/demand';
import { paginate, type PageOf } from '../../src/conversations/paginate';
import { InvalidInputError, mergeFolders, retryOnRateLimit, type Folder, type PagePolicy } from '../../src/index';
import type { TestScheduler } from 'rxjs/testing';
import { graphError, newScheduler } from '../support/marbles';

type Item = { id: string; updated_time: Date };
// A thread whose time is its number: higher is newer.
const t = (id: string, time: number): Item => ({ id, updated_time: new Date(time) });
const tagged = (item: Item, folder: Folder) => ({ ...item, folder });

/** What a stream does, frame by frame (`3 inbox:a`, `6 complete`): groups in marbles take frames of their own. */
function timeline(scheduler: TestScheduler, source: Observable<Item & { folder?: Folder }>): string[] {
  const log: string[] = [];
  source.subscribe({
    next: (item) => log.push(`${scheduler.now()} ${item.folder ?? ''}:${item.id}`),
    error: () => log.push(`${scheduler.now()} error`),
    complete: () => log.push(`${scheduler.now()} complete`),
  });
  return log;
}

/** A paged folder walk: pages p1, p2, ... arrive 1 frame after they are asked for; `requested` logs each request. */
function pagedFolder(cold: ReturnType<typeof newScheduler>['createColdObservable'], folder: Folder, pages: Item[][], requested: string[], perPage?: PagePolicy): Observable<Item> {
  const fetchPage = (url: string) =>
    defer(() => {
      requested.push(`${folder}:${url}`);
      const n = Number(url.slice(1));
      const page: PageOf<Item> = { items: pages[n - 1] ?? [], next: n < pages.length ? `p${n + 1}` : undefined, usage: undefined };
      return cold('-(p|)', { p: page });
    });
  // As conversations$ does: the walk claims the demand its consumer offers when subscribed.
  return defer(() => paginate('p1', fetchPage, (item: Item) => item.id, { demand: claimDemand(), perPage }));
}

describe('mergeFolders', () => {
  it('emits newest first across folders, each thread tagged with its folder, once every folder has one ready', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush, expectSubscriptions }) => {
      const [a, b, c, d] = [t('a', 9), t('b', 5), t('c', 7), t('d', 1)];
      const inbox = cold('-a--b|', { a, b });
      const spam = cold('---c-d|', { c, d });
      const log = timeline(scheduler, mergeFolders(['inbox', 'spam'], (folder) => (folder === 'inbox' ? inbox : spam)));
      expectSubscriptions(inbox.subscriptions).toBe('^----!');
      expectSubscriptions(spam.subscriptions).toBe('^-----!');
      flush();
      // Nothing until spam has a thread (3); c waits for inbox's next (b at 4), b for spam's (d at 5).
      expect(log).toEqual(['3 inbox:a', '4 spam:c', '5 inbox:b', '5 spam:d', '6 complete']);
    });
  });

  it('a folder that ends empty does not hold the others back; ties go to the folder listed first', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const [a, b] = [t('a', 5), t('b', 5)];
      const inbox = cold('--a|', { a });
      const other = cold('-b|', { b });
      const spam = cold<Item>('|');
      expectObservable(mergeFolders(['inbox', 'other', 'spam'], (folder) => (folder === 'inbox' ? inbox : folder === 'other' ? other : spam))).toBe('--a(b|)', {
        a: tagged(a, 'inbox'),
        b: tagged(b, 'other'),
      });
    });
  });

  it('emits a thread seen in two folders once, at its first sighting', () => {
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush }) => {
      const inbox = cold('-a--b|', { a: t('x', 9), b: t('y', 3) });
      const other = cold('---a|', { a: t('x', 9) });
      const log = timeline(scheduler, mergeFolders(['inbox', 'other'], (folder) => (folder === 'inbox' ? inbox : other)));
      flush();
      expect(log).toEqual(['3 inbox:x', '4 inbox:y', '5 complete']);
    });
  });

  it('requests every first page at once, and a later page only once that folder runs low', () => {
    const requested: string[] = [];
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush }) => {
      const inbox = [[t('i1', 90), t('i2', 80)], [t('i3', 10)]];
      const spam = [[t('s1', 50)], [t('s2', 40)], [t('s3', 5)]];
      const log = timeline(scheduler, mergeFolders(['inbox', 'spam'], (folder) => pagedFolder(cold, folder, folder === 'inbox' ? inbox : spam, requested).pipe(map((item) => item))));
      flush();
      // 1: both first pages; i1, i2 (newer than s1), then inbox ran low: its p2 answers at 2;
      // s1 (50 > 10), spam dry: p2 at 3; s2, spam dry: p3 at 4; i3, s3.
      expect(log).toEqual(['1 inbox:i1', '1 inbox:i2', '2 spam:s1', '3 spam:s2', '4 inbox:i3', '4 spam:s3', '4 complete']);
    });
    expect(requested).toEqual(['inbox:p1', 'spam:p1', 'inbox:p2', 'spam:p2', 'spam:p3']);
  });

  it('requests a folder’s next page once half its page was taken, so folders wait side by side', () => {
    const requested: string[] = [];
    const scheduler = newScheduler();
    scheduler.run(({ cold, flush }) => {
      const inbox = [[t('i1', 100), t('i2', 90)], [t('i3', 50), t('i4', 40)]];
      const spam = [[t('s1', 95), t('s2', 60)], [t('s3', 45), t('s4', 30)]];
      const log = timeline(scheduler, mergeFolders(['inbox', 'spam'], (folder) => pagedFolder(cold, folder, folder === 'inbox' ? inbox : spam, requested)));
      flush();
      // 1: i1, s1 (half of spam's page taken: its p2 is asked now), i2 (inbox empty: its p2
      // too). Both answer at 2, and the rest is merged then. Waiting for a folder to run
      // dry would have asked spam's p2 only at 2, after s2, and ended at 3.
      expect(log).toEqual(['1 inbox:i1', '1 spam:s1', '1 inbox:i2', '2 spam:s2', '2 inbox:i3', '2 spam:s3', '2 inbox:i4', '2 spam:s4', '2 complete']);
    });
    expect(requested).toEqual(['inbox:p1', 'spam:p1', 'inbox:p2', 'spam:p2']);
  });

  it('take(3) of pages of 10 costs one request per folder: less than half a page was taken', () => {
    const requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const page = (prefix: string, from: number) => Array.from({ length: 10 }, (_, i) => t(`${prefix}${from + i}`, 1000 - (from + i) * 2 - (prefix === 'i' ? 0 : 1)));
      const merged = mergeFolders(['inbox', 'spam'], (folder) => {
        const prefix = folder === 'inbox' ? 'i' : 's';
        return pagedFolder(cold, folder, [page(prefix, 0), page(prefix, 10)], requested);
      });
      expectObservable(merged.pipe(take(3), map((item) => item.id))).toBe('-(abc|)', { a: 'i0', b: 's0', c: 'i1' });
    });
    expect(requested).toEqual(['inbox:p1', 'spam:p1']);
  });

  it('take(1) costs one request per folder, even when a factory adds operators', () => {
    const requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const pages = (prefix: string) => [[t(`${prefix}1`, prefix === 'i' ? 9 : 8)], [t(`${prefix}2`, 1)]];
      const merged = mergeFolders(['inbox', 'spam'], (folder) => pagedFolder(cold, folder, pages(folder === 'inbox' ? 'i' : 's'), requested).pipe(map((item) => item)));
      expectObservable(merged.pipe(take(1), map((item) => item.id))).toBe('-(a|)', { a: 'i1' });
    });
    expect(requested).toEqual(['inbox:p1', 'spam:p1']);
  });

  it('a retry in perPage re-sends one folder’s failing page', () => {
    const requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      let failures = 1;
      const failOnce: PagePolicy = (request) => defer(() => (failures-- > 0 ? cold<never>('-#', undefined, graphError(613)) : request));
      const perPage: PagePolicy = (request) => failOnce(request).pipe(retryOnRateLimit({ baseDelayMs: 10, maxDelayMs: 10, random: () => 1 }));
      const merged = mergeFolders(['inbox', 'spam'], (folder) => pagedFolder(cold, folder, [[t(`${folder}-1`, folder === 'inbox' ? 2 : 1)]], requested, folder === 'spam' ? perPage : undefined));
      // spam fails at 1, is asked again at 11, answers at 12.
      expectObservable(merged.pipe(map((item) => item.id))).toBe('-' + '-'.repeat(11) + '(ab|)', { a: 'inbox-1', b: 'spam-1' });
    });
    expect(requested).toEqual(['inbox:p1', 'spam:p1']);
  });

  it('an error in one folder ends the stream and stops the others; unsubscribing stops all', () => {
    const error = graphError(190);
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inbox = cold('-a----b|', { a: t('a', 2), b: t('b', 1) });
      const spam = cold<Item>('---#', undefined, error);
      expectObservable(mergeFolders(['inbox', 'spam'], (folder) => (folder === 'inbox' ? inbox : spam))).toBe('---#', undefined, error);
      expectSubscriptions(inbox.subscriptions).toBe('^--!');
    });
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inbox = cold('-a----b|', { a: t('a', 2), b: t('b', 1) });
      const spam = cold('-c-----|', { c: t('c', 1) });
      expectObservable(mergeFolders(['inbox', 'spam'], (folder) => (folder === 'inbox' ? inbox : spam)), '^--!').toBe('-a-', { a: tagged(t('a', 2), 'inbox') });
      expectSubscriptions(spam.subscriptions).toBe('^--!');
    });
  });

  it('rejects unknown, repeated or no folders on subscribe', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const never = () => cold<Item>('-');
      expectObservable(mergeFolders([], never)).toBe('#', undefined, expect.any(InvalidInputError));
      expectObservable(mergeFolders(['inbox', 'archive' as Folder], never)).toBe('#', undefined, expect.any(InvalidInputError));
      expectObservable(mergeFolders(['inbox', 'inbox'], never)).toBe('#', undefined, expect.any(InvalidInputError));
    });
  });
});

describe('mergeFolders and the walks around it', () => {
  it('a walk subscribed downstream while a thread is delivered does not take a folder’s demand', () => {
    const requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      // The factories' sources are no walks and emit at once, so their demands stay unclaimed
      // while spam's x is delivered... and a is emitted, and the walk below is subscribed.
      const merged = mergeFolders(['inbox', 'spam'], (folder) => defer(() => (folder === 'inbox' ? [t('a', 5)] : [t('x', 1)])));
      const downstream = merged.pipe(take(1), mergeMap(() => pagedFolder(cold, 'other', [[t('o1', 2)], [t('o2', 1)]], requested)));
      // Both of its pages come: nothing holds its second page back (spam's x is never taken).
      expectObservable(downstream.pipe(map((item) => item.id))).toBe('-a(b|)', { a: 'o1', b: 'o2' });
    });
    expect(requested).toEqual(['other:p1', 'other:p2']);
  });
});
