/** The {@link PageLog} in Redis: the snapshot hashes and the change stream. */
import { redisPageSnapshotStore } from '../redis/snapshotStore';
import { run, type RedisClient } from '../redis/client';
import { workerKeys, type WorkerKeysOptions } from './keys';
import type { CommitReply, PageLog } from './pageLog';
import { COMMIT_POLL } from './scripts';

const RESULTS = { 0: 'stale', 1: 'committed', 2: 'replayed' } as const;

function readReply(reply: unknown): CommitReply {
  if (Array.isArray(reply) && reply.length === 2) {
    const [code, version] = reply.map(Number);
    if ((code === 0 || code === 1 || code === 2) && version !== undefined && Number.isSafeInteger(version)) return { result: RESULTS[code], version };
  }
  throw new Error(`commit script: unexpected reply ${JSON.stringify(reply)}`);
}

/** Loads with `redisPageSnapshotStore` (same hashes), commits with one script. */
export function redisPageLog(client: RedisClient, options: WorkerKeysOptions = {}): PageLog {
  const keys = workerKeys(options);
  const snapshots = redisPageSnapshotStore(client, { prefix: keys.prefix });
  return {
    load: (pageId) => snapshots.load(pageId),
    commit: async (pageId, commit) => {
      const pairs = commit.changes.flatMap((entry) => [entry.id, entry.json]);
      const args = [commit.expectedVersion, JSON.stringify(commit.snapshot), commit.pollId, pageId, ...pairs];
      return readReply(await run(client, COMMIT_POLL, [keys.snapshot(pageId), keys.stream], args));
    },
  };
}
