// Compiled by `tsc --noEmit` in `npm test`, never run: per-page policies compose with
// RxJS `pipe`, and `throttleByUsage` only fits where usage is visible (a page request).
// Each @ts-expect-error line must stay an error.
import { map, type Observable, pipe, tap } from 'rxjs';
import {
  conversations$,
  createUsageThrottle,
  FOLDERS,
  mergeFolders,
  messages$,
  retryOnRateLimit,
  throttleByUsage,
  type InFolder,
  type PagePolicy,
  type SelectedThread,
  type Thread,
  type WalkPage,
} from '../../src/index';

declare const accessToken: string;
declare const threads: Observable<Thread>;

export function perPageTakesPipedOperators(): void {
  const throttle = createUsageThrottle();
  conversations$('1001', { accessToken, perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit()) });
  conversations$('1001', { accessToken, perPage: pipe(throttleByUsage({ throttle }), retryOnRateLimit({ maxRetries: 8 })) });
  messages$('t_1', { accessToken, perPage: retryOnRateLimit({ maxRetries: 2 }) });
  const nested: PagePolicy = pipe(retryOnRateLimit({ maxRetries: 5 }), retryOnRateLimit({ maxRetries: 1 }));
  const logged: PagePolicy = (request) => request.pipe(tap((page: WalkPage<unknown>) => void page.items.length));
  conversations$('1001', { accessToken, perPage: pipe(nested, logged) });
  // Standalone, with nothing to infer from, the operators are page policies.
  const standalone = pipe(throttleByUsage({ throttle }), retryOnRateLimit({ maxRetries: 3 }));
  conversations$('1001', { accessToken, perPage: standalone });
  const alone = retryOnRateLimit({ maxRetries: 3 });
  messages$('t_1', { accessToken, perPage: alone });
}

export function throttleByUsageNeedsUsage(): void {
  // @ts-expect-error a thread carries no usage: throttling a stream of threads would pace nothing
  threads.pipe(throttleByUsage());
  // @ts-expect-error not even after a map
  conversations$('1001', { accessToken }).pipe(map((t) => t), throttleByUsage());
  // A retry applies to any stream.
  const retried: Observable<Thread> = threads.pipe(retryOnRateLimit({ dedupe: true }));
  void retried;
}

export function mergeFoldersKeepsTheThreadType(): void {
  const merged: Observable<InFolder<SelectedThread<readonly ['snippet']>>> = mergeFolders(FOLDERS, (folder) =>
    conversations$('1001', { accessToken, folder, fields: ['snippet'] as const, perPage: throttleByUsage() }).pipe(map((t) => t)),
  );
  void merged;
  // @ts-expect-error mergeFolders orders by updated_time: items without it do not merge
  mergeFolders(FOLDERS, () => threads.pipe(map((t) => ({ id: t.id }))));
}
