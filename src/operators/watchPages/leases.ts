/**
 * Who polls which Page: time-limited leases and a worker registry with heartbeats, so
 * workers share the Pages and take over those of a worker that died.
 */

/**
 * Leases on Pages and a registry of live workers, shared by every worker that runs
 * `watchPages` over the same Pages. A lease expires `ttlMs` after it was last taken or
 * renewed, so the Pages of a worker that died are free again after at most `ttlMs`; a
 * worker counts as live while its heartbeat is younger than `ttlMs`. Leases decide who
 * polls; they are not the fence (a paused worker may outlive its lease): the
 * compare-and-set of the snapshot store is. `memoryPageLeases()` is the in-process
 * implementation; `redisPageLeases` from `rx-graph-conversations/redis` the shared one.
 *
 * @example
 * ```ts
 * const leases: PageLeases = memoryPageLeases('worker-1');
 * const live = await leases.heartbeat(10_000); // 1
 * if (await leases.acquire('1001', 10_000)) console.log('worker-1 polls 1001');
 * ```
 */
export interface PageLeases {
  /** This worker's id, unique among the workers sharing the leases. */
  readonly workerId: string;
  /** Registers this worker (or refreshes its registration) for `ttlMs`; resolves the number of live workers, this one included. */
  heartbeat(ttlMs: number): Promise<number>;
  /** Takes the Page's lease for `ttlMs` if it is free, or renews it if this worker holds it; resolves whether this worker holds it now. */
  acquire(pageId: string, ttlMs: number): Promise<boolean>;
  /** Gives the Page's lease up, if this worker holds it. */
  release(pageId: string): Promise<void>;
  /** Unregisters this worker, so the others re-balance at once rather than after its heartbeat expires. */
  leave(): Promise<void>;
}

/**
 * {@link PageLeases} in memory, from {@link memoryPageLeases}: one worker's view, and a
 * way to add workers on the same leases.
 *
 * @example
 * ```ts
 * const leases: MemoryPageLeases = memoryPageLeases('a');
 * const other: PageLeases = leases.join('b');
 * ```
 */
export interface MemoryPageLeases extends PageLeases {
  /** Another worker, `workerId`, on the same leases and registry. */
  join(workerId: string): MemoryPageLeases;
}

/**
 * In-memory {@link PageLeases} for one process. `join(workerId)` gives another worker on
 * the same leases, e.g. to run several `watchPages` in one process or in tests.
 *
 * @example
 * ```ts
 * const first = memoryPageLeases('a');
 * const second = first.join('b');
 * await first.heartbeat(5_000);
 * await second.heartbeat(5_000); // 2: each watchPages now claims half of the Pages
 * ```
 *
 * @param workerId - this worker's id; default `local`.
 * @param now - the clock, in ms; default `Date.now`.
 * @returns the leases of that worker, with `join` for more workers.
 */
export function memoryPageLeases(workerId = 'local', now: () => number = Date.now): MemoryPageLeases {
  const owners = new Map<string, { owner: string; until: number }>();
  const workers = new Map<string, number>();
  const make = (id: string): MemoryPageLeases => ({
    workerId: id,
    join: (other) => make(other),
    heartbeat: (ttlMs) => {
      const at = now();
      workers.set(id, at + ttlMs);
      for (const [worker, until] of workers) if (until <= at) workers.delete(worker);
      return Promise.resolve(workers.size);
    },
    acquire: (pageId, ttlMs) => {
      const at = now();
      const held = owners.get(pageId);
      if (held !== undefined && held.until > at && held.owner !== id) return Promise.resolve(false);
      owners.set(pageId, { owner: id, until: at + ttlMs });
      return Promise.resolve(true);
    },
    release: (pageId) => {
      if (owners.get(pageId)?.owner === id) owners.delete(pageId);
      return Promise.resolve();
    },
    leave: () => {
      workers.delete(id);
      return Promise.resolve();
    },
  });
  return make(workerId);
}
