/**
 * 2. Quiet and busy polls: requests per `pollDiff` poll with 0, 1, 10 and 100 changed
 * threads, next to a naive full refetch. The changed threads are the oldest ones (each
 * new message moves one to the front), the worst case for a quick poll.
 *
 * Request counts are exact, not timings, so one run is enough. The poll loop is driven
 * through pollDiff's own store: `save` runs after each poll and the next poll waits for
 * it, so the bench reads the emulator's request count and mutates the inbox there.
 */
import { Subject, takeUntil } from 'rxjs';
import { conversations$, pollDiff, type PollSnapshot, type SnapshotStore } from '../src/index';
import { startRemoteEmulator } from './emulatorClient';

export interface PollConfig {
  readonly threads: number;
  readonly limit: number;
  readonly changed: readonly number[];
}

export interface PollResult {
  /** Requests of each quick poll, by number of changed threads. */
  readonly polls: ReadonlyArray<{ readonly changed: number; readonly requests: number; readonly reported: number }>;
  /** Requests of a full walk: what refetching everything costs each time. */
  readonly naive: number;
  /** Requests of pollDiff's first poll (a full scan that builds the snapshot). */
  readonly firstPoll: number;
}

const PAGE_ID = '1001';

export async function runPoll(config: PollConfig): Promise<PollResult> {
  const emulator = await startRemoteEmulator({ pages: [{ id: PAGE_ID, name: 'Bench Page', threads: { MESSENGER: { inbox: config.threads } } }], latencyMs: 0 });
  try {
    const opts = { accessToken: emulator.accessToken, graphUrl: emulator.url, limit: config.limit };

    // The naive way: read everything, every time.
    await emulator.clearRequests();
    const walked = await new Promise<number>((resolve, reject) => {
      let count = 0;
      conversations$(PAGE_ID, opts).subscribe({ next: () => void (count += 1), error: reject, complete: () => resolve(count) });
    });
    if (walked !== config.threads) throw new Error(`poll: full walk got ${walked} threads, expected ${config.threads}`);
    const naive = await emulator.requestCount();

    const counts: number[] = [];
    const reported: number[] = [];
    let changes = 0;
    const stop = new Subject<void>();
    const done = new Promise<void>((resolve, reject) => {
      const store: SnapshotStore = {
        load: () => undefined,
        save: async (_snapshot: PollSnapshot) => {
          counts.push(await emulator.requestCount());
          reported.push(changes);
          changes = 0;
          await emulator.clearRequests();
          const next = config.changed[counts.length - 1];
          if (next === undefined) {
            stop.next();
            resolve();
            return;
          }
          const ids = await emulator.threadIds(PAGE_ID, 'inbox');
          await emulator.addMessages(PAGE_ID, next === 0 ? [] : ids.slice(-next));
        },
      };
      void emulator.clearRequests().then(() =>
        conversations$(PAGE_ID, opts)
          .pipe(pollDiff({ intervalMs: 1, fullScanEvery: 1_000_000, emitInitial: false, store }), takeUntil(stop))
          .subscribe({ next: () => void (changes += 1), error: reject }),
      );
    });
    await done;
    const [firstPoll = 0, ...quick] = counts;
    const polls = config.changed.map((changed, i) => ({ changed, requests: quick[i] ?? Number.NaN, reported: reported[i + 1] ?? Number.NaN }));
    for (const poll of polls) {
      if (poll.reported !== poll.changed) throw new Error(`poll: ${poll.changed} changed threads, ${poll.reported} reported`);
    }
    return { polls, naive, firstPoll };
  } finally {
    await emulator.close();
  }
}
