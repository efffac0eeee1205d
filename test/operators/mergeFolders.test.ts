import { type Observable } from 'rxjs';
import { paginate, type PageOf } from '../../src/conversations/paginate';
import { InvalidInputError, mergeFolders, retryOnRateLimit, WalkObservable, type Folder } from '../../src/index';
import { graphError, newScheduler } from '../support/marbles';

type Item = { id: string };
const t = (id: string) => ({ id });

describe('mergeFolders', () => {
  it('walks the folders in parallel and tags each thread with its folder', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const sources: Record<string, ReturnType<typeof cold<Item>>> = {
        inbox: cold('-a--b|', { a: t('a'), b: t('b') }),
        spam: cold('--c|', { c: t('c') }),
      };
      const merged = mergeFolders(['inbox', 'spam'], (folder) => sources[folder] as Observable<Item>);
      expectObservable(merged).toBe('-ac-b|', { a: { id: 'a', folder: 'inbox' }, c: { id: 'c', folder: 'spam' }, b: { id: 'b', folder: 'inbox' } });
      expectSubscriptions(sources['inbox']?.subscriptions ?? []).toBe('^----!');
      expectSubscriptions(sources['spam']?.subscriptions ?? []).toBe('^--!');
    });
  });

  it('walks one folder after the other with concurrency 1', () => {
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inbox = cold('-a|', { a: t('a') });
      const other = cold('-b|', { b: t('b') });
      const merged = mergeFolders(['inbox', 'other'], (folder) => (folder === 'inbox' ? inbox : other), { concurrency: 1 });
      expectObservable(merged).toBe('-a-b|', { a: { id: 'a', folder: 'inbox' }, b: { id: 'b', folder: 'other' } });
      expectSubscriptions(other.subscriptions).toBe('--^-!');
    });
  });

  it('emits a thread seen in two folders once, at its first sighting', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const inbox = cold('-a---b|', { a: t('x'), b: t('y') });
      const other = cold('---a|', { a: t('x') });
      expectObservable(mergeFolders(['inbox', 'other'], (folder) => (folder === 'inbox' ? inbox : other))).toBe('-a---b|', {
        a: { id: 'x', folder: 'inbox' },
        b: { id: 'y', folder: 'inbox' },
      });
    });
  });

  it('an error in one folder ends the stream and stops the others; unsubscribing stops all', () => {
    const error = graphError(190);
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inbox = cold('-a----b|', { a: t('a'), b: t('b') });
      const spam = cold<Item>('---#', undefined, error);
      expectObservable(mergeFolders(['inbox', 'spam'], (folder) => (folder === 'inbox' ? inbox : spam))).toBe('-a-#', { a: { id: 'a', folder: 'inbox' } }, error);
      expectSubscriptions(inbox.subscriptions).toBe('^--!');
    });
    newScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const inbox = cold('-a----b|', { a: t('a'), b: t('b') });
      const spam = cold('------c|', { c: t('c') });
      expectObservable(mergeFolders(['inbox', 'spam'], (folder) => (folder === 'inbox' ? inbox : spam)), '^--!').toBe('-a-', { a: { id: 'a', folder: 'inbox' } });
      expectSubscriptions(spam.subscriptions).toBe('^--!');
    });
  });

  it('passes retryOnRateLimit down to each folder’s page requests', () => {
    const requested: string[] = [];
    newScheduler().run(({ cold, expectObservable }) => {
      const failures: Record<string, number> = { 'spam:p1': 1 };
      const folderWalk = (folder: Folder) =>
        paginate(
          'p1',
          (url) => {
            const key = `${folder}:${url}`;
            return new WalkObservable<PageOf<Item>>(() => {
              requested.push(key);
              if ((failures[key] ?? 0) > 0) {
                failures[key] = (failures[key] ?? 0) - 1;
                return cold<PageOf<Item>>('-#', undefined, graphError(613));
              }
              return cold('-(p|)', { p: { items: [t(`${folder}-1`)], next: undefined } });
            });
          },
          (item: Item) => item.id,
        );
      const merged = mergeFolders(['inbox', 'spam'], folderWalk).pipe(retryOnRateLimit({ baseDelayMs: 10, maxDelayMs: 10, random: () => 1 }));
      expect(merged).toBeInstanceOf(WalkObservable);
      expectObservable(merged).toBe('-a' + '-'.repeat(10) + '(b|)', { a: { id: 'inbox-1', folder: 'inbox' }, b: { id: 'spam-1', folder: 'spam' } });
    });
    expect(requested).toEqual(['inbox:p1', 'spam:p1', 'spam:p1']);
  });

  it('rejects unknown, repeated or no folders and a bad concurrency', () => {
    newScheduler().run(({ cold, expectObservable }) => {
      const never = () => cold<Item>('-');
      expectObservable(mergeFolders([], never)).toBe('#', undefined, expect.any(InvalidInputError));
      expectObservable(mergeFolders(['inbox', 'archive' as Folder], never)).toBe('#', undefined, expect.any(InvalidInputError));
      expectObservable(mergeFolders(['inbox', 'inbox'], never)).toBe('#', undefined, expect.any(InvalidInputError));
      expectObservable(mergeFolders(['inbox'], never, { concurrency: 0 })).toBe('#', undefined, expect.any(InvalidInputError));
    });
  });
});
