/**
 * Public vocabulary of the emulator's webhooks: the option that turns them on, and what
 * the emulator reports about each delivery.
 */
import type { WebhookMutation } from './webhookPayloads';

/**
 * `startEmulator({ webhook })`: where to post the Messenger/Instagram webhooks of the
 * emulator's mutations, and how unreliable to be. Shares are drawn from a generator
 * seeded with `seed` (default: the emulator's), so a seed replays the same fates.
 *
 * @example
 * ```ts
 * const webhook: EmulatorWebhookOptions = { url: 'http://127.0.0.1:8080/webhook', appSecret: 'shh', verifyToken: 'tok', dropRate: 0.2, duplicateRate: 0.1, maxDelayMs: 50 };
 * ```
 */
export interface EmulatorWebhookOptions {
  /** The callback url: `http://` on loopback. */
  readonly url: string;
  /** Signs every body (`X-Hub-Signature-256`). */
  readonly appSecret: string;
  /** Sent in the handshake, which `startEmulator` runs first (it rejects if the callback does not answer the challenge). */
  readonly verifyToken: string;
  /** Share of events never sent, 0 to 1. Default 0. */
  readonly dropRate?: number;
  /** Share of events sent twice, 0 to 1. Default 0. */
  readonly duplicateRate?: number;
  /** Each copy waits a random 0..maxDelayMs before it is posted, so events overtake each other. Default 0 (at once, in order). */
  readonly maxDelayMs?: number;
  /** Retries of a post not answered 2xx (a refused connection too). Default 3. */
  readonly retries?: number;
  /** Wait before the first retry, doubled for each next one, in ms. Default 1000. */
  readonly retryDelayMs?: number;
  /** Seed of the fates; default the emulator's `seed`. */
  readonly seed?: number;
}

/**
 * What happened to the webhook of one mutation.
 *
 * @example
 * ```ts
 * const lost = emulator.webhooks?.deliveries.filter((d: WebhookDeliveryRecord) => d.fate === 'dropped') ?? [];
 * ```
 */
export interface WebhookDeliveryRecord {
  /** 1-based, in the order of the mutations. */
  readonly seq: number;
  /** `message` (from a person, new threads too), `echo` (a Page reply), `read`. */
  readonly kind: WebhookMutation;
  readonly pageId: string;
  readonly threadId: string;
  /** How many copies were posted: 0 (dropped), 1, or 2 (duplicated). */
  readonly copies: number;
  /** `pending` until answered 2xx (`delivered`), given up after the retries (`failed`), or never sent (`dropped`). */
  readonly fate: 'pending' | 'delivered' | 'dropped' | 'failed';
  /** Posts made, retries included. */
  readonly attempts: number;
  /** The status of each post (0: no connection). */
  readonly statuses: readonly number[];
  /** `performance.now()` when the first copy was posted. */
  readonly firstPostedAt: number | undefined;
  /** `performance.now()` when a copy was first answered 2xx. */
  readonly deliveredAt: number | undefined;
}

/**
 * The emulator's webhook side, when `startEmulator({ webhook })` turned it on.
 *
 * @example
 * ```ts
 * emulator.addMessage('1001', threadId, { text: 'Hi' });
 * await emulator.webhooks?.idle();
 * console.log(emulator.webhooks?.deliveries.at(-1)?.fate); // 'delivered'
 * ```
 */
export interface EmulatorWebhooks {
  /** One record per mutation that made an event, in order (copies of the current state). */
  readonly deliveries: readonly WebhookDeliveryRecord[];
  /** Resolves once no delivery is pending (each answered 2xx, given up, or dropped). */
  idle(): Promise<void>;
}
