/**
 * The port a consumer reads through, and its Redis implementation on a consumer group:
 * own pending entries first (`XREADGROUP ... 0`), entries a dead consumer left
 * (`XAUTOCLAIM`), new entries (`XREADGROUP ... >` with `BLOCK`), `XACK`.
 */
import type { Answer } from '../polling/answer';
import type { RedisClient } from '../redis/client';
import type { EntryFields } from './changeEntry';

/** A stream entry as read; `fields` is `undefined` for an entry trimmed from the stream while pending. */
export interface RawEntry {
  readonly entryId: string;
  readonly fields: EntryFields | undefined;
}

/** Reads of one consumer; each answers one batch (empty: nothing there now). */
export interface ChangeFeed {
  /** The next batch of this consumer's own entries delivered before and never acked (it restarted); empty once all were read. */
  pending(): Answer<readonly RawEntry[]>;
  /** Entries other consumers left unacked past the idle time, now this consumer's. */
  claim(): Answer<readonly RawEntry[]>;
  /** New entries, waiting a bounded time for some. */
  next(): Answer<readonly RawEntry[]>;
  /** Marks an entry handled by the group. */
  ack(entryId: string): Answer<unknown>;
}

// -------------------------------------------------------------------------------------
// Redis
// -------------------------------------------------------------------------------------

/** What `redisChangeFeed` needs to know. */
export interface FeedSettings {
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly batchSize: number;
  readonly blockMs: number;
  readonly claimIdleMs: number;
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((item) => typeof item === 'string');

/** `[[id, [field, value, ...] | null], ...]` as Redis answers it, read without trusting it. */
function readEntries(value: unknown): RawEntry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item): RawEntry[] => {
    if (!Array.isArray(item) || typeof item[0] !== 'string') return [];
    const fields: unknown = item[1];
    return [{ entryId: item[0], fields: isStringArray(fields) ? fields : undefined }];
  });
}

/** XREADGROUP's answer: `[[stream, entries]]`, or null when BLOCK ran out. */
function readGroupAnswer(value: unknown): RawEntry[] {
  if (!Array.isArray(value)) return [];
  const first: unknown = value[0];
  return Array.isArray(first) ? readEntries(first[1]) : [];
}

/**
 * Creates the group if it does not exist (from `startId`), then reads for `consumer`.
 * `reader` runs the blocking reads: a connection of its own, so that `XACK` and the
 * workers' commands are not queued behind a `BLOCK`.
 */
export async function redisChangeFeed(client: RedisClient, reader: RedisClient, settings: FeedSettings, startId: string): Promise<ChangeFeed> {
  const { stream, group, consumer, batchSize } = settings;
  try {
    await client.call('XGROUP', 'CREATE', stream, group, startId, 'MKSTREAM');
  } catch (error) {
    if (!(error instanceof Error && error.message.includes('BUSYGROUP'))) throw error;
  }
  let pendingFrom = '0';
  let claimFrom = '0-0';
  return {
    pending: async () => {
      const batch = readGroupAnswer(await reader.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', batchSize, 'STREAMS', stream, pendingFrom));
      const last = batch.at(-1);
      if (last !== undefined) pendingFrom = last.entryId;
      return batch;
    },
    claim: async () => {
      const answer = await client.call('XAUTOCLAIM', stream, group, consumer, settings.claimIdleMs, claimFrom, 'COUNT', batchSize);
      const [next, entries] = Array.isArray(answer) ? answer : [];
      claimFrom = typeof next === 'string' ? next : '0-0';
      return readEntries(entries);
    },
    next: async () => readGroupAnswer(await reader.call('XREADGROUP', 'GROUP', group, consumer, 'COUNT', batchSize, 'BLOCK', settings.blockMs, 'STREAMS', stream, '>')),
    ack: (entryId) => client.call('XACK', stream, group, entryId),
  };
}
