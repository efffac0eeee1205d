/** Where the workers keep things in Redis: one place for every key name. */
import { DEFAULT_PREFIX } from '../redis/client';

/**
 * Key names shared by the workers, the consumers and `requestPoll`. Every process of one
 * app must use the same `prefix`. On Redis Cluster, put a hash tag in it
 * (`'{inbox}:'`): the commit script touches a Page's snapshot and the stream at once,
 * and every key of one script must live in one slot.
 *
 * @example
 * ```ts
 * const keys: WorkerKeysOptions = { prefix: '{inbox}:' };
 * ```
 */
export interface WorkerKeysOptions {
  /** Prefix of our keys and of BullMQ's; default `rxgc:`. */
  readonly prefix?: string;
}

/** The names derived from a prefix. */
export function workerKeys(options: WorkerKeysOptions = {}) {
  const prefix = options.prefix ?? DEFAULT_PREFIX;
  return {
    prefix,
    snapshot: (pageId: string) => `${prefix}snapshot:${pageId}`,
    stream: `${prefix}changes`,
    /** BullMQ's prefix: its keys are `{prefix}bull:{queue}:...`. */
    bullPrefix: `${prefix}bull`,
    queue: 'polls',
  } as const;
}
