// The PageLog semantics of the commit script, in memory and synchronous, for virtual-time tests.
import type { PollSnapshot } from '../../src/polling/snapshot';
import type { ChangeEntry } from '../../src/workers/changeEntry';
import type { PageLog } from '../../src/workers/pageLog';

export interface LoggedEntry extends ChangeEntry {
  readonly pageId: string;
  readonly version: number;
}

export function memoryPageLog() {
  const pages = new Map<string, { version: number; snapshot: PollSnapshot; poll: string }>();
  const stream: LoggedEntry[] = [];
  const log: PageLog = {
    load: (pageId) => {
      const saved = pages.get(pageId);
      return saved === undefined ? undefined : { version: saved.version, snapshot: saved.snapshot };
    },
    commit: (pageId, { expectedVersion, snapshot, changes, pollId }) => {
      const saved = pages.get(pageId);
      const version = saved?.version ?? 0;
      if (saved?.poll === pollId) return { result: 'replayed', version };
      if (version !== expectedVersion) return { result: 'stale', version };
      pages.set(pageId, { version: version + 1, snapshot: JSON.parse(JSON.stringify(snapshot)) as PollSnapshot, poll: pollId });
      for (const change of changes) stream.push({ ...change, pageId, version: version + 1 });
      return { result: 'committed', version: version + 1 };
    },
  };
  return { log, stream, pages };
}
