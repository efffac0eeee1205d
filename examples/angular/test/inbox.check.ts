// Runs PageInboxService for real: created by Angular's injector, polling the Graph
// emulator over HTTP through the example's Graph proxy (server/inbox-proxy.ts, which holds
// the token), then destroyed. Prints one JSON line `{ ok, checks, timings }` and
// exits non-zero when a check failed (or, a second JSON line, when something keeps the
// process up 2 s after it is done); test/examples/angular.test.ts runs it.
//
// Run it alone: TSX_TSCONFIG_PATH=examples/angular/tsconfig.json node --import tsx examples/angular/test/inbox.check.ts
//
// @angular/core is ESM-only and @Injectable() is compiled just in time here (an Angular
// build compiles it ahead of time), so the compiler is loaded first.
import '@angular/compiler';
import { Injector } from '@angular/core';
import { filter, firstValueFrom, ReplaySubject, take } from 'rxjs';
import { startEmulator } from 'rx-graph-conversations/testing';
import { type InboxChange, type InboxThread, PageInboxService, providePageInbox } from '../index';
import { PROXY_PLACEHOLDER_TOKEN } from '../page-inbox.config';
import { startInboxProxy } from '../server/inbox-proxy';

const PAGE = '1001';
const POLL_MS = 20;
const FULL_SCAN_EVERY = 3;
const checks: Record<string, { ok: boolean; detail?: unknown }> = {};
const check = (name: string, ok: boolean, detail?: unknown) => {
  checks[name] = detail === undefined ? { ok } : { ok, detail };
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const started = Date.now();
const timings: Record<string, number> = { loaded: Math.round(performance.now()) }; // ms from process start to here: tsx and Angular's JIT compiler
const mark = (name: string) => (timings[name] = Date.now() - started);

async function main(): Promise<void> {
  const emulator = await startEmulator();
  // The server side: the token is given to the proxy only.
  const proxy = await startInboxProxy({ pageId: PAGE, token: emulator.accessToken, graphUrl: emulator.url });
  try {
    // @ts-expect-error the browser's config has no place for a Page token
    providePageInbox({ pageId: PAGE, proxyUrl: `${proxy.url}/graph`, accessToken: emulator.accessToken });
    const injector = Injector.create({
      providers: providePageInbox({ pageId: PAGE, proxyUrl: `${proxy.url}/graph`, folders: ['inbox', 'other'], pollIntervalMs: POLL_MS, limit: 25, fullScanEvery: FULL_SCAN_EVERY }),
      name: 'inbox-check',
    });
    const inbox = injector.get(PageInboxService);
    check('lazy: creating the service requests nothing', emulator.requests.length === 0, emulator.requests.length);

    // Subjects record what the service emits and whether its streams completed.
    const threads = new ReplaySubject<readonly InboxThread[]>();
    const changes = new ReplaySubject<InboxChange>();
    const completed = { threads: false, changes: false };
    inbox.threads$.subscribe({ next: (list) => threads.next(list), complete: () => (completed.threads = true), error: (e: unknown) => threads.error(e) });
    inbox.changes$.subscribe({ next: (change) => changes.next(change), complete: () => (completed.changes = true), error: (e: unknown) => changes.error(e) });
    const within = <T>(what: string, promise: Promise<T>): Promise<T> => {
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), 5000)));
      return Promise.race([promise, late]).finally(() => clearTimeout(timer));
    };

    // 1. The first list: every thread of both folders, newest first, tagged with its folder.
    const first = await within('the first list', firstValueFrom(threads));
    mark('firstList');
    const expected = [...emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' }), ...emulator.threads(PAGE, { folder: 'other', platform: 'MESSENGER' })];
    const sameIds = JSON.stringify(first.map((t) => t.id).sort()) === JSON.stringify(expected.map((t) => t.id).sort());
    check('threads$ emits every thread of the configured folders from the emulator', sameIds && first.length === expected.length, { got: first.length, expected: expected.length });
    const times = first.map((t) => t.updated_time.getTime());
    check('threads$ is newest first', times.every((time, i) => i === 0 || time <= (times[i - 1] ?? time)));
    const folders = new Set(first.map((t) => t.folder));
    check('threads$ tags each thread with its folder', folders.has('inbox') && folders.has('other') && folders.size === 2, [...folders]);
    check('the proxy adds the token to every request Graph gets, as a header, never in the url', emulator.requests.every((r) => r.headers.authorization === `Bearer ${emulator.accessToken}` && !r.url.includes(emulator.accessToken)));
    check('the service never holds the token: what it emits carries neither the token nor its placeholder', !JSON.stringify(first).includes(emulator.accessToken) && !JSON.stringify(first).includes(PROXY_PLACEHOLDER_TOKEN));
    check('the service pages through the proxy: it followed paging.next URLs the proxy pointed back at itself', emulator.requests.some((r) => r.query.after !== undefined));

    // 2. A late subscriber gets the current list at once, and no request of its own.
    const before = emulator.requests.length;
    let late: readonly InboxThread[] | undefined;
    inbox.threads$.pipe(take(1)).subscribe((list) => (late = list));
    check('a late threads$ subscriber gets the current list synchronously', late === first);
    check('a late subscriber shares the polling loop', emulator.requests.length === before, emulator.requests.length - before);

    // 3. Changes: a new message in an old inbox thread, and a new conversation in `other`.
    const oldest = emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' }).at(-1);
    if (oldest === undefined) throw new Error('the emulator has no inbox threads');
    emulator.addMessage(PAGE, oldest.id, { text: 'Is the order shipped?' });
    const created = emulator.addThread(PAGE, { folder: 'other', from: 'Ana Check', text: 'Hello from the check' });
    const updated = await within('the update', firstValueFrom(changes.pipe(filter((c) => c.thread.id === oldest.id))));
    const added = await within('the new thread', firstValueFrom(changes.pipe(filter((c) => c.thread.id === created.id))));
    mark('changes');
    check('changes$ reports the new message as updated', updated.type === 'updated' && updated.thread.snippet === 'Is the order shipped?', updated.type);
    check('changes$ reports the new conversation as added, in its folder', added.type === 'added' && added.thread.folder === 'other', [added.type, added.thread.folder]);
    const current = await within('the updated list', firstValueFrom(threads.pipe(filter((list) => list.some((t) => t.id === created.id) && list.slice(0, 2).some((t) => t.id === oldest.id)))));
    check('threads$ follows: the updated thread moves to the front, the new one joins', current.length === first.length + 1, { length: current.length });

    // Full scans (every FULL_SCAN_EVERY polls): a deleted thread, and one moved from inbox
    // to other, which is one change: updated, with the old folder in `previous`.
    const [deleted, moved] = emulator.threads(PAGE, { folder: 'inbox', platform: 'MESSENGER' }).slice(5, 7);
    if (deleted === undefined || moved === undefined) throw new Error('the emulator has too few inbox threads');
    emulator.deleteThread(PAGE, deleted.id);
    emulator.moveThread(PAGE, moved.id, 'other');
    const seen = (id: string, type: InboxChange['type']) => firstValueFrom(changes.pipe(filter((c) => c.thread.id === id && c.type === type)));
    const movesSeen: InboxChange[] = [];
    changes.pipe(filter((c) => c.thread.id === moved.id)).subscribe((c) => movesSeen.push(c));
    const [gone, move] = await within('the full scans', Promise.all([seen(deleted.id, 'removed'), seen(moved.id, 'updated')]));
    const scanned = await within('the list after the full scans', firstValueFrom(threads.pipe(filter((list) => !list.some((t) => t.id === deleted.id) && list.some((t) => t.id === moved.id && t.folder === 'other')))));
    mark('fullScans');
    check(
      'changes$ reports a deleted thread as removed and a move once, as updated with its old folder',
      gone.thread.folder === 'inbox' && move.type === 'updated' && move.previous.folder === 'inbox' && move.thread.folder === 'other' && movesSeen.length === 1,
      { gone: gone.thread.folder, move: move.type === 'updated' ? [move.previous.folder, move.thread.folder] : move.type, moves: movesSeen.length },
    );
    check('threads$ drops the deleted thread and keeps the moved one, in its new folder', scanned.length === current.length - 1, { length: scanned.length });

    let initialAdds = 0;
    changes.pipe(filter((c) => c.type === 'added' && c.thread.id !== created.id && c.thread.id !== moved.id)).subscribe(() => (initialAdds += 1));
    check('changes$ does not report the initial threads', initialAdds === 0, initialAdds);

    // 4. Destroy while both folders wait for a response: those requests are aborted and both
    // streams complete. Each folder's loop has at most one request out, so none is on its way.
    emulator.setLatency(400);
    const pending = () => emulator.requests.filter((r) => r.state === 'pending');
    while (pending().length < 2) await within('a poll of each folder in flight', emulator.nextRequest());
    const inFlight = pending();
    injector.destroy();
    mark('destroyed');
    check('destroying the injector completes threads$ and changes$', completed.threads && completed.changes, completed);
    const settled = await within('the aborted requests', Promise.all(inFlight.map((r) => emulator.settled(r))));
    check('destroying the injector aborts the requests in flight', settled.length > 0 && settled.every((r) => r.state === 'aborted'), settled.map((r) => r.state));

    // 5. After destroy: nothing more. Wait many poll intervals, subscribe again, then send a
    // request of our own as a fence: it must be the only request after the destroy.
    emulator.setLatency(0);
    const atDestroy = emulator.requests.length;
    await sleep(POLL_MS * 15);
    let replayed: readonly InboxThread[] | undefined;
    let lateComplete = false;
    inbox.threads$.subscribe({ next: (list) => (replayed = list), complete: () => (lateComplete = true) });
    inbox.changes$.subscribe({ next: () => (lateComplete = false) });
    check('subscribing after destroy gives the last list and completes', replayed !== undefined && lateComplete);
    const fence = await fetch(`${emulator.url}/v19.0/${PAGE}/conversations?fields=snippet&limit=1`, { headers: { authorization: `Bearer ${emulator.accessToken}`, 'x-check': 'fence' } });
    await fence.arrayBuffer();
    const after = emulator.requests.slice(atDestroy);
    check('no request reaches the emulator after destroy but our own', after.length === 1 && after[0]?.headers['x-check'] === 'fence', after.map((r) => r.headers['x-check'] ?? `poll of ${r.query.folder ?? '?'}`));
  } finally {
    await proxy.close();
    await emulator.close();
  }
}

main()
  .catch((error: unknown) => check('runs without throwing', false, error instanceof Error ? error.message : String(error)))
  .finally(() => {
    mark('total');
    const ok = Object.values(checks).every((c) => c.ok) && Object.keys(checks).length > 0;
    console.log(JSON.stringify({ ok, checks, timings }));
    process.exitCode = ok ? 0 : 1;
    // With the emulator closed and the injector destroyed nothing may keep the process up
    // (a polling timer would): this unref'd timer fires only if something does.
    setTimeout(() => {
      const lingering = process.getActiveResourcesInfo().filter((resource) => resource !== 'TTYWrap');
      console.log(JSON.stringify({ ok: false, checks: { ...checks, 'the process exits on its own after destroy': { ok: false, detail: lingering } }, timings }));
      process.exit(1);
    }, 2000).unref();
  });
