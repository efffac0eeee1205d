/**
 * The handle {@link startEmulator} returns: where the server listens, its request log,
 * fault injection and the data/mutation API.
 */
import type { ChaosMutation, ChaosOptions, FaultCounts } from './chaos';
import type { FaultWhen } from './faultQueue';
import type { Fault, FaultHandle } from './faultTypes';
import type { Folder, Platform, RequestRecord, ThreadState } from './types';
import type { EmulatorWebhooks } from './webhookTypes';

/**
 * A running Graph emulator on loopback. Close it when done (`afterAll(() => emulator.close())`).
 *
 * @example
 * ```ts
 * const emulator: Emulator = await startEmulator();
 * const response = await fetch(`${emulator.url}/v19.0/1001/conversations?fields=snippet`, {
 *   headers: { authorization: `Bearer ${emulator.accessToken}` },
 * });
 * await emulator.close();
 * ```
 */
export interface Emulator {
  /** Base url to use as the Graph url, e.g. `http://127.0.0.1:5123`. */
  readonly url: string;
  /** The one token the emulator accepts. */
  readonly accessToken: string;
  /** The app secret, when `appsecret_proof` is required. */
  readonly appSecret: string | undefined;
  /** Ids of the seeded Pages, in the order given. */
  readonly pageIds: readonly string[];
  /**
   * Stops the server and destroys every open socket (keep-alive, hanging or delayed
   * requests, which end up `aborted`). Idempotent: later calls return the same promise.
   */
  close(): Promise<void>;

  /** Every request received since the last {@link Emulator.clearRequests}, in arrival order (a copy of the list; records update in place). */
  readonly requests: readonly RequestRecord[];
  /** Empties the request log; sequence numbers keep counting. */
  clearRequests(): void;
  /** Resolves with the next request to arrive after this call. */
  nextRequest(): Promise<RequestRecord>;
  /** Resolves once the request completed, was aborted by the client, or was reset by a fault. */
  settled(record: RequestRecord): Promise<RequestRecord>;

  /**
   * Applies `fault` to matching requests: skips the first `after` (default 0), then takes
   * the next `times` (default 1, `Infinity` allowed). `path` narrows the matching
   * requests: a string matches decoded paths that contain it, a RegExp is tested against
   * them. When faults overlap, the one injected first is applied.
   */
  inject(fault: Fault, when?: FaultWhen): FaultHandle;
  /**
   * Cancels every injected fault not used up yet, as each handle's `cancel()` would (chaos
   * mode is not affected). For tests that share one emulator: a test that gives up before
   * its request reaches the emulator (a short `timeoutMs` on a busy machine) would
   * otherwise leave its fault to the next test's request.
   *
   * @example
   * ```ts
   * emulator.inject({ kind: 'hang' });
   * // ... the test gave up before its request arrived ...
   * emulator.clearFaults(); // the next test's requests get no fault it did not inject
   * ```
   */
  clearFaults(): void;
  /**
   * Chaos mode: from now on each request gets a random fault with probability `rate`
   * (see {@link ChaosFaultKind}), drawn from a generator seeded with `seed` and keyed by
   * the request's URL and how many times that URL was requested before, so the same
   * seed and the same requests give the same faults. With `mutate`, a seeded mutator
   * also changes one Page's threads (new messages, moves, deletions, new threads) before
   * answering some requests; what it did is in {@link Emulator.mutations}. Faults given
   * to `inject` still come first. Calling it again replaces the settings.
   *
   * @example
   * ```ts
   * emulator.chaos({ seed: 42, rate: 0.3, timeoutMs: 200, mutate: { pageId: '1001', rate: 0.1 } });
   * // ... walk with retryOnRateLimit({ baseDelayMs: 1, maxDelayMs: 4 }) and timeoutMs: 200 ...
   * emulator.calm();
   * console.log(emulator.faultCounts()); // { 'rate-limit 613': 3, reset: 2, slow: 1, ... }
   * ```
   */
  chaos(options?: ChaosOptions): void;
  /** Ends chaos mode: no more random faults or mutations (injected faults are not affected). */
  calm(): void;
  /** Faults applied so far (injected and chaos), by label; counting never resets. */
  faultCounts(): FaultCounts;
  /** Every change the chaos mutator made, in order. */
  readonly mutations: readonly ChaosMutation[];
  /** Delay added before every later response, in ms. */
  setLatency(ms: number): void;

  /** Current threads of a Page, newest first; all folders and platforms unless filtered. */
  threads(pageId: string, filter?: { readonly folder?: Folder; readonly platform?: Platform }): ThreadState[];
  /** Starts a thread (default: Messenger inbox) with one unread message from a new person named `from`. */
  addThread(
    pageId: string,
    init?: { readonly folder?: Folder; readonly platform?: Platform; readonly from?: string; readonly text?: string },
  ): ThreadState;
  /**
   * Appends a message: the thread gets a strictly newer `updated_time`, moves to the front
   * of its folder, and updates snippet, message_count and unread_count (+1 from the
   * person; a Page reply resets it to 0).
   */
  addMessage(pageId: string, threadId: string, init?: { readonly text?: string; readonly fromPage?: boolean }): ThreadState;
  /** Moves a thread to another folder; its `updated_time` does not change. */
  moveThread(pageId: string, threadId: string, folder: Folder): ThreadState;
  /** Deletes a thread: cursors that point at it become invalid (code 2642). */
  deleteThread(pageId: string, threadId: string): void;
  /** Sets unread_count to 0 (Graph then omits it). */
  markRead(pageId: string, threadId: string): ThreadState;
  /** The webhooks posted for the mutations, when `startEmulator({ webhook })` turned them on. */
  readonly webhooks: EmulatorWebhooks | undefined;
}
